"""Numbering whose levels share a style and differ by delimiter (h13m, session 33): "1、" at the top, "1." below a
"（6）" — the "1." run is the sub-list of the item before it, not a restart of the top level."""

from extract.structure.numbering import find_items


def test_a_dot_run_under_a_paren_item_nests_below_it():
    text = ("1、指导思想\n坚持创新。\n2、主要任务\n（1）推进改革。\n（2）营造环境。\n1.深化管理体制改革。\n"
            "2.优化营商环境。\n3、保障措施\n（1）加强领导。\n")
    items = find_items(text)
    by_marker = {(it.marker.strip(), it.head_start): k for k, it in enumerate(items)}
    names = [(it.marker.strip(), items[it.parent].marker.strip() if it.parent is not None else None) for it in items]
    assert names == [("1、", None), ("2、", None), ("（1）", "2、"), ("（2）", "2、"), ("1.", "（2）"), ("2.", "（2）"),
                     ("3、", None), ("（1）", "3、")], (names, by_marker)


def test_one_delimiter_throughout_keeps_its_levels():
    text = "1.指导思想\n坚持创新。\n2.主要任务\n（1）推进改革。\n（2）营造环境。\n3.保障措施\n"
    items = find_items(text)
    assert [it.parent for it in items] == [None, None, 1, 1, None]
