"""Conventions stated once about who leads (extract/structure/lead_convention.py, rules
first_is_lead, comma_is_lead, convention_rest, convention_onward of assignments.yaml): the
role of the other units, the scope of "下同", and where the convention is stated.  The
sentences are taken from the real documents of tests/fixtures/real* (广安, 河北, 平潭)."""

from __future__ import annotations

from extract.pipeline import extract_text
from extract.structure.conventions import stated_conventions
from extract.structure.lead_convention import COMMA_KIND, FIRST, Convention, Conventions, convention_at

ITEM1 = "（一）加强党的领导。健全医保基金监管党建工作领导体制和工作机制。"
ITEM2 = "（二）强化政府监管。依法查处违法违规行为，严格法律责任。"
ITEM3 = "（三）推进行业自律管理。引导行业协会加强行业自律和自我约束。"


def roles(text: str) -> list[tuple[str, list[str], list[str], list[str]]]:
    """(task id, lead, participants, responsible) of every task with a unit."""
    return [(t.id, [r.name for r in t.lead], [r.name for r in t.participants], [r.name for r in t.responsible])
            for d in extract_text(text) for t in d.tasks if t.lead or t.participants or t.responsible]


def plan(*items: str) -> str:
    return "广安市关于推进医疗保障基金监管制度体系改革的实施方案\n" + "\n".join(items)


def test_a_comma_convention_without_a_role_for_the_rest_makes_them_participants():
    text = plan(ITEM1 + "〔责任单位：市委组织部、市纪委监委机关，市卫生健康委、市医保局（逗号前为牵头单位，下同）〕",
                ITEM2 + "〔责任单位：市医保局，市财政局、各县（市、区）人民政府〕")
    assert roles(text) == [
        ("一", ["市委组织部", "市纪委监委机关"], ["市卫生健康委", "市医保局"], []),
        ("二", ["市医保局"], ["市财政局", "各县（市、区）人民政府"], [])]


def test_a_comma_convention_that_says_the_rest_are_responsible_makes_them_responsible():
    text = plan(ITEM1 + "〔责任单位：市民政局、市卫生健康委，市财政局（逗号前为牵头单位，其余按职责分工负责，下同）〕",
                ITEM2 + "〔责任单位：市民政局，市财政局、市发展改革委〕",
                ITEM3 + "〔责任单位：市民政局、市财政局〕")
    assert roles(text) == [
        ("一", ["市民政局", "市卫生健康委"], [], ["市财政局"]),
        ("二", ["市民政局"], [], ["市财政局", "市发展改革委"]),
        ("三", ["市民政局", "市财政局"], [], [])]  # no comma: the whole list stands before it and leads


def test_xia_tong_scopes_the_convention_from_its_statement_on():
    """"下同" = from here on: the bracket before the statement keeps its plain roles (after it, a bracket ending
    in 负责 makes the others responsible: GOLD_GUIDE R4)."""
    text = plan(ITEM1 + "（市卫生健康委、市医保局负责）",
                ITEM2 + "（市医保局、市财政局负责。排在第一位的部门为牵头部门，下同）",
                ITEM3 + "（市市场监管局、市医保局负责）")
    assert roles(text) == [
        ("一", [], [], ["市卫生健康委", "市医保局"]),
        ("二", ["市医保局"], [], ["市财政局"]),
        ("三", ["市市场监管局"], [], ["市医保局"])]


def test_a_convention_stated_in_the_notice_holds_for_the_whole_document():
    """Stated without 下同 (a notice, a note): every assignment of the document, before it too."""
    text = plan(ITEM1 + "（市卫生健康委、市医保局负责）",
                ITEM2 + "（市医保局、市财政局负责）",
                "注：各项任务列首位的为牵头单位，其余为配合单位。\n")
    assert roles(text) == [("一", ["市卫生健康委"], ["市医保局"], []), ("二", ["市医保局"], ["市财政局"], [])]
    # the same text without the note: no lead
    assert roles(plan(ITEM1 + "（市卫生健康委、市医保局负责）")) == [("一", [], [], ["市卫生健康委", "市医保局"])]


def test_a_first_listed_convention_that_says_the_rest_are_responsible():
    text = plan(ITEM1 + "（市卫生健康委、市医保局、市财政局负责，排在第一位的为牵头部门，其他为责任单位，下同）")
    assert roles(text) == [("一", ["市卫生健康委"], [], ["市医保局", "市财政局"])]


def test_a_label_with_role_words_keeps_them_under_a_convention():
    """"责任单位：X牵头，Y参与" states its roles; a convention does not override them."""
    text = plan(ITEM1 + "（排在第一位的为牵头单位，下同）",
                ITEM2 + "（责任单位：区经济发展局牵头，国家海洋局海岛研究中心参与）",
                ITEM3 + "（责任单位：区经济发展局联合区财政金融局负责）")
    assert roles(text) == [("二", ["区经济发展局"], ["国家海洋局海岛研究中心"], []),
                           ("三", ["区经济发展局"], ["区财政金融局"], [])]


def test_stated_conventions_read_kind_rest_and_scope():
    text = ("（市民政局，市财政局，逗号前为牵头单位，其余按职责分工负责，下同）"
            "注：主要责任单位第一个为牵头单位，其余为主要配合单位。")
    assert [(kind, rest, onward) for _, kind, rest, onward in stated_conventions(text)] == [
        (COMMA_KIND, "responsible", True), (FIRST, "participants", False)]


def test_convention_at_takes_the_last_one_started_before_the_position():
    convs = Conventions((Convention(FIRST, "participants", 0), Convention(COMMA_KIND, "responsible", 100)))
    assert convention_at(convs, 50).kind == FIRST
    assert convention_at(convs, 150).kind == COMMA_KIND
    assert convention_at(Conventions((Convention(FIRST, start=100),)), 50) is None
    assert convention_at(False, 10) is None
    assert convention_at(True, 10) == Convention(FIRST, "participants", 0)
    assert convention_at("comma", 10) == Convention(COMMA_KIND, "responsible", 0)


