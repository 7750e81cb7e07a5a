"""Titles of numbered items.

``item_title(text, item, own_end, bold)`` gives a task's or section's title: the bold heading right after its
marker, else its first clause (a trailing assignment bracket dropped).  ``own_end(items, i)`` is where an item's
own text ends (its first child's start).  ``listed_units(text, items, i, bold, accept)``: whether item ``i`` is one
of a list of unit headings (rule ``duty_lists.unit_headings``).  Pure functions of the clean text; never raise.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from extract.structure.numbering import Item

TITLE_TRIM = "，,。；;：: \n"


def own_end(items: list[Item], i: int) -> int:
    item = items[i]
    return items[item.children[0]].start if item.children else item.end


def item_title(text: str, item: Item, own_end: int, bold: list[tuple[int, int]]) -> str:
    """The bold heading right after the marker, else the first clause."""
    head = item.head_start
    k = bisect_left(bold, item.start - 1, key=lambda b: b[0])  # bold is sorted
    while k < len(bold) and bold[k][0] <= head + 1:
        bs, be = bold[k]
        k += 1
        if be > head:  # a bold run never titles past the item's own text (into the next item)
            t = text[head:min(be, own_end)].strip(TITLE_TRIM)
            if t and len(t) <= 60 and "。" not in t[:-1]:
                return t
            break
    line = drop_trailing_bracket(text[head:min(item.line_end, own_end)].strip())
    if item.heading:
        return line.strip(TITLE_TRIM)
    m = re.match(r"[^。！？；;]{1,60}[。！？；;]", line)
    if m:
        return m.group().strip(TITLE_TRIM)
    m = re.match(r"[^，,。]{1,60}", line)
    return (m.group() if m else line[:60]).strip(TITLE_TRIM)


def drop_trailing_bracket(line: str) -> str:
    """``line`` without a bracketed remark that ends it (an assignment such as
    "（牵头单位：市城管局；配合单位：市建委）", nested brackets included);
    a line that is only a bracket stays."""
    if not line.endswith(("）", ")")):
        return line
    depth = 0
    for i in range(len(line) - 1, -1, -1):
        ch = line[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
            if depth == 0:
                return line[:i].rstrip() if line[:i].strip() else line
    return line


def listed_units(text: str, items: list, i: int, bold: list, accept) -> bool:
    """Whether item ``i`` is one of sibling headings over sub-items (same parent, same numbering style) whose titles
    are all units ("一、区发改局 1.… 二、区财政局 1.…": rule ``duty_lists.unit_headings``, each scoping its sub-items)."""
    from extract.structure.duty_split import heading_units

    parent, style = items[i].parent, items[i].style
    sibs = [j for j, it in enumerate(items) if it.parent == parent and it.heading and it.children and it.style == style]
    return heading_units([item_title(text, items[j], own_end(items, j), bold) for j in sibs], accept)
