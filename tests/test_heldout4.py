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

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

if __name__ == "__main__":  # run as a script: this checkout's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.pipeline import extract_paths
from extract.rules import load_rules

HERE = Path(__file__).parent / "fixtures" / "heldout4"
GOLD = {k: v for k, v in json.loads((HERE / "expected.json").read_text(encoding="utf-8")).items()
        if not k.startswith("_")}
XFAIL: dict[str, str] = {  # file -> why it is expected to fail (strict xfail)
}


def _num(v):
    return int(v) if v is not None and float(v).is_integer() else v


def observed(name: str) -> list[dict]:
    """The extractor's output for one file, in the shape of the gold."""
    docs = extract_paths([HERE / name]).documents
    index = {d.id: i for i, d in enumerate(docs)}
    out = []
    for d in docs:
        tasks = [[t.id, t.section, t.title, [r.name for r in t.lead], [r.name for r in t.participants],
                  [r.name for r in t.responsible],
                  [[_num(x.value), x.unit, x.comparator, x.year] for x in t.targets]] for t in d.tasks]
        indicators = [[x.indicator, _num(x.value), x.unit, x.comparator, x.year]
                      for x in getattr(d, "targets", [])]
        out.append({"title": d.title, "kind": d.kind, "jurisdiction": d.jurisdiction,
                    "part_of": index.get(d.part_of) if d.part_of else None,
                    "indicators": indicators, "tasks": tasks})
    return out


def suzhou_ids(name: str) -> list[str]:
    """Ids of Suzhou's gazetteer (districts, departments) found in a file of another region."""
    out = []
    for d in extract_paths([HERE / name]).documents:
        for m in (*d.districts, *d.platforms):
            if m.id and (m.id.startswith("district.") or "suzhou" in m.id):
                out.append(m.id)
        for t in d.tasks:
            for r in (*t.lead, *t.participants, *t.responsible):
                if r.id and r.id.startswith("suzhou"):
                    out.append(r.id)
    return out


def _case(name):
    if name in XFAIL:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=XFAIL[name]))
    return name


@pytest.mark.parametrize("name", [_case(n) for n in sorted(GOLD)])
def test_heldout4(name):
    assert (observed(name), suzhou_ids(name)) == (GOLD[name], [])


_RULES = load_rules("assignments.yaml")


@pytest.mark.parametrize("case", _RULES["level_item"]["examples"] + _RULES["level_item"]["counterexamples"])
def test_level_item_rule(case):
    from extract.assignments import parse_cell
    cell, names = case
    assert [n for n, _ in parse_cell(cell, 0, "responsible").responsible] == names


@pytest.mark.parametrize("case", _RULES["scoped"]["examples"] + _RULES["scoped"]["counterexamples"])
def test_scoped_assignment_rule(case):
    from extract.assignments import find_scoped
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
    from extract.readers_html import _table_text
    from bs4 import BeautifulSoup
    table = BeautifulSoup("<table><tr><td>a</td><td>省发展改革委<br>省财政厅</td></tr>"
                          "<tr><td>b</td><td>推进改造。<br>到2026年完成</td></tr></table>", "lxml").table
    assert _table_text(table).splitlines()[0].count("省发展改革委；省财政厅") == 1
    text = "某省任务清单\n\n| 序号 | 任务名称 | 具体内容 | 牵头单位 |\n| --- | --- | --- | --- |\n| 1 | 优化服务 | 时间控制在80小时以内 | 省税务局 |\n"
    t = extract_text(text)[0].tasks[0]
    assert (t.title, t.text, [(x.value, x.unit) for x in t.targets]) == ("优化服务", "优化服务\n时间控制在80小时以内", [(80, "小时")])


def test_title_only_document_is_one_document_without_tasks():
    from extract.pipeline import extract_text
    text = (HERE / "title_only.txt").read_text(encoding="utf-8")
    docs = extract_text(text, "title_only.txt")
    assert [(d.title, len(d.tasks), [w.code for w in d.warnings]) for d in docs] == [
        ("吉林省应急管理厅关于做好冬季安全生产工作的通知", 0, ["no-structure"])]
    skipped = extract_paths([HERE / "title_only.txt"]).skipped
    assert [(Path(s.path).name, s.reason) for s in skipped] == [
        ("title_only.txt", "no recognizable structure (no numbered items, no assignments)")]


FIELDS = ("doc", "task", "section", "title", "lead", "participants", "responsible", "targets", "indicators")


def _items(docs, fname) -> dict[str, Counter]:
    c = {f: Counter() for f in FIELDS}
    for i, d in enumerate(docs):
        c["doc"][(fname, d["title"], d["kind"], d["jurisdiction"], d["part_of"])] += 1
        for x in d["indicators"]:
            c["indicators"][(fname, i, *x)] += 1
        for t in d["tasks"]:
            c["task"][(fname, i, t[0])] += 1
            c["section"][(fname, i, t[0], t[1])] += 1
            c["title"][(fname, i, t[0], t[2])] += 1
            for f, k in (("lead", 3), ("participants", 4), ("responsible", 5)):
                for n in t[k]:
                    c[f][(fname, i, t[0], n)] += 1
            for x in t[6]:
                c["targets"][(fname, i, t[0], *x)] += 1
    return c


def scores() -> dict[str, tuple[int, int, int]]:
    """Per field: (true positives, predicted, gold) over all files, multisets."""
    out = {f: [0, 0, 0] for f in FIELDS}
    for name in sorted(GOLD):
        g, p = _items(GOLD[name], name), _items(observed(name), name)
        for f in FIELDS:
            out[f][0] += sum((g[f] & p[f]).values())
            out[f][1] += sum(p[f].values())
            out[f][2] += sum(g[f].values())
    return {f: tuple(v) for f, v in out.items()}


if __name__ == "__main__":
    for name in sorted(GOLD):
        ok = observed(name) == GOLD[name] and not suzhou_ids(name)
        print(("PASS " if ok else "FAIL ") + name)
    for f, (tp, pred, gold) in scores().items():
        print(f"{f:13s} P={tp}/{pred}={tp / pred if pred else 0:.2f} R={tp}/{gold}={tp / gold if gold else 0:.2f}")
