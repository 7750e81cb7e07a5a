"""Numbering at its edges (issue 14, item 7): items numbered 1000 and above, and numbering
markers that stand alone on their line.

* Items 1000 and above were dropped without a warning (the patterns stopped at three
  digits, so "1000." ran on into item 999).  They are read now, as lines, inline runs
  (a crawl that lost the breaks) and bracketed numbers, when they continue the sequence:
  a four-digit number that does not ("2025、", "1000." with no 999 before) is no item.
* A marker alone on its line ("（一）", "①", "2.") became a task whose span was just the
  marker, or numbered nothing and ran into the item before.  It now numbers the next
  non-blank line when that line is not numbered itself; otherwise it numbers nothing,
  and the item before it ends where it stands.
"""

from __future__ import annotations

import pytest

from extract.pipeline import extract_text
from span_support import span_errors

TITLE = "关于推进重点工作的通知\n\n一、重点任务\n"


def tasks(body: str):
    text = TITLE + body
    docs = extract_text(text, "x.md")
    assert not span_errors(text, docs)
    return [(t.id, t.title, text[t.span[0]:t.span[1]], [r.name for r in (*t.lead, *t.participants)])
            for d in docs for t in d.tasks]


@pytest.mark.parametrize("layout", ["{i}.推进第{i}项工作。（市发改委牵头）\n", "（{i}）推进第{i}项工作。（市发改委牵头）\n",
                                    "{i}、推进第{i}项工作。（市发改委牵头）\n"])
def test_items_past_999_are_read_as_items(layout):
    found = tasks("".join(layout.format(i=i) for i in range(1, 1006)))
    assert [t[0] for t in found] == [str(i) for i in range(1, 1006)]
    assert found[999][1:] == ("推进第1000项工作", layout.format(i=1000).strip(), ["市发改委"])


def test_items_past_999_in_a_line_that_lost_its_breaks():
    found = tasks("。".join(f"{i}.推进第{i}项工作（市发改委牵头）" for i in range(1, 1006)) + "\n")
    assert [t[0] for t in found] == [str(i) for i in range(1, 1006)]
    assert found[-1][1:] == ("推进第1005项工作", "1005.推进第1005项工作（市发改委牵头）", ["市发改委"])


def test_a_four_digit_number_that_does_not_continue_the_sequence_is_no_item():
    found = tasks("1.推进工作，完善制度。（市发改委牵头）\n2025、2026年分别完成改造。\n"
                  "1000.另一项说明文字。\n2.加快建设。（市科技局牵头）\n")
    assert [(t[0], t[2]) for t in found] == [
        ("1", "1.推进工作，完善制度。（市发改委牵头）\n2025、2026年分别完成改造。\n1000.另一项说明文字。"),
        ("2", "2.加快建设。（市科技局牵头）")]


@pytest.mark.parametrize("marker,shown", [("（一）", "一"), ("(1)", "1"), ("1.", "1"), ("3、", "3"), ("①", "①"),
                                          ("第一条", "一"), ("一、", "一")])
def test_a_marker_alone_on_its_line_numbers_the_next_line(marker, shown):
    found = tasks(f"{marker}\n推进平台建设，完善制度。（市发改委牵头）\n")
    assert found == [(shown, "推进平台建设，完善制度", f"{marker}\n推进平台建设，完善制度。（市发改委牵头）", ["市发改委"])]


def test_a_marker_alone_before_a_blank_line_numbers_the_text_after_it():
    found = tasks("（1）\n\n推进平台建设。（市发改委牵头）\n（2）加快建设。（市科技局牵头）\n")
    assert [t[:3] for t in found] == [("1", "推进平台建设", "（1）\n\n推进平台建设。（市发改委牵头）"),
                                      ("2", "加快建设", "（2）加快建设。（市科技局牵头）")]


