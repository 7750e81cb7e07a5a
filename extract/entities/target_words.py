"""Trimming the words around a target's number (pure string helpers of ``targets``).

``strip_leading(s, rules)`` drops leading punctuation and cue words (实现, 力争 …),
``strip_trailing(s, words)`` drops any of ``words`` from the end repeatedly, and
``counts_run_on(…)`` tells a count that opens a list of counts whose verb comes last, and
``before_comparator(before, rules)`` splits a comparator word (不低于, 达到, 压缩至平均 …)
off the end of the text before a number, ``past_aside`` reads a count's noun on past a bracketed aside naming
places, ``breakdown`` tells a part of a total (其中 …) from a target and ``opens`` whether a position starts a sentence.  The words are rule data
(``extract/rules/targets.yaml``, compiled in ``target_rules``).  Nothing here raises.
"""

from __future__ import annotations

import re
from typing import Optional

from extract.entities.numbers import parse_number
from extract.entities.target_rules import TargetRules

ITEM_END = re.compile(r"[，,、；;。：:！!？?\n]")  # the end of a list item
_DIGIT = re.compile(r"\d")


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


def past_aside(text: str, end: int, limit: int) -> int:
    """``end`` (an item end after a count), or, when it falls inside a bracketed aside without figures opened after
    the count, the next item end after the aside closes ("增建6个街镇（A、B、C）…设施24处": the aside names the places,
    the count runs on to the figure after it)."""
    opened = text.rfind("（", 0, end)
    if opened < 0 or text.find("）", opened, end) >= 0 or end - opened > 60:
        return end
    close = text.find("）", end, limit)
    if close < 0 or _DIGIT.search(text, opened, close + 2):  # "选取10家…企业（含…）100个门店": two counts side by side
        return end
    stop = ITEM_END.search(text, close, limit)
    return stop.start() if stop else limit


def breakdown(text: str, clause: int, cs: int, clause_end: int, rules: TargetRules, part_end: int = -1) -> bool:
    """Whether the figure at ``cs`` is a part of a total stated before it, with no aim of its own: its clause (or an
    aside) opens with the breakdown word (其中, rule ``breakdown``) and has neither a comparator word nor a target
    verb of its own ("新增停车位2万个以上，其中福州6000个、厦门4000个"; "按总费率1%征缴，其中用人单位0.7%"; not
    "其中五星级机构达到7家", "其中力争建成20公里"); so is the next figure of the same sentence after a part
    (``part_end``: its end) without an aim of its own ("…、其他设区市各1500个以上", "，职工个人0.3%")."""
    m = None
    for m in rules.breakdown.finditer(text, clause, cs):
        pass
    if m is not None and m.start() > clause and text[m.start() - 1] not in "，,；;：:（(":
        m = None
    if m is None and part_end < 0:
        return False
    start = m.end() if m is not None else part_end
    own = text[start:cs]
    if any(w in own for w in rules.before_cmp) or any(w in own for w, _ in rules.clause_cues):
        return False
    return (rules.triggers.search(text, start, clause_end) is None
            and rules.verb_forms.search(text, start, clause_end) is None)


def opens(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence (after white space)."""
    head = text[max(0, pos - 8):pos].rstrip(" \t\u3000")
    return not head or head[-1] in "。；;！!？?\n"


def magnitude_item(text: str, s0: int, cs: int, value: float, unit: Optional[str], rules: TargetRules) -> bool:
    """Whether the count at ``cs`` is one of the counts a programme named by their magnitudes before it in its sentence
    stands for, over its "；"-clauses (from ``s0`` back to the last 。, at most 300 characters: "持续打造“十百千”工程，…选取
    10家…100个…，发挥1000名…", "实施“百千万”工程：…1万个…；…100个…": rule ``magnitude_project``)."""
    window = max(0, cs - 300)
    m = rules.magnitude_project.search(text, min(s0, max([window] + [text.rfind(c, window, cs) + 1 for c in "。\n！？"])), cs)
    if m is None:
        return False
    total = value * (parse_number(unit[0]) if unit and unit.startswith("万") else 1)
    return any(total == parse_number(c) for c in m.group("name"))
