"""Every example and counterexample in the clean-up, structure and assignment
rule files, plus the offset map and the numbering hierarchy."""

import re

import pytest

from extract.assignments import find_assignments, parse_assignment, states_first_is_lead
from extract.normalize import clean
from extract.rules import load_rules
from extract.structure import find_items

NORM = load_rules("normalize.yaml")
STRUCT = load_rules("structure.yaml")
ASSIGN = load_rules("assignments.yaml")


@pytest.mark.parametrize("raw,expected", NORM["join"]["examples"])
def test_join_examples(raw, expected):
    assert clean(raw).text == expected


@pytest.mark.parametrize("raw", NORM["join"]["counterexamples"])
def test_join_counterexamples_keep_their_break(raw):
    assert "\n" in clean(raw).text


@pytest.mark.parametrize("raw", NORM["number_spaces"]["examples"])
def test_number_space_examples(raw):
    assert " " not in clean(raw).text


@pytest.mark.parametrize("raw", NORM["number_spaces"]["counterexamples"])
def test_number_space_counterexamples(raw):
    assert clean(raw).text == raw


@pytest.mark.parametrize("raw", NORM["full_width"]["examples"])
def test_full_width_examples(raw):
    assert clean(raw).text != raw and len(clean(raw).text) == len(raw)


@pytest.mark.parametrize("raw", NORM["full_width"]["counterexamples"])
def test_full_width_counterexamples(raw):
    assert not set("（），；：") & set(clean(raw).text)


def test_offset_map_round_trips_every_kept_character():
    raw = "**7. 推进制造业**，到 2025 年比重达 4%（市工信局、市\n\n发改委牵头)"
    ct = clean(raw)
    assert ct.text == "7. 推进制造业，到2025年比重达4%（市工信局、市发改委牵头）"
    for i, ch in enumerate(ct.text):
        o = ct.offsets.to_original(i)
        assert raw[o] == ch or (ch, raw[o]) in {("）", ")")}
    s = ct.text.index("市发改委")
    a, b = ct.orig_span((s, s + 4))
    assert raw[a:b] == "市\n\n发改委"
    assert [ct.text[x:y] for x, y in ct.bold] == ["7. 推进制造业"]


@pytest.mark.parametrize("style", STRUCT["numbering"], ids=lambda s: s["id"])
def test_numbering_examples(style):
    rx = re.compile(style["pattern"])
    for ex in style["examples"]:
        assert rx.match(ex), ex
    for ex in style["counterexamples"]:
        assert not rx.match(ex), ex


def test_hierarchy_restarting_and_continuing_numbering():
    text = ("一、总体要求\n\n（一）目标。到2025年完成。\n\n二、主要任务\n\n（一）加强领导\n\n"
            "1. 建立机制。\n\n2. 完善制度。\n\n（二）强化保障\n\n3. 加大投入。\n")
    items = find_items(text)
    shape = [(i.marker, i.parent if i.parent is None else items[i.parent].marker, i.heading) for i in items]
    assert shape == [("一、", None, True), ("（一）", "一、", False), ("二、", None, True),
                     ("（一）", "二、", True), ("1.", "（一）", False), ("2.", "（一）", False),
                     ("（二）", "二、", True), ("3.", "（二）", False)]


def test_annex_title_list_is_not_items():
    text = "四、保障\n\n1. 加强领导。\n\n附件：\n\n1. 重点任务分解方案\n2. 专项分解方案\n\n## 附件 1\n"
    assert [i.marker for i in find_items(text)] == ["四、", "1."]


def _names(pairs):
    return [n for n, _ in pairs]


@pytest.mark.parametrize("raw,expected", ASSIGN["verbs"]["examples"] + ASSIGN["labels"]["examples"])
def test_assignment_examples(raw, expected):
    a = parse_assignment(raw)
    got = {k: _names(getattr(a, k)) for k in ("lead", "participants", "responsible") if getattr(a, k)}
    assert got == expected


@pytest.mark.parametrize("raw", ASSIGN["verbs"]["counterexamples"])
def test_assignment_counterexamples(raw):
    a = parse_assignment(raw)
    assert a is None or a.empty()


@pytest.mark.parametrize("raw", ASSIGN["together"]["counterexamples"])
def test_together_counterexamples_are_not_split(raw):
    a = parse_assignment(raw)
    assert len(a.lead) == 1 and not a.participants


@pytest.mark.parametrize("raw", ASSIGN["first_is_lead"]["examples"])
def test_first_is_lead_convention(raw):
    assert states_first_is_lead(raw)


@pytest.mark.parametrize("raw", ASSIGN["first_is_lead"]["counterexamples"])
def test_first_is_lead_counterexamples(raw):
    assert not states_first_is_lead(raw)


def test_labelled_lines_inside_a_task():
    text = "加快建设。\n牵头单位：市发改委\n配合单位：市科技局、市财政局等\n"
    found = find_assignments(text, 0, len(text))
    assert [(_names(a.lead), _names(a.participants)) for a in found] == [
        (["市发改委"], []), ([], ["市科技局", "市财政局"])]


def test_group_after_etc_is_kept():
    a = parse_assignment("市发改委牵头，市科技局等有关部门参与")
    assert _names(a.participants) == ["市科技局", "有关部门"]
