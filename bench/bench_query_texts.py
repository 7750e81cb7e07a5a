"""The named queries of two checkouts on one store, alternately: the fairest before/after on a shared machine.

    python bench/bench_query_texts.py --data D --before DIR [--repeat 3] [--out NAME]

The README's quick-start query and every gallery query (``graph/examples/*.rq``)
are read from the checkout ``--before`` (e.g. a worktree of the earlier commit)
and from this one; each pair runs on the embedded store of ``--data``
(pyoxigraph read-only), the old text then the new one, ``--repeat`` times, so
both see the same machine state.  Prints and writes bench/results/<out>.md with
the rows, the medians and the load average before and after.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402


def named(root: Path) -> dict[str, str]:
    """The README's query, then the gallery by name, as written in the checkout ``root``."""
    readme = re.search(r"--data-urlencode query='\n(.*?)'\n", (root / "README.md").read_text(encoding="utf-8"),
                       re.S).group(1)
    out = {"README: tasks involving 市科技局": readme}
    for path in sorted((root / "graph" / "examples").glob("*.rq")):
        out[path.stem] = path.read_text(encoding="utf-8")
    return out


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--before", type=Path, required=True, help="the checkout whose query texts are 'before'")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default="query-texts")
    args = ap.parse_args(argv)
    import pyoxigraph as ox

    old, new = named(args.before), named(ROOT)
    store = ox.Store.read_only(str((args.data / "store").resolve()))

    def run(query: str) -> tuple[float, int]:
        t = time.perf_counter()
        n = len(list(store.query(query)))
        return time.perf_counter() - t, n

    load = [Path("/proc/loadavg").read_text().split()[0]]
    lines = ["| query | rows | before (old text) | after (new text) |", "| --- | --- | --- | --- |"]
    for name in new:
        a, b, rows_a, rows_b = [], [], 0, 0
        for _ in range(args.repeat):
            t, rows_a = run(old.get(name, new[name]))
            a.append(t)
            t, rows_b = run(new[name])
            b.append(t)
        rows = f"{rows_b:,}" + ("" if rows_a == rows_b else f" (before: {rows_a:,})")
        same = " (same text)" if old.get(name) == new[name] else ""
        lines.append(f"| {name}{same} | {rows} | {_fmt(statistics.median(a))} | {_fmt(statistics.median(b))} |")
        print(lines[-1], flush=True)
    load.append(Path("/proc/loadavg").read_text().split()[0])
    command = "python bench/bench_query_texts.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = (f"Command: `{command}`\n\nStore: {args.data} ({len(store):,} triples), embedded, median of "
            f"{args.repeat}, old and new text alternately. Load average: {load[0]} → {load[1]} (2 cores, shared).\n\n"
            + "\n".join(lines) + "\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
