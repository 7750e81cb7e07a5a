"""Extraction speed on inputs built to defeat the real-document rules.

    python bench/bench_hostile.py [--size 1.0]

Each input is about ``--size`` MB of one pattern the newer readers scan for:
unclosed HTML tables, thousands of repeated table rows, a single line full of
inline numbering (the re-break rule), nested brackets, a carry-forward note
with thousands of units, glued table headers.  Then hostile files through the
readers: dense bracket-assigned tasks, a .docx of 50,000 cells, a zip bomb,
nested and unclosed HTML divs, PDFs whose fonts carry 65,536-code ToUnicode
maps (shared by every page, or one per page).  Prints MB/s per input (and
writes bench/results/hostile.md); the floor for any input is 0.2 MB/s + 2 s,
in CPU seconds (the machine is shared; wall time is shown too).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fuzz_corpus import cjk_pdf  # noqa: E402
from bench.hostile_inputs import dense_brackets, many_cells_docx, nested_divs, zip_bomb_docx  # noqa: E402
from bench.report import report  # noqa: E402
from extract.pipeline import extract_paths, extract_text  # noqa: E402

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


def _files(size: float) -> dict[str, tuple[str, bytes]]:
    """Hostile files for the readers (name -> (file name, bytes)): the issue's cases
    and the PDF cases fuzzing found."""
    page = [f"{i}.推进第{i}项工作，完善制度（市发改委牵头）" for i in range(1, 40)]
    return {
        "dense bracket-assigned tasks (.md)": ("dense.md", dense_brackets(size).encode()),
        "50,000 table cells (.docx)": ("cells.docx", many_cells_docx(50_000)),
        "256 KB zip bomb (.docx)": ("bomb.docx", zip_bomb_docx(256_000)),
        "8,000 nested divs, 40 KB (.html)": ("divs.html", nested_divs(8000)),
        "8,000 unclosed divs (.html)": ("open.html", nested_divs(8000, closed=False)),
        "200 pages sharing one 65,536-code font (.pdf)": ("fonts.pdf", cjk_pdf([page] * 200, full_map=True)),
        "40 pages, each with a 65,536-code font of its own (.pdf)": ("own.pdf", cjk_pdf([page] * 40, own_fonts=True,
                                                                                   full_map=True)),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=float, default=1.0, help="MB per input")
    args = ap.parse_args()
    extract_paths([ROOT / "tests" / "fixtures" / "formats" / "policy.pdf"])  # load pypdf and the rules first
    rows = []
    for name, unit in PATTERNS.items():
        text = _text(name, unit, args.size)
        mb = len(text.encode()) / 1e6
        t0, c0 = time.perf_counter(), time.process_time()
        extract_text(text, "hostile.md")
        s, wall = time.process_time() - c0, time.perf_counter() - t0
        rows.append((name, f"{mb:.2f} MB in {s:.2f} s CPU = {mb / s:.2f} MB/s ({wall:.2f} s wall)"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, (file_name, data) in _files(args.size).items():
            path = Path(tmp) / file_name
            path.write_bytes(data)
            t0, c0 = time.perf_counter(), time.process_time()
            result = extract_paths([path])
            s, wall = time.process_time() - c0, time.perf_counter() - t0
            mb = len(data) / 1e6
            floor = len(data) / 0.2e6 + 2
            what = (f"skipped: {result.skipped[0].reason}" if result.skipped
                    else f"{sum(len(d.tasks) for d in result.documents):,} tasks")
            rows.append((name, f"{mb:.3f} MB in {s:.2f} s CPU ({wall:.2f} s wall; the floor allows {floor:.1f} s); "
                               f"{what}"))
    report("hostile", f"python bench/bench_hostile.py --size {args.size}", rows)


if __name__ == "__main__":
    main()
