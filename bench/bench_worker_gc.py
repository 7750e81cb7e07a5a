"""CPU a pool worker spends in the cyclic garbage collector per copy of the sample, with Python's
thresholds and with the build's (:data:`graph.engines.WORKER_GC_THRESHOLDS`).

    python bench/bench_worker_gc.py --copies 8 --rounds 2

Writes ``--copies`` + 1 varied copies (:mod:`bench.scale_corpus`); each round runs, alternately, a
subprocess per setting that makes every copy as a worker does (:func:`graph.parts.file_part`, then
:func:`graph.file_checks.check_lines`), the first copy only warming the rules, and times each
collection with ``gc.callbacks`` (``time.process_time``).  Writes bench/results/worker-gc.md (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402
from bench.scale_corpus import write_corpus  # noqa: E402


def measure(corpus: Path, setting: str) -> dict:
    import gc

    from extract.pipeline import plan_files
    from graph.engines import WORKER_GC_THRESHOLDS
    from graph.file_checks import check_lines
    from graph.parts import file_part

    plan = plan_files([corpus])
    file_part(plan[0])
    if setting == "build":
        gc.set_threshold(*WORKER_GC_THRESHOLDS)
    seen = {"n": 0, "cpu": 0.0, "full": 0}
    began = [0.0]

    def clock(phase, info):
        if phase == "start":
            began[0] = time.process_time()
        else:
            seen["n"] += 1
            seen["full"] += info["generation"] == 2
            seen["cpu"] += time.process_time() - began[0]

    gc.callbacks.append(clock)
    start = time.process_time()
    for item in plan[1:]:
        _, fg, _ = file_part(item)
        check_lines(fg.ntriples + fg.shared)
    total = time.process_time() - start
    copies = len(plan) - 1
    return {"gc_ms": seen["cpu"] / copies * 1000, "collections": seen["n"] / copies,
            "full": seen["full"] / copies, "total_ms": total / copies * 1000, "thresholds": list(gc.get_threshold())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", default="worker-gc")
    ap.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # in the subprocess: corpus, setting
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1])))
        return
    rows: dict[str, list] = {"python": [], "build": []}
    with tempfile.TemporaryDirectory(prefix="pkg-gc-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.copies + 1)
        for _ in range(args.rounds):
            for setting in rows:
                load = os.getloadavg()[0]
                done = subprocess.run([sys.executable, __file__, "--measure", str(corpus), setting],
                                      capture_output=True, text=True, check=True, cwd=ROOT)
                rows[setting].append({**json.loads(done.stdout.splitlines()[-1]), "load": load})
                print(setting, rows[setting][-1], flush=True)
    lines = ["# The cyclic garbage collector in a pool worker", "",
             f"Command: `python bench/bench_worker_gc.py --copies {args.copies} --rounds {args.rounds}`", "",
             f"Machine: 2 cores (shared with other jobs), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
             f"{args.copies} copies of the sample per run, per copy; runs alternately.", "",
             "| thresholds | run | 1-min load | collections | of them full | GC CPU ms | worker CPU ms (extraction, mapping, checks, part) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for setting, runs in rows.items():
        for i, r in enumerate(runs, 1):
            lines.append(f"| {setting} {tuple(r['thresholds'])} | {i} | {r['load']:.1f} | {r['collections']:.1f} | "
                         f"{r['full']:.2f} | {r['gc_ms']:.1f} | {r['total_ms']:.1f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
