"""What the build's ``answers (store)`` step costs on a built store: the gallery's answers written again.

    python bench/bench_keep_answers.py --data D [--threads 2] [--out NAME]

Runs :func:`graph.stored_answers.keep_all` (the gallery, ``--threads`` queries at a time, as the build
does) on the current generation of ``--data``, writing into a temporary directory (the store's own kept
answers are left alone); prints and writes bench/results/<out>.md with the wall time, each query's rows
and seconds, and the load average before and after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import keep, load_average  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="keep-answers")
    args = ap.parse_args(argv)
    import pyoxigraph as ox

    from graph import stored_answers as SA
    from graph.store_files import current_generation

    generation = current_generation(args.data)
    store = ox.Store.read_only(str(generation))
    load = [load_average()]
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        done = SA.keep_all(lambda q: SA.raw_result(store.query(q)), tmp, threads=args.threads)
        wall = time.perf_counter() - t
    load.append(load_average())
    lines = ["| query | rows | seconds (run and JSON written) |", "| --- | --- | --- |"]
    lines += [f"| {name} | {rows:,} | {sec:.2f} s |" for name, (rows, sec) in sorted(done.items())]
    command = "python bench/bench_keep_answers.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = (f"Command: `{command}`\n\nStore: {args.data} ({len(store):,} triples). The gallery's answers, "
            f"{args.threads} at a time: **{wall:.1f} s** of wall time. Load average: {load[0]} → {load[1]} "
            "(2 cores, shared).\n\n" + "\n".join(lines) + "\n")
    keep(args.out, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
