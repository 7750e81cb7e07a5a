"""Every example and counterexample in the clean-up, structure and assignment
rule files, plus the offset map and the numbering hierarchy."""

import re

import pytest

from extract.structure.assignments import find_assignments, parse_assignment, states_first_is_lead
from extract.structure.prose import find_prose_assignments
from extract.structure.normalize import clean
from extract.rules.loader import load_rules
from extract.structure.numbering import find_items

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


@pytest.mark.parametrize("raw", NORM["page_number"]["examples"])
def test_page_number_lines_are_dropped(raw):
    assert clean(f"加强组织领导，\n{raw}\n完善工作机制。").text == "加强组织领导，\n完善工作机制。"


@pytest.mark.parametrize("raw", NORM["page_number"]["counterexamples"])
def test_page_number_counterexamples_are_kept(raw):
    assert raw in clean(f"加强组织领导。\n{raw}\n完善工作机制。").text


def test_running_header_goes_but_the_title_it_repeats_stays():
    raw = ("南通市智能制造三年行动计划\n\n一、主要任务\n\n（一）实施改造工程。建成示范工厂30家，"
           "覆盖率达到80%（市工信局牵\n\n— 2 —\n\n南通市智能制造三年行动计划\n\n头）\n")
    assert clean(raw).text == ("南通市智能制造三年行动计划\n\n一、主要任务\n\n（一）实施改造工程。"
                               "建成示范工厂30家，覆盖率达到80%（市工信局牵头）\n")


def test_a_line_once_next_to_a_page_number_is_not_a_header():
    raw = "（一）实施改造工程。\n\n— 2 —\n\n二、保障措施\n"
    assert clean(raw).text == "（一）实施改造工程。\n\n\n二、保障措施\n"


def test_offsets_survive_dropped_lines():
    raw = "推动企业上云用平台，到2025年累计上云企业达到1.5万家\n— 3 —\n以上。（市工信局负责）"
    ct = clean(raw)
    s = ct.text.index("市工信局")
    a, b = ct.orig_span((s, s + 4))
    assert raw[a:b] == "市工信局"


def test_annex_marker_examples():
    rx = re.compile(STRUCT["annex"]["pattern"], re.MULTILINE)
    assert all(rx.search(ex) for ex in STRUCT["annex"]["examples"])
    assert not any(rx.search(ex) for ex in STRUCT["annex"]["counterexamples"])


@pytest.mark.parametrize("title", STRUCT["kinds"]["strip_examples"])
def test_kind_strip_examples(title):
    bare = re.sub(STRUCT["kinds"]["strip"], "", title)
    assert bare != title and bare.endswith(("方案", "意见", "计划"))


def test_one_sentence_heading_examples():
    rule = STRUCT["heading"]["one_sentence"]
    rx = re.compile(rule["pattern"])
    assert all(rx.fullmatch(ex) for ex in rule["examples"])
    assert not any(rx.fullmatch(ex) for ex in rule["counterexamples"])


def test_one_sentence_line_with_children_is_a_heading():
    text = "（一）加快5G网络规模部署。\n\n1. 推进5G基站建设。到2025年建成25万个。\n\n（二）统筹布局数据中心。\n"
    assert [(i.marker, i.heading) for i in find_items(text)] == [
        ("（一）", True), ("1.", False), ("（二）", False)]


@pytest.mark.parametrize("rule", ["other_field", "remark_clauses"])
def test_assignment_helper_rule_examples(rule):
    data = ASSIGN[rule]
    rx = re.compile(data["pattern"])
    assert all(rx.search(ex) for ex in data["examples"])
    assert not any(rx.search(ex) for ex in data["counterexamples"])


@pytest.mark.parametrize("raw", ASSIGN["labels"]["counterexamples"])
def test_label_counterexamples(raw):
    a = parse_assignment(raw)
    assert a is None or a.empty()


def test_labelled_line_after_a_deadline_remark_and_a_qualified_label():
    text = "推进共享。（完成时限：2023年9月底）牵头单位：市数据局；配合单位：市各有关单位\n主要责任单位:市商务局\n"
    text = clean(text).text
    found = find_assignments(text, 0, len(text))
    assert [(_names(a.lead), _names(a.participants), _names(a.responsible)) for a in found] == [
        (["市数据局"], ["市各有关单位"], []), ([], [], ["市商务局"])]


def test_deadline_clause_is_not_a_unit():
    a = parse_assignment("区发展改革局、区市场监管局负责，2024年底前完成")
    assert _names(a.responsible) == ["区发展改革局", "区市场监管局"]


def test_spaced_name_span_covers_the_spaces():
    a = parse_assignment("市 科技局 牵头")
    (name, (s, e)), = a.lead
    assert name == "市科技局" and "市 科技局 牵头"[s:e] == "市 科技局"


def test_square_bracketed_assignment_is_read():
    text = "给予一次性500万元奖励。【责任单位：市经信局】"
    found = find_assignments(text, 0, len(text))
    assert [_names(a.responsible) for a in found] == [["市经信局"]]


