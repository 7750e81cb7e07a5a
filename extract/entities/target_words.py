"""Trimming the words around a target's number (pure string helpers of ``targets``).

``strip_leading(s, rules)`` drops leading punctuation and cue words (实现, 力争 …),
``strip_trailing(s, words)`` drops any of ``words`` from the end repeatedly, and
``before_comparator(before, rules)`` splits a comparator word (不低于, 达到, 压缩至平均 …)
off the end of the text before a number.  The words are rule data
(``extract/rules/targets.yaml``, compiled in ``target_rules``).  Nothing here raises.
"""

from __future__ import annotations

from typing import Optional

from extract.entities.target_rules import TargetRules


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