@pytest.mark.parametrize("lone", ["②", "（二）", "2.", "(2)", "2、"])
def test_a_marker_alone_before_another_item_numbers_nothing_and_ends_the_item_before(lone):
    mark = {"②": "①③", "（二）": "（一）（三）", "2.": "1.3.", "(2)": "(1)(3)", "2、": "1、3、"}[lone]
    first, third = mark[: len(mark) // 2], mark[len(mark) // 2:]
    found = tasks(f"{first}推进平台建设。（市发改委牵头）\n{lone}\n{third}加快建设。（市科技局牵头）\n")
    assert [(t[1], t[2]) for t in found] == [("推进平台建设", f"{first}推进平台建设。（市发改委牵头）"),
                                             ("加快建设", f"{third}加快建设。（市科技局牵头）")]


@pytest.mark.parametrize("lone", ["②", "（二）", "2.", "2、"])
def test_a_marker_alone_at_the_end_numbers_nothing(lone):
    first = {"②": "①", "（二）": "（一）", "2.": "1.", "2、": "1、"}[lone]
    found = tasks(f"{first}推进平台建设。（市发改委牵头）\n{lone}\n")
    assert [(t[1], t[2]) for t in found] == [("推进平台建设", f"{first}推进平台建设。（市发改委牵头）")]


def test_a_chapter_marker_alone_titles_its_section_by_the_next_line():
    text = TITLE.replace("一、重点任务\n", "") + "第一章\n总体要求\n一、推进平台建设。（市发改委牵头）\n"
    docs = extract_text(text, "x.md")
    assert [(s.number, s.title) for s in docs[0].sections] == [("第一章", "总体要求")]
    assert [t.title for t in docs[0].tasks] == ["推进平台建设"]
    assert not span_errors(text, docs)


def test_every_task_records_the_section_it_sits_in():
    """Task.section_key: the section its item's parent became (the graph's pkg:inSection), not a key split."""
    text = ("某市方案\n\n一、主要任务\n\n1. 建设平台。（市科技局负责）\n\n（1）建设子平台。\n\n"
            "二、保障\n\n1.1 完善机制。（市发改委负责）\n\n1.2 加强考核。（市财政局负责）\n")
    tasks = extract_text(text)[0].tasks
    assert [(t.key.split(":")[1], t.section_key.split(":")[1] if t.section_key else None) for t in tasks] == [
        ("1.1", "1"), ("1.1.1", None), ("2.1.1", "2"), ("2.1.2", "2")]  # 2.1.1: decimal 1.1 under 二


def test_a_box_run_on_after_a_measure_takes_no_units_from_it():
    """A 专栏 box printed after the bracket of the measure it illustrates (structure.yaml box,
    ``inherits: false``) is no task of that measure's units; the measure keeps them."""
    text = ("某省行动计划\n二、重点任务\n（一）实施产业聚集发展行动\n打造研发创新引领区。（责任单位：各市政府，省发展改革委）"
            "专栏1：研发创新引领区以试验区建设为契机，建设一批创新平台。\n（二）实施基础设施提升行动\n加快网络建设。（责任单位：省通信管理局）\n")
    tasks = [t for t in extract_text(text)[0].tasks if t.lead or t.participants or t.responsible]
    assert [(t.id, [r.name for r in t.responsible]) for t in tasks] == [
        ("一", ["各市政府", "省发展改革委"]), ("二", ["省通信管理局"])]


def test_deeper_decimal_outlines_are_items_of_their_own():
    """"2.3.1", "2.3.2.1" (emergency plans): each level an item under the one before."""
    from extract.structure.numbering import find_items

    text = ("某省食盐供应应急预案\n2.3机构设置\n2.3.1省工业和信息化厅承担应急办公室日常工作。\n"
            "2.3.2应急事件发生时，工作组立即进入工作状态。\n"
            "2.3.2.1综合信息组：负责信息传递。牵头部门：省工业和信息化厅，组成部门：省商务厅。\n"
            "2.3.2.2市场监管组：负责监测市场秩序。牵头部门：省市场监管局，组成部门：省公安厅。\n")
    items = find_items(text)
    assert [(i.marker, items[i.parent].marker if i.parent is not None else None) for i in items] == [
        ("2.3", None), ("2.3.1", "2.3"), ("2.3.2", "2.3"), ("2.3.2.1", "2.3.2"), ("2.3.2.2", "2.3.2")]
    tasks = [t for t in extract_text(text)[0].tasks if t.lead or t.participants]
    assert [(t.id, [r.name for r in t.lead], [r.name for r in t.participants]) for t in tasks] == [
        ("2.3.2.1", ["省工业和信息化厅"], ["省商务厅"]), ("2.3.2.2", ["省市场监管局"], ["省公安厅"])]