def test_document_number_brackets_are_not_assignments():
    text = "国发〔2023〕15号 【见附件】"
    assert find_assignments(text, 0, len(text)) == []


@pytest.mark.parametrize("raw,expected", ASSIGN["space_separated"]["examples"])
def test_space_separated_units(raw, expected):
    a = parse_assignment(f"责任单位：{raw}")
    assert _names(a.responsible) == expected
    for name, (s, e) in a.responsible:
        assert "".join(f"责任单位：{raw}"[s:e].split()) == name


def test_half_paren_arabic_items():
    text = "一、重点任务\n\n1）加快建设示范区。\n\n2)推动改革。\n"
    assert [(i.marker, i.parent) for i in find_items(text)] == [("一、", None), ("1）", 0), ("2)", 0)]


def test_decimal_numbering_sits_between_arabic_and_paren_arabic():
    text = "一、主要任务\n\n1.1 建设平台。增长2.5倍。\n\n（1）子项。\n\n1.2 完善机制。\n"
    items = find_items(text)
    assert [(i.marker, i.parent) for i in items] == [("一、", None), ("1.1", 0), ("（1）", 1), ("1.2", 0)]


@pytest.mark.parametrize("raw,expected", ASSIGN["prose"]["examples"])
def test_prose_assignment_examples(raw, expected):
    from extract.structure.prose import find_prose_assignments
    from extract.structure.tasks import _is_unit

    found = find_prose_assignments(raw, 0, len(raw), _is_unit)
    got = {k: [n for a in found for n in _names(getattr(a, k))] for k in ("lead", "participants", "responsible")}
    assert {k: v for k, v in got.items() if v} == expected


@pytest.mark.parametrize("raw", ASSIGN["prose"]["counterexamples"])
def test_prose_assignment_counterexamples(raw):
    from extract.structure.prose import find_prose_assignments
    from extract.structure.tasks import _is_unit

    assert find_prose_assignments(raw, 0, len(raw), _is_unit) == []


@pytest.mark.parametrize("raw,warned", [(x, True) for x in ASSIGN["unparsed_hint"]["examples"]]
                         + [(x, False) for x in ASSIGN["unparsed_hint"]["counterexamples"]])
def test_unparsed_assignment_hint(raw, warned):
    from extract.pipeline import extract_text

    docs = extract_text(f"某市工作方案\n\n一、重点任务\n\n1. 推进建设工作。{raw}\n")
    assert ("unparsed-assignment" in [w.code for d in docs for w in d.warnings]) is warned


@pytest.mark.parametrize("raw,expected", ASSIGN["brackets"]["examples"])
def test_assignment_bracket_examples(raw, expected):
    text = "推进信用信息共享。" + raw
    found = find_assignments(text, 0, len(text))
    got = {k: [n for a in found for n in _names(getattr(a, k))] for k in ("lead", "participants", "responsible")}
    assert {k: v for k, v in got.items() if v} == expected


@pytest.mark.parametrize("raw", ASSIGN["brackets"]["counterexamples"])
def test_assignment_bracket_counterexamples(raw):
    text = "推进信用信息共享。" + raw
    assert find_assignments(text, 0, len(text)) == []


@pytest.mark.parametrize("raw,markers", NORM["rebreak"]["examples"])
def test_rebreak_examples(raw, markers):
    lines = clean(raw).text.split("\n")
    assert [ln for ln in lines[1:]] and all(any(ln.startswith(m) for ln in lines) for m in markers)
    assert len(lines) == len(markers) + 1


@pytest.mark.parametrize("raw", NORM["rebreak"]["counterexamples"])
def test_rebreak_counterexamples(raw):
    example = NORM["rebreak"]["examples"][0][0]
    assert clean(example + raw).text.split("\n")[-1].endswith(raw)
    assert raw in clean(example + raw).text


def _roles(a):
    return {k: _names(getattr(a, k)) for k in ("lead", "participants", "responsible") if getattr(a, k)}


@pytest.mark.parametrize("raw,expected", ASSIGN["conjoined"]["examples"] + ASSIGN["conjoined"]["counterexamples"]
                         + ASSIGN["verb_then_list"]["examples"] + ASSIGN["verb_then_list"]["counterexamples"])
def test_conjoined_and_verb_list_rules(raw, expected):
    assert _roles(parse_assignment(raw)) == expected


@pytest.mark.parametrize("raw,expected", ASSIGN["carry_forward"]["examples"])
def test_carry_forward_examples(raw, expected):
    from extract.structure.assignments import find_carry_forward

    (pos, a), = find_carry_forward(raw, 0, len(raw))
    assert _roles(a) == expected
    assert _roles(parse_assignment("省民政厅负责，" + raw)) == {"responsible": ["省民政厅"]}


@pytest.mark.parametrize("raw", ASSIGN["carry_forward"]["counterexamples"])
def test_carry_forward_counterexamples(raw):
    from extract.structure.assignments import find_carry_forward

    assert find_carry_forward(raw, 0, len(raw)) == []


