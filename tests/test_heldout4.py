"""Fourth held-out extraction round: a provincial 十四五 plan with closing
"以上任务由…牵头" paragraphs, 实施方案 sub-items with and without their own
assignments, Markdown and HTML 清单 tables (multi-line cells, rowspan),
一是/第一 paragraphs, other provinces' department names, a ministry notice,
a title-and-paragraph document, numbering that skips and repeats.

``tests/fixtures/heldout4/make.py`` generates the files; ``expected.json``
(written by hand before the extractor ran) holds per file each document's
title, kind, jurisdiction, part_of (index of the parent in the file),
indicator-table rows and per task [id, section, title, lead, participants,
responsible, targets as (value, unit, comparator, year)].  Run this module
as a script to print per-field precision/recall.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if __name__ == "__main__":  # run as a script: this checkout's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.rules.loader import load_rules
from heldout_support import FIXTURES, cases, load_gold, observed, report, suzhou_ids

FOLDER = "heldout4"
GOLD = load_gold(FOLDER)
XFAIL: dict[str, str] = {  # file -> why it is expected to fail (strict xfail)
}


@pytest.mark.parametrize("name", cases(GOLD, XFAIL))
def test_heldout4(name):
    assert (observed(FOLDER, name, "full"), suzhou_ids(FOLDER, name)) == (GOLD[name], [])


_RULES = load_rules("assignments.yaml")


@pytest.mark.parametrize("case", _RULES["level_item"]["examples"] + _RULES["level_item"]["counterexamples"])
def test_level_item_rule(case):
    from extract.structure.assignments import parse_cell
    cell, names = case
    assert [n for n, _ in parse_cell(cell, 0, "responsible").responsible] == names


@pytest.mark.parametrize("case", _RULES["scoped"]["examples"] + _RULES["scoped"]["counterexamples"])
def test_scoped_assignment_rule(case):
    from extract.structure.assignments import find_scoped
    text, roles = (case, None) if isinstance(case, str) else case
    hit = find_scoped(text, 0, len(text))
    got = None if hit is None else {r: [n for n, _ in getattr(hit[1], r)]
                                    for r in ("lead", "participants", "responsible") if getattr(hit[1], r)}
    assert got == roles


def test_scoped_paragraph_assigns_only_its_own_section():
    from extract.pipeline import extract_text
    text = ("第一节 甲\n（一）任务一。\n（二）任务二。（省科技厅负责）\n（三）任务三。\n以上任务由省发展改革委牵头。\n"
            "第二节 乙\n（四）任务四。\n")
    tasks = extract_text(text)[0].tasks
    assert [(t.id, [r.name for r in t.lead], [r.name for r in t.responsible]) for t in tasks] == [
        ("一", ["省发展改革委"], []), ("二", [], ["省科技厅"]), ("三", ["省发展改革委"], []), ("四", [], [])]


def test_table_detail_column_gives_targets_and_html_br_separates_names():
    from extract.pipeline import extract_text
    from extract.readers.html import _table_text
    from bs4 import BeautifulSoup
    table = BeautifulSoup("<table><tr><td>a</td><td>省发展改革委<br>省财政厅</td></tr>"
                          "<tr><td>b</td><td>推进改造。<br>到2026年完成</td></tr></table>", "lxml").table
    assert _table_text(table).splitlines()[0].count("省发展改革委；省财政厅") == 1
    text = "某省任务清单\n\n| 序号 | 任务名称 | 具体内容 | 牵头单位 |\n| --- | --- | --- | --- |\n| 1 | 优化服务 | 时间控制在80小时以内 | 省税务局 |\n"
    t = extract_text(text)[0].tasks[0]
    assert (t.title, t.text, [(x.value, x.unit) for x in t.targets]) == ("优化服务", "优化服务\n时间控制在80小时以内", [(80, "小时")])


def test_title_only_document_is_one_document_without_tasks():
    from extract.pipeline import extract_paths, extract_text
    text = (FIXTURES / FOLDER / "title_only.txt").read_text(encoding="utf-8")
    docs = extract_text(text, "title_only.txt")
    assert [(d.title, len(d.tasks), [w.code for w in d.warnings]) for d in docs] == [
        ("吉林省应急管理厅关于做好冬季安全生产工作的通知", 0, ["no-structure"])]
    result = extract_paths([FIXTURES / FOLDER / "title_only.txt"])
    assert result.skipped == []  # kept as a document; its warning says why
    assert [(d.title, [w.code for w in d.warnings]) for d in result.documents] == [
        ("吉林省应急管理厅关于做好冬季安全生产工作的通知", ["no-structure"])]


if __name__ == "__main__":
    report(FOLDER, GOLD, "full")
