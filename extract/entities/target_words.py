"""Trimming the words around a target's number (pure string helpers of ``targets``).

``strip_leading(s, rules)`` drops leading punctuation and cue words (实现, 力争 …),
``strip_trailing(s, words)`` drops any of ``words`` from the end repeatedly, and
``counts_run_on(…)`` tells a count that opens a list of counts whose verb comes last, and
``before_comparator(before, rules)`` splits a comparator word (不低于, 达到, 压缩至平均 …)
off the end of the text before a number.  The words are rule data
(``extract/rules/targets.yaml``, compiled in ``target_rules``).  Nothing here raises.
"""

from __future__ import annotations

import re
from typing import Optional

from extract.entities.target_rules import TargetRules

ITEM_END = re.compile(r"[，,、；;。：:！!？?\n]")  # the end of a list item


def strip_leading(s: str, rules: TargetRules) -> str:
    """Drop punctuation and leading cue words (实现, 力争, 、…)."""
    changed = True
    while changed and s:
        changed = False
        s = s.lstrip(" \t，,、：:；;")
        for w in rules.leading:
            if s.startswith(w):
                s, changed = s[len(w):], True
                break
    return s


def strip_trailing(s: str, words: tuple) -> str:
    """Drop any of ``words`` from the end of ``s`` repeatedly."""
    changed = True
    while changed and s:
        changed = False
        for w in words:
            if s.endswith(w):
                s, changed = s[: -len(w)], True
                break
    return s


def before_comparator(before: str, rules: TargetRules) -> tuple[Optional[str], str]:
    """Comparator word at the end of ``before`` and ``before`` without it."""
    for size in rules.before_sizes:
        cmp = rules.before_cmp.get(before[-size:])
        if cmp is not None and len(before) >= size:
            return cmp, before[:-size]
    for gap in rules.comparator_gap:  # "压缩至平均9个工作日"
        if before.endswith(gap) and len(before) > len(gap):
            cmp, rest = before_comparator(before[:-len(gap)], rules)
            if cmp is not None:
                return cmp, rest
    return None, before


def counts_run_on(text: str, item_end: int, list_end: int, unit, cands: list, i: int) -> bool:
    """Whether the count ``cands[i]`` opens a list of counts of the same unit whose verb comes after the last one
    ("对全区12家生产企业、20家流通企业、30家…建立电子身份编码"): the next count follows a 、 in the same clause."""
    nxt = cands[i + 1] if i + 1 < len(cands) else None
    return (bool(unit) and text.startswith("、", item_end) and nxt is not None and nxt.start < list_end
            and nxt.unit == unit and ITEM_END.search(text, item_end + 1, nxt.start) is None)
