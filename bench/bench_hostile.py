"""Extraction speed on inputs built to defeat the real-document rules.

    python bench/bench_hostile.py [--size 1.0]

Each input is about ``--size`` MB of one pattern the newer readers scan for:
unclosed HTML tables, thousands of repeated table rows, a single line full of
inline numbering (the re-break rule), nested brackets, a carry-forward note
with thousands of units, glued table headers.  Prints MB/s per input (and
writes bench/results/hostile.md); the floor for any input is 0.2 MB/s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import report  # noqa: E402
from extract.pipeline import extract_text  # noqa: E402

PATTERNS = {
    "unclosed HTML tables": "<table><tr><td>序号</td><td>任务</td><td>牵头单位</td>",
    "repeated HTML table rows": "<table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr>"
                                "<tr><td>1</td><td>推进</td><td>市发改委</td></tr></table>\n",
    "inline numbering on one line": "。{n}.推进工作（市发改委牵头）",
    "paren-chinese markers": "（一）",
    "nested brackets": "（（（市发改委牵头）））",
    "carry-forward units": "市发改委、",
    "glued table headers": "序号工作任务责任单位时间进度1",
}


def _text(name: str, unit: str, size: float) -> str:
    if name == "carry-forward units":
        n = int(size * 1e6 / len(unit.encode()))
        return "（以下均需" + unit * n + "落实，不再列出）"
    if "{n}" in unit:
        out, total, i = [], 0, 0
        while total < size * 1e6:
            piece = unit.format(n=i % 50 + 1)
            out.append(piece)
            total += len(piece.encode())
            i += 1
        return "".join(out)
    return unit * max(1, int(size * 1e6 / len(unit.encode())))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=float, default=1.0, help="MB per input")
    args = ap.parse_args()
    rows = []
    for name, unit in PATTERNS.items():
        text = _text(name, unit, args.size)
        mb = len(text.encode()) / 1e6
        t0 = time.perf_counter()
        extract_text(text, "hostile.md")
        s = time.perf_counter() - t0
        rows.append((name, f"{mb:.2f} MB in {s:.2f} s = {mb / s:.2f} MB/s"))
    report("hostile", f"python bench/bench_hostile.py --size {args.size}", rows)


if __name__ == "__main__":
    main()
