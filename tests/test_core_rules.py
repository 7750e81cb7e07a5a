"""Every example and counterexample in the clean-up, structure and assignment
rule files, plus the offset map and the numbering hierarchy."""

from extract.structure.assignments import find_assignments, parse_assignment
from extract.structure.normalize import clean
from extract.structure.numbering import find_items


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


def test_labelled_lines_inside_a_task():
    text = "加快建设。\n牵头单位：市发改委\n配合单位：市科技局、市财政局等\n"
    found = find_assignments(text, 0, len(text))
    assert [(_names(a.lead), _names(a.participants)) for a in found] == [
        (["市发改委"], []), ([], ["市科技局", "市财政局"])]


def test_group_after_etc_is_kept():
    a = parse_assignment("市发改委牵头，市科技局等有关部门参与")
    assert _names(a.participants) == ["市科技局", "有关部门"]


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


def test_one_sentence_line_with_children_is_a_heading():
    text = "（一）加快5G网络规模部署。\n\n1. 推进5G基站建设。到2025年建成25万个。\n\n（二）统筹布局数据中心。\n"
    assert [(i.marker, i.heading) for i in find_items(text)] == [
        ("（一）", True), ("1.", False), ("（二）", False)]


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


def test_half_paren_arabic_items():
    text = "一、重点任务\n\n1）加快建设示范区。\n\n2)推动改革。\n"
    assert [(i.marker, i.parent) for i in find_items(text)] == [("一、", None), ("1）", 0), ("2)", 0)]


def test_decimal_numbering_sits_between_arabic_and_paren_arabic():
    text = "一、主要任务\n\n1.1 建设平台。增长2.5倍。\n\n（1）子项。\n\n1.2 完善机制。\n"
    items = find_items(text)
    assert [(i.marker, i.parent) for i in items] == [("一、", None), ("1.1", 0), ("（1）", 1), ("1.2", 0)]


