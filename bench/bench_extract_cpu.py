"""Extraction speed in CPU time, this checkout against another, run alternately.

    python bench/bench_extract_cpu.py [--against DIR [--label NAME]] [--rounds 3] [--scale-corpus N] [--worker-gc]

Each round runs, in a fresh process per checkout, the real published documents of
``tests/fixtures/real*`` but the held-out sets (best of 4 passes) and the sample repeated 20 times (best
of 2), and reports MB per second of CPU time (``time.process_time``), which a
shared machine disturbs less than wall time.  Every pass is a first reading: what the extraction keeps
across documents (:func:`extract.memo.forget_all`, where the checkout has it) is forgotten before it.
``--worker-gc``: each process first sets the collector's thresholds a build's extraction runs under
(:data:`graph.engines.WORKER_GC_THRESHOLDS`, of the checkout measured), as a build's workers do.
``--scale-corpus N`` also times N varied copies of the sample (:mod:`bench.scale_corpus`, the corpus of
``bench/bench_scale.py``) read one after the other as a build's worker reads them, after two copies
that warm the rules (forgotten then), and reports the CPU milliseconds per copy.  ``--against`` names another checkout
of the project (for instance ``git worktree add /tmp/base main`` or an unpacked
``git archive``); its code runs on this checkout's files, alternating with this
one's, so both see the same minutes of load.  Prints a Markdown table and writes
``bench/results/extract-cpu.md`` (``--out NAME``: ``bench/results/NAME.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Sets still blind (tests/fixtures/BLIND_SETS.txt): never read.  Loaded by path, not imported, because the
#: child processes put another checkout first on sys.path.
HELD_OUT: tuple = runpy.run_path(str(Path(__file__).with_name("blind.py")))["held_out"]()


def measure(scale: int = 0, worker_gc: bool = False) -> dict:
    """One measurement of the code on ``sys.path`` over this checkout's files (child process)."""
    if worker_gc:
        import gc

        from graph.engines import WORKER_GC_THRESHOLDS
        gc.set_threshold(*WORKER_GC_THRESHOLDS)
    from extract import memo
    from extract.pipeline import extract_text

    forget = getattr(memo, "forget_all", memo.clear)  # (a checkout that keeps nothing across documents)

    texts = [(p.name, p.read_text(encoding="utf-8")) for folder in sorted((ROOT / "tests" / "fixtures").glob("real*"))
             if folder.name not in HELD_OUT for p in sorted(folder.glob("*.md")) if p.stem.islower()]
    real_mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    for name, t in texts:  # warm: rules compiled, caches filled
        extract_text(t, name)
    real = float("inf")
    for _ in range(4):
        forget()
        t0 = time.process_time()
        for name, t in texts:
            extract_text(t, name)
        real = min(real, time.process_time() - t0)
    big = (ROOT / "data" / "suzhou_2022_01.md").read_text(encoding="utf-8") * 20
    big_mb = len(big.encode("utf-8")) / 1e6
    sample = float("inf")
    for _ in range(2):
        forget()
        t0 = time.process_time()
        extract_text(big, "big.md")
        sample = min(sample, time.process_time() - t0)
    out = {"real_mb": real_mb, "real_s": real, "big_mb": big_mb, "big_s": sample}
    if scale:
        from bench.scale_corpus import SAMPLE, vary

        original = SAMPLE.read_text(encoding="utf-8")
        copies = [vary(original, i) for i in range(scale + 2)]
        for i, t in enumerate(copies[:2]):  # (rules compiled, lazily loaded ones too)
            extract_text(t, f"copy_{i}.md")
        forget()
        t0 = time.process_time()
        for i, t in enumerate(copies[2:], 2):
            extract_text(t, f"copy_{i}.md")
        out.update(scale_copies=scale, scale_s=time.process_time() - t0)
    return out


def _run(code_dir: Path, scale: int = 0, worker_gc: bool = False) -> dict:
    env = {**os.environ, "PYTHONPATH": f"{code_dir}{os.pathsep}{ROOT}"}  # (its code, this checkout's bench)
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--scale-corpus", str(scale)]
                         + ["--worker-gc"] * worker_gc,
                         env=env, cwd=code_dir, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", type=Path, help="another checkout of the project, run alternately")
    ap.add_argument("--label", default=None, help="how the other checkout is named in the table")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scale-corpus", type=int, default=0, metavar="N",
                    help="also time N varied copies of the sample (CPU ms per copy)")
    ap.add_argument("--out", default="extract-cpu", help="results file name (bench/results/<out>.md)")
    ap.add_argument("--worker-gc", action="store_true", help="the collector's thresholds of a build's extraction")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        for entry in reversed(os.environ.get("PYTHONPATH", str(ROOT)).split(os.pathsep)):
            sys.path.insert(0, entry)
        print(json.dumps(measure(args.scale_corpus, args.worker_gc)))
        return
    runs: dict[str, list[dict]] = {"this checkout": [], "against": []}
    for _ in range(args.rounds):
        if args.against:
            runs["against"].append(_run(args.against.resolve(), args.scale_corpus, args.worker_gc))
        runs["this checkout"].append(_run(ROOT, args.scale_corpus, args.worker_gc))
    rows = []
    for label, results in runs.items():
        if not results:
            continue
        real = [r["real_mb"] / r["real_s"] for r in results]
        big = [r["big_mb"] / r["big_s"] for r in results]
        name = label if label == "this checkout" else (args.label or str(args.against))
        name += " (build GC thresholds)" if args.worker_gc else ""
        rows.append((f"{name}: real documents ({results[0]['real_mb']:.2f} MB), CPU MB/s per round",
                     ", ".join(f"{x:.2f}" for x in real)))
        rows.append((f"{name}: 20× sample ({results[0]['big_mb']:.1f} MB), CPU MB/s per round",
                     ", ".join(f"{x:.2f}" for x in big)))
        if args.scale_corpus:
            rows.append((f"{name}: scale corpus ({args.scale_corpus} varied copies of the sample read in turn), "
                         "CPU ms per copy per round",
                         ", ".join(f"{r['scale_s'] / r['scale_copies'] * 1000:.1f}" for r in results)))
    cmd = "python bench/bench_extract_cpu.py" + (f" --against DIR --label '{args.label}'" if args.against else "") \
        + f" --rounds {args.rounds}" + (f" --scale-corpus {args.scale_corpus}" if args.scale_corpus else "") \
        + (" --worker-gc" if args.worker_gc else "") \
        + (f" --out {args.out}" if args.out != "extract-cpu" else "")
    from bench.report import load_average, report
    sys.path.insert(0, str(ROOT))
    rows.append(("load average (1 min) at the end", load_average()))
    report(args.out, cmd, rows)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
