"""Extraction speed: warm time on the sample and throughput on a large corpus.

    python bench/bench_extract.py [--repeat 20] [--scale 30]

Prints a Markdown table (and writes bench/results/extract.md).  The large
corpus is the sample repeated ``--scale`` times (documents renumbered by the
repetition), so the text has the sample's density of tasks and assignments.
Cold start (jieba's dictionary, rule compilation) is reported separately:
it is paid once per process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import report  # noqa: E402
from extract.pipeline import extract_text  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--scale", type=int, default=30)
    args = ap.parse_args()
    text = (ROOT / "data" / "suzhou_2022_01.md").read_text(encoding="utf-8")
    t0 = time.perf_counter()
    docs = extract_text(text, "sample.md")
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        extract_text(text, "sample.md")
        warm.append(time.perf_counter() - t0)
    big = text * args.scale
    mb = len(big.encode("utf-8")) / 1e6
    t0 = time.perf_counter()
    big_docs = extract_text(big, "big.md")
    big_s = time.perf_counter() - t0
    real_mb, real_s, real_tasks = _real_corpus(args.repeat)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("sample size", f"{len(text):,} chars, {len(text.encode()) / 1e3:.0f} kB, "
                        f"{sum(len(d.tasks) for d in docs)} tasks"),
        ("cold first run (incl. rule loading)", f"{cold * 1000:.0f} ms"),
        (f"warm, median of {args.repeat}", f"{statistics.median(warm) * 1000:.0f} ms"),
        (f"warm, best of {args.repeat}", f"{min(warm) * 1000:.0f} ms"),
        (f"large corpus ({args.scale}× sample)", f"{mb:.1f} MB, {sum(len(d.tasks) for d in big_docs)} tasks "
                                                  f"in {big_s:.2f} s = {mb / big_s:.2f} MB/s"),
        (f"real documents (tests/fixtures/real*, {real_tasks} tasks), best of {args.repeat}",
         f"{real_mb:.2f} MB in {real_s:.2f} s = {real_mb / real_s:.2f} MB/s"),
        ("peak RSS", f"{rss:.0f} MB"),
    ]
    report("extract", f"python bench/bench_extract.py --repeat {args.repeat} --scale {args.scale}", rows)

def _real_corpus(repeat: int) -> tuple[float, float, int]:
    """(MB, best seconds, tasks) for extracting every real published document
    of the test fixtures once (crawled layouts: lost line breaks, HTML tables)."""
    texts = [(p.name, p.read_text(encoding="utf-8")) for folder in sorted((ROOT / "tests" / "fixtures").glob("real*"))
             for p in sorted(folder.glob("*.md")) if p.stem.islower()]
    mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    best, tasks = float("inf"), 0
    for _ in range(max(1, repeat // 4)):
        t0 = time.perf_counter()
        tasks = sum(len(d.tasks) for name, t in texts for d in extract_text(t, name))
        best = min(best, time.perf_counter() - t0)
    return mb, best, tasks


if __name__ == "__main__":
    main()