@pytest.mark.parametrize("raw,expected", ASSIGN["comma_is_lead"]["examples"] + ASSIGN["comma_is_lead"]["counterexamples"])
def test_comma_lead_convention(raw, expected):
    from extract.structure.assignments import COMMA, comma_is_lead_positions

    assert all(comma_is_lead_positions(s) for s in ASSIGN["comma_is_lead"]["statements"])
    assert _roles(parse_assignment(raw, first_is_lead=COMMA)) == expected


@pytest.mark.parametrize("raw,count", ASSIGN["bracket_tasks"]["examples"] + ASSIGN["bracket_tasks"]["counterexamples"])
def test_bracket_closed_tasks(raw, count):
    from extract.structure.tasks import build_tasks

    text = "二、主要任务\n" + clean(raw).text + "\n"
    _, tasks, _ = build_tasks(text, [], 0, len(text), "d")
    assert len([t for t in tasks if t.lead or t.participants or t.responsible]) == count


def _task_roles(raw: str) -> dict:
    """{task id: [lead, participants, responsible]} of a cleaned text's tasks."""
    from extract.structure.tasks import build_tasks

    text = clean(raw).text
    _, tasks, _ = build_tasks(text, [], 0, len(text), "d")
    return {t.id: [[r.name for r in getattr(t, k)] for k in ("lead", "participants", "responsible")] for t in tasks}


@pytest.mark.parametrize("raw,expected", ASSIGN["closing_line"]["examples"] + ASSIGN["closing_line"]["counterexamples"])
def test_closing_bracket_line(raw, expected):
    assert _task_roles(raw) == expected


@pytest.mark.parametrize("rule", ["remark_brackets", "scope_bracket"])
def test_assignment_pattern_rule_examples(rule):
    rx = re.compile(ASSIGN[rule]["pattern"])
    assert all(rx.search(ex) for ex in ASSIGN[rule]["examples"])
    assert not any(rx.search(ex) for ex in ASSIGN[rule]["counterexamples"])


@pytest.mark.parametrize("raw", NORM["html_comment"]["examples"])
def test_html_comment_is_not_text(raw):
    ct = clean(raw)
    assert "<!--" not in ct.text and ct.text.startswith("关于印发")
    assert ct.original[ct.offsets.to_original(0):].startswith("关于印发")


@pytest.mark.parametrize("raw", NORM["html_comment"]["counterexamples"])
def test_html_comment_counterexamples(raw):
    assert clean(raw).text == raw


@pytest.mark.parametrize("raw,expected", ASSIGN["duty_lists"]["examples"] + ASSIGN["duty_lists"]["counterexamples"])
def test_duty_lists(raw, expected):
    assert _task_roles(raw) == expected


@pytest.mark.parametrize("raw,expected,duty",
                         [(r, e, True) for r, e in ASSIGN["prose"]["by_examples"]]
                         + [(r, {}, True) for r in ASSIGN["prose"]["by_counterexamples"]]
                         + [(r, e, False) for r, e in ASSIGN["prose"]["initial_by_examples"]]
                         + [(r, {}, False) for r in ASSIGN["prose"]["initial_by_counterexamples"]])
def test_prose_by_rules(raw, expected, duty):
    """"由X负责…": anywhere in a duty context (by_examples), elsewhere only when the
    clause opens a sentence (initial_by_examples); counterexamples name nobody."""
    from extract.structure.tasks import _is_unit

    found = find_prose_assignments(raw, 0, len(raw), _is_unit, duty=duty)
    got = {k: [n for a in found for n in _names(getattr(a, k))] for k in ("lead", "participants", "responsible")}
    assert {k: v for k, v in got.items() if v} == expected


@pytest.mark.parametrize("raw", NORM["furniture_line"]["examples"])
def test_furniture_lines_are_dropped(raw):
    assert clean("标题\n" + raw + "\n正文。").text.split("\n") == ["标题", "正文。"]


@pytest.mark.parametrize("raw", NORM["furniture_line"]["counterexamples"])
def test_furniture_counterexamples_stay(raw):
    assert raw in clean("标题\n" + raw + "\n正文。").text


def test_signature_dates():
    from extract.rules.loader import load_rules

    rule = load_rules("structure.yaml")["date"]
    rx = re.compile(rule["signature"], re.MULTILINE)
    assert all(rx.search(x) for x in rule["examples"])
    assert not any(rx.search(x) for x in rule["counterexamples"])


@pytest.mark.parametrize("raw,expected", ASSIGN["bare_units"]["examples"] + ASSIGN["bare_units"]["counterexamples"])
def test_bare_unit_bracket(raw, expected):
    assert _task_roles(raw) == expected


@pytest.mark.parametrize("raw,expected", ASSIGN["glued_units"]["examples"] + ASSIGN["glued_units"]["counterexamples"])
def test_glued_units(raw, expected):
    assert _roles(parse_assignment(raw)) == expected


def test_document_number_rule():
    from extract.structure.documents import document_number
    from extract.rules.loader import load_rules

    rule = load_rules("structure.yaml")["doc_number"]
    assert all(document_number(x, 0, len(x)) for x in rule["examples"])
    assert not any(document_number(x, 0, len(x)) for x in rule["counterexamples"])

