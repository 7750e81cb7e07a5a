"""CPU of the store's side of a build: pyoxigraph's bulk load of the spool and the compaction, by part size and IRI checks.

    python bench/bench_load.py --copies 100 --rounds 3 --parts 250000,500000 --out load-h12k

Builds ``--copies`` copies of the sample (:mod:`bench.scale_corpus`) once with this checkout and
keeps the spool the build loaded (its N-Triples lines, in order); then, for each round and each
variant in turn (alternately, so the machine's load weighs on all alike), loads those lines in a
subprocess into a fresh on-disk store the way :func:`graph.store.build_store` does: cut into parts
of ``--parts`` triples, one ``bulk_load`` per part, strict or ``lenient`` (IRIs not checked), then
``flush`` and ``optimize`` (the compaction).  Each figure is the process CPU time (user + system,
every thread: the parser, pyoxigraph's loader threads, RocksDB's compactions) of the load and of the
compaction, the least over the rounds, and the peak RSS of the subprocess (``VmHWM``).

Writes bench/results/load.md (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402
from bench.scale_corpus import write_corpus  # noqa: E402


def keep_spool(corpus: Path, data: Path, into: Path) -> int:
    """Build ``corpus`` into ``data`` and copy each part of its spool into ``into/lines.nt`` (one file);
    returns the triples stored."""
    import graph.pipeline as gp

    ready = gp._Spool.ready
    with open(into / "lines.nt", "wb") as out:
        def keep(self, unlink=False):
            for part in ready(self, unlink=False):
                out.write(part.read_bytes())
                yield part

        gp._Spool.ready = keep
        try:
            return gp.build_corpus([corpus], data).triples
        finally:
            gp._Spool.ready = ready


def measure(lines: Path, part: int, lenient: bool, work: Path) -> dict:
    """Load ``lines`` in parts of ``part`` triples into a fresh store in ``work``, then compact it."""
    import pyoxigraph as ox

    def cpu() -> float:
        use = resource.getrusage(resource.RUSAGE_SELF)
        return use.ru_utime + use.ru_stime

    parts, n, fh = [], part, None
    with open(lines, "rb") as src:
        for line in src:
            if n >= part:
                if fh:
                    fh.close()
                parts.append(work / f"part-{len(parts):03d}.nt")
                fh, n = open(parts[-1], "wb"), 0
            fh.write(line)
            n += 1
    fh.close()
    store = ox.Store(str(work / "store"))
    start = cpu()
    for path in parts:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, lenient=lenient)
    store.flush()
    loaded = cpu()
    store.optimize()
    done = cpu()
    return {"load": loaded - start, "compact": done - loaded, "parts": len(parts), "triples": len(store),
            "rss": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak RSS (``VmHWM``: since its ``exec``, unlike ``ru_maxrss``, which a child
    inherits from the process it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--parts", default="250000,500000", help="comma-separated part sizes (triples)")
    ap.add_argument("--out", default="load")
    ap.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)  # in the subprocess: lines, part, lenient
    args = ap.parse_args()
    if args.measure:
        lines, part, lenient = args.measure
        with tempfile.TemporaryDirectory(prefix="pkg-load-") as work:
            print(json.dumps(measure(Path(lines), int(part), lenient == "1", Path(work))))
        return
    variants = [(int(p), lenient) for p in args.parts.split(",") for lenient in (False, True)]
    best: dict[tuple, dict] = {}
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="pkg-load-") as tmp:
        tmp = Path(tmp)
        write_corpus(tmp / "corpus", args.copies)
        triples = keep_spool(tmp / "corpus", tmp / "data", tmp)
        shutil.rmtree(tmp / "data")
        for _ in range(args.rounds):
            for part, lenient in variants:
                loads.append(float(Path("/proc/loadavg").read_text().split()[0]))
                res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", str(tmp / "lines.nt"),
                                      str(part), "1" if lenient else "0"], capture_output=True, text=True,
                                     env=dict(os.environ, PYTHONPATH=str(ROOT)))
                if res.returncode != 0:
                    raise SystemExit(f"the measure failed:\n{res.stderr[-3000:]}")
                got = json.loads(res.stdout.strip().splitlines()[-1])
                assert got["triples"] == triples, (got, triples)
                print(part, lenient, got, flush=True)
                mine = best.setdefault((part, lenient), got)
                for k in ("load", "compact", "rss"):
                    mine[k] = min(mine[k], got[k])
    rows = ["| parts of (triples) | IRIs | parts | load, s of CPU | compaction, s of CPU | both, ms a copy | peak RSS |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for (part, lenient), got in best.items():
        rows.append(f"| {part:,} | {'not checked (lenient)' if lenient else 'checked'} | {got['parts']} | {got['load']:.2f} | "
                    f"{got['compact']:.2f} | {1000 * (got['load'] + got['compact']) / args.copies:.1f} | {got['rss']:.0f} MB |")
    command = "python bench/bench_load.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    text = "\n".join([f"Command: `{command}`", "",
                      f"Machine: {os.cpu_count()} cores (shared with other jobs), "
                      f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; 1-minute load average {min(loads):.1f}–{max(loads):.1f}. "
                      f"{args.copies} copies of the sample, {triples:,} triples; the least of {args.rounds} rounds, "
                      "variants alternately; CPU of the whole subprocess (parser, loader threads, RocksDB).", "",
                      *rows]) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