def test_a_convention_said_once_in_a_bracket_without_xia_tong_holds_for_the_whole_document():
    """Said once, even without 下同, it is meant for every assignment (the author could
    have written 牵头 in that one bracket); the others take the bracket's 负责 (GOLD_GUIDE R4)."""
    text = plan(ITEM1 + "（市卫生健康委牵头，市医保局、市财政局按职责分工负责）",
                ITEM2 + "（市卫生健康委、市医保局负责，列首位的为牵头单位）",
                ITEM3 + "（市委宣传部、市医保局负责）")
    assert roles(text) == [
        ("一", ["市卫生健康委"], [], ["市医保局", "市财政局"]),
        ("二", ["市卫生健康委"], [], ["市医保局"]),
        ("三", ["市委宣传部"], [], ["市医保局"])]


TABLE = ("某市重点任务分工表\n\n| 序号 | 工作任务 | 责任单位{header} | 完成时限 |\n| --- | --- | --- | --- |\n"
         "| 1 | 推进医保支付方式改革 | 市医保局、市卫生健康委、市财政局 | 2022年底 |\n"
         "| 2 | 规范诊治检查行为 | 市卫生健康委，市医保局、市财政局 | 长期坚持 |\n")


def test_a_convention_in_a_table_header_holds_for_every_row():
    assert roles(TABLE.format(header="（排在第一位的为牵头单位）")) == [
        ("1", ["市医保局"], ["市卫生健康委", "市财政局"], []),
        ("2", ["市卫生健康委"], ["市医保局", "市财政局"], [])]


def test_a_comma_convention_in_a_note_after_a_table_splits_its_cells():
    note = "\n注：责任单位中逗号前为牵头单位，其余为配合单位。\n"
    assert roles(TABLE.format(header="") + note) == [
        ("1", ["市医保局", "市卫生健康委", "市财政局"], [], []),  # no comma: all lead
        ("2", ["市卫生健康委"], ["市医保局", "市财政局"], [])]
    assert roles(TABLE.format(header="")) == [
        ("1", [], [], ["市医保局", "市卫生健康委", "市财政局"]),
        ("2", [], [], ["市卫生健康委", "市医保局", "市财政局"])]


def test_under_a_comma_convention_a_bracket_without_a_comma_leads_whole():
    """Decision of issue 7 (GOLD_GUIDE "roles"): one unit, or several joined by 、, with no
    comma stand before the (absent) first comma: all lead; role words still win."""
    text = plan(ITEM1 + "〔责任单位：市委组织部，市医保局（逗号前为牵头单位，下同）〕",
                ITEM2 + "〔责任单位：市委组织部、市委编办、市财政局、各县（市、区）人民政府、园区管委会〕",
                ITEM3 + "（市医保局负责）",
                "（四）加强宣传引导。开展集中宣传月活动。（市委宣传部牵头，市医保局配合）")
    assert roles(text) == [
        ("一", ["市委组织部"], ["市医保局"], []),
        ("二", ["市委组织部", "市委编办", "市财政局", "各县（市、区）人民政府", "园区管委会"], [], []),
        ("三", ["市医保局"], [], []),
        ("四", ["市委宣传部"], ["市医保局"], [])]


def test_under_a_comma_convention_a_bracket_of_bare_names_splits_at_its_comma():
    """A bracket with names only ("（市医保局，市财政局、市卫生健康委）") follows the convention too."""
    text = plan(ITEM1 + "（责任单位：市委组织部，市医保局。逗号前为牵头单位，下同）",
                ITEM2 + "（市医保局，市财政局、市卫生健康委）",
                ITEM3 + "（市市场监管局、市医保局）")
    assert roles(text) == [
        ("一", ["市委组织部"], ["市医保局"], []),
        ("二", ["市医保局"], ["市财政局", "市卫生健康委"], []),
        ("三", ["市市场监管局", "市医保局"], [], [])]


def test_under_a_first_listed_convention_a_single_unit_leads():
    """"排在第一位的为牵头部门" / "列首位的为牵头单位": a single listed unit leads, in a bracket and in a table cell."""
    text = plan(ITEM1 + "（市卫生健康委负责。排在第一位的部门为牵头部门，下同）",
                ITEM2 + "（责任单位：市医保局）",
                ITEM3 + "（市医保局、市财政局负责）")
    assert roles(text) == [("一", ["市卫生健康委"], [], []), ("二", ["市医保局"], [], []),
                           ("三", ["市医保局"], [], ["市财政局"])]  # (the bracket's 负责: GOLD_GUIDE R4)
    table = TABLE.replace("市医保局、市卫生健康委、市财政局", "市医保局")
    assert roles(table.format(header="（列首位的为牵头单位）")) == [
        ("1", ["市医保局"], [], []),
        ("2", ["市卫生健康委"], ["市医保局", "市财政局"], [])]


def test_a_unit_marked_lead_inside_an_assignment_bracket_leads():
    """"（市发展改革委（牵头）、市科技局）": the marked unit leads, the others take part (rule cell_lead_mark)."""
    text = plan(ITEM1 + "（市发展改革委（牵头）、市科技局、市财政局）",
                ITEM2 + "（市财政局（牵头单位）、各县（市、区）人民政府）",
                ITEM3 + "（市委宣传部）")
    assert roles(text) == [("一", ["市发展改革委"], ["市科技局", "市财政局"], []),
                           ("二", ["市财政局"], ["各县（市、区）人民政府"], []),
                           ("三", [], [], ["市委宣传部"])]

