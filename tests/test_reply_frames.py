"""Reply letters (rule ``reply_frames``, h11a, session 32): the two 国务院办公厅 2004 reply letters of real_unseen39 are
stored as a whole gov.cn page of HTML inside a ``.md`` file, on one line, which the text reader does not render (the
extractor finds no numbered item in them as stored: 0.00 and 0.25 task F1).  Rendered as HTML (``html_to_text``,
what the reader gives an ``.html`` file), their items are found and the frames "X会同Y研究提出了办理意见：" /
"X意见：" / "X提出了以下意见：" give their units.  Floors against the gold, on the rendered text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import real_support  # noqa: E402

FLOORS = {  # task, dept (h11a: 0.71 / 0.70 and 0.96 / 0.92; the sub-items of 辽宁 三 and 六 inherit their frame)
    "nation_2004_liaoning_inspection_requests_reply": (0.70, 0.68),
    "nation_2004_sichuan_inspection_requests_reply": (0.94, 0.90),
}


def _rendered(doc_path: str):
    from extract.pipeline import extract_text
    from extract.readers.html import html_to_text

    text, _ = html_to_text(Path(doc_path).read_bytes(), doc_path)
    return text, extract_text(text, doc_path)


@pytest.mark.parametrize("stem", sorted(FLOORS))
def test_reply_letter_rendered_as_html(stem):
    sc = real_support.score_file("real_unseen39", ROOT / "fixtures" / "real_unseen39" / "gold" / f"{stem}.json", _rendered)
    task, dept = FLOORS[stem]
    assert sc.f1("task") >= task and sc.f1("dept") >= dept, (sc.f1("task"), sc.f1("dept"), sc.errors)
