"""Prose duty sentences in a department-first duty list (rule ``duty_lists.prose_sentences`` in
``extract/rules/assignments.yaml``; GOLD_GUIDE "Prose duties" 6).

Under a heading about who does what (任务分工, 职责分工: :func:`~extract.structure.duties.is_duty_heading`)
each sentence that opens with its own unit is a task of that unit.  The duty-list reader
(:func:`~extract.structure.duties.read_clause`) knows the verbs of such lists ("X负责…", "X牵头…");
:func:`prose_clause` reads the others the way a prose duty is read: "X要将…纳入…", "X应会同Y共同推进…"
(roles from the verb phrase, :mod:`extract.structure.verb_roles`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Callable, Optional

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment

__all__ = ["at_heading", "colon_title", "division_first", "head_partner", "heading_units", "line_head", "title_head", "numbered_next", "past_mark", "prose_clause", "title_name"]


@lru_cache(maxsize=1)
def _enabled() -> bool:
    return bool(load_rules("assignments.yaml")["duty_lists"]["prose_sentences"]["enabled"])


@lru_cache(maxsize=1)
def _unit_sentences() -> dict:
    r = load_rules("assignments.yaml")["duty_lists"]["unit_sentences"]
    return {"enabled": bool(r["enabled"]), "name_max": int(r["name_max"]), "not_units": re.compile(r["not_units"]),
            "heading": re.compile(r["heading"]), "name_stop": re.compile(r["name_stop"]),
            "lead": re.compile(r["lead"]), "partner": re.compile(r["partner"])}


@lru_cache(maxsize=1)
def _first_at_heading() -> dict:
    r = load_rules("assignments.yaml")["duty_lists"]["first_at_heading"]
    return {"enabled": bool(r["enabled"]), "heading_max": int(r["heading_max"]), "division_words": re.compile(r["division_words"])}


def at_heading(text: str, start: int, at: int, inside: bool) -> bool:
    """Rule ``duty_lists.first_at_heading`` (GOLD_GUIDE R8 (a), (c)): whether only the item's heading line stands in
    ``text[start:at]`` before the sentence that opens a division's first run (at most ``heading_max`` characters and
    no sentence end before its own last character), so that the run starts at the heading, whatever its words
    ("（二）工作分工。各行业主管部门…", "二、职责分工\n区民防办：…", a measure's "（一）确定…。由区烟花办组织…"): the
    task then holds both R8's anchor at the heading and rule 6's at its first unit (h12d). ``inside``: the run opens
    inside that sentence (after a lead-in clause; kept for the callers, no longer decisive)."""
    r = _first_at_heading()
    before = text[start:at].strip(" \t\u3000\n")
    return r["enabled"] and len(before) <= r["heading_max"] and not _SENTENCE_END.search(before[:-1])


_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def _heading_only(text: str, start: int, end: int) -> str:
    """``text[start:end]`` stripped when it is one heading (at most ``heading_max`` characters, no sentence end
    before its last character), else None."""
    before = text[start:end].strip(" \t\u3000\n")
    ok = len(before) <= _first_at_heading()["heading_max"] and not _SENTENCE_END.search(before[:-1])
    return before if ok else None


def division_first(text: str, items: list, kinds: dict, tasks: list) -> None:
    """Rule ``duty_lists.first_at_heading`` over numbered sub-items (GOLD_GUIDE R8 (a), rule 6): under a heading line
    that names the division itself (``division_words``: "四、职责分工\n（一）区环境与国土资源局：牵头…") and is no task of
    its own, the first task of its first sub-item (that sub-item's own heading words at most before it) starts at the
    heading's number, so that it holds both R8's anchor at the heading and rule 6's at its unit; its text, units and
    the later tasks stay as they are."""
    from extract.model import Task

    r = _first_at_heading()
    if not r["enabled"]:
        return
    starts = sorted((t.span[0], k) for k, t in enumerate(tasks))
    for p, item in enumerate(items):
        if not item.children or isinstance(kinds.get(p), Task):
            continue
        child = items[item.children[0]]
        if child.style == "article":
            continue  # (a regulation's chapter over its articles: rule 7, not a division)
        words = _heading_only(text, item.head_start, child.start)
        if not words or not r["division_words"].search(words):
            continue
        limit = items[item.children[1]].start if len(item.children) > 1 else child.end or len(text)
        at = bisect_left(starts, (item.start, -1))
        first = starts[at] if at < len(starts) else None
        if first is None or not child.start <= first[0] < max(limit, child.end):
            continue
        t = tasks[first[1]]
        if any(child.start < x.start <= first[0] for x in items):
            continue  # ("二、任务分工（一）加强医院党的建设。1．…": the first task is a measure's sub-item)
        if (t.lead or t.participants or t.responsible) and _heading_only(text, child.head_start, max(t.span[0], child.head_start)) is not None:
            t.span = (item.start, t.span[1])


def opening_unit(text: str, pos: int, end: int, accept: Callable[[str], bool], most: int) -> str:
    """The longest name of at most ``most`` characters that opens ``text[pos:end]``, that ``accept`` takes and
    after which the clause's verb follows (a Chinese character), or ""; the name ends before the first word that
    opens a verb phrase ("公安（消防）部门依法对…": rule ``duty_lists.unit_sentences.name_stop``)."""
    stop = _unit_sentences()["name_stop"].search(text, pos + 2, min(end, pos + most + 1))
    most = min(most, stop.start() - pos) if stop else most
    for k in range(min(most, end - pos - 2), 1, -1):
        name = text[pos:pos + k]
        if "\u4e00" <= text[pos + k] <= "\u9fff" and accept(name):
            return name
    return ""


def division_heading(title: str) -> bool:
    """Whether a measure's heading words ``title`` name a division of duties whose sentences each open with a
    unit and any verb (rule ``duty_lists.unit_sentences.heading``: 形成工作合力, 明确职责)."""
    r = _unit_sentences()
    return r["enabled"] and bool(r["heading"].search(title))


def unit_sentence(text: str, pos: int, end: int, accept: Callable[[str], bool]) -> Optional[Assignment]:
    """Rule ``duty_lists.unit_sentences`` (GOLD_GUIDE "Prose duties" 6): under a duty heading (形成工作合力,
    职责分工) a sentence ``text[pos:end]`` that opens with a unit and a verb no rule knows ("发展改革部门将养老
    服务业发展纳入…", "财政部门对养老服务业发展给予财力保障") is that unit's duty: lead after 牵头, participants
    after 配合/协助, else responsible (roles of the verb phrase, rule verb_roles); None when it opens with no unit
    or with a group that names no body of its own (``not_units``: 其余成员单位, 各地)."""
    r = _unit_sentences()
    if not r["enabled"] or any(c in text[pos:pos + r["name_max"] + 1] for c in "：:"):
        return None  # ("教育部门：组织…": the colon reader's)
    name = opening_unit(text, pos, end, accept, r["name_max"])
    if not name or r["not_units"].match(name):
        return None
    from extract.structure.verb_roles import reread

    clause = text[pos + len(name):end]
    role = "lead" if r["lead"].match(clause) else "participants" if r["partner"].match(clause) else "responsible"
    a = Assignment(span=(pos, pos + len(name)))
    getattr(a, role).append((name, (pos, pos + len(name))))
    return reread(a, text, accept, True, end) if role == "responsible" else a


def prose_clause(text: str, pos: int, end: int, accept: Callable[[str], bool],
                 any_verb: bool = False) -> Optional[Assignment]:
    """The prose duty of the sentence ``text[pos:end]`` when it opens (at ``pos``) with its unit
    ("人力资源和社会保障部门、安全生产监督管理部门要将…纳入…" → responsible those two;
    "公安机关消防机构应会同人力资源和社会保障部门…" → lead X, participants Y), read by
    :func:`~extract.structure.prose.find_prose_assignments` as in a prose-only document; None when
    the rule is off, the sentence names no unit's duty or its first one does not open it.
    ``accept(name) -> bool``: what may stand for a unit; ``any_verb``: a measure whose own heading words name a
    division of duties ("（二）形成工作合力。…"), where a unit with any verb opens a duty (:func:`unit_sentence`)."""
    if not _enabled():
        return None
    from extract.structure.prose import find_prose_assignments  # (prose imports the duty-list reader)

    found = find_prose_assignments(text, pos, end, accept, duty="prose")
    first = min(found, key=lambda a: a.span[0], default=None)
    if first is None and not found and any_verb:
        return unit_sentence(text, pos, end, accept)  # "财政部门对…给予财力保障" (rule unit_sentences)
    if first is None or first.span[0] != pos:
        return None
    return first


@lru_cache(maxsize=1)
def _headings() -> dict:
    r = load_rules("assignments.yaml")["duty_lists"]["unit_headings"]
    return {"enabled": bool(r["enabled"]), "suffix": re.compile(r["title_suffix"]),
            "partner": re.compile(r["head_partner"]), "sibling_min": int(r["sibling_min"]),
            "lead_in_list": re.compile(r["lead_in_list"]), "line_head": re.compile(r["line_head"]),
            "title_head": re.compile(r["title_head"]), "title_tail": re.compile(r["title_tail"]),
            "title_organ": re.compile(r["title_organ"]), "colon_title": re.compile(r["colon_title"]),
            "partner_body": re.compile(r["partner_body"]), "lead_in_clause": re.compile(r["lead_in_clause"])}


def colon_title(text: str, start: int, end: int) -> bool:
    """Whether a heading's own text ``text[start:end]`` is only a name and a colon ("（三）X工作组:" over "1.…", rule
    ``duty_lists.unit_headings.colon_title``): no duty of its own, its sub-items are the name's."""
    h = _headings()
    return h["enabled"] and h["colon_title"].fullmatch(text, start, end) is not None


def title_name(title: str, body: str = "") -> str:
    """An item's heading words as the name of a unit: "（一）县文旅局职责。" → 县文旅局 (the duty word after the unit
    left out, rule ``duty_lists.unit_headings.title_suffix``); the words stripped of their end marks otherwise, and
    when the text after them (``body``) opens numbered sub-items (``lead_in_list``: "X的职责：(1)…")."""
    t = (title or "").strip().rstrip("。：: \t\u3000")
    h = _headings()
    if h["enabled"] and not (body and h["lead_in_list"].match(body)):
        m = h["suffix"].search(t)
        if m and m.start() >= 2:
            return t[:m.start()]
    return t


def heading_units(titles: list, accept: Callable[[str], bool]) -> bool:
    """Whether sibling headings over sub-items (their ``titles``) are a list of units: at least ``sibling_min`` of
    them (rule ``duty_lists.unit_headings``) and each a unit (:func:`title_name`)."""
    h = _headings()
    return h["enabled"] and len(titles) >= h["sibling_min"] and all(
        (n := title_name(t)) and len(n) <= 40 and accept(n) for t in titles)


def head_partner(text: str, start: int, end: int) -> bool:
    """Whether a sub-item ``text[start:end]`` of a unit heading opens with a partner verb ("配合开展联合执法": rule
    ``duty_lists.unit_headings.head_partner``): its unit takes part."""
    h = _headings()
    return h["enabled"] and (bool(h["partner"].match(text[start:min(end, start + 40)])) or _assists(text[start:end], h))


_SENTENCES = re.compile(r"[^。；;！!？?]+")
_CLAUSES = re.compile(r"[^，,：:]+")


def _assists(item: str, h: dict) -> bool:
    """Whether every sentence of an item's text after its title sentence (all of it when it has one sentence) opens,
    after lead-in clauses, with a partner verb (rules ``unit_headings.partner_body`` and ``lead_in_clause``)."""
    item = item.strip()
    sentences = [m.group() for m in _SENTENCES.finditer(item) if m.group().strip()]
    if len(sentences) > 1 and item[-1:] not in "。；;！!？?":  # the next list's title run into the item ("…。2016年X局…")
        sentences.pop()
    body = sentences[1:] if len(sentences) > 1 and "。" in item[:len(sentences[0]) + 1] else sentences
    if not body:
        return False
    for sentence in body:
        clauses = [c.group() for c in _CLAUSES.finditer(sentence)]
        while clauses and h["lead_in_clause"].match(clauses[0]) and not h["partner_body"].match(clauses[0]):
            clauses.pop(0)
        if not clauses or not h["partner_body"].match(clauses[0]):
            return False
    return True


def numbered_next(text: str, at: int) -> bool:
    """Whether numbered sub-items start at ``at`` (after spaces and line breaks: rule
    ``duty_lists.unit_headings.lead_in_list``): a colon there ("（一）县文旅局：\n1.牵头…") is a lead-in to them."""
    h = _headings()
    return h["enabled"] and bool(h["lead_in_list"].match(text[at:at + 12].lstrip()))


def past_mark(text: str, at: int, end: int) -> int:
    """Where the text after a numbering mark that opens ``text[at:end]`` starts ("1.牵头开展…" run into its unit's
    heading "（一）县文旅局。1.牵头…", rule ``duty_lists.unit_headings.lead_in_list``); ``at`` when none opens it."""
    h = _headings()
    m = h["lead_in_list"].match(text, at, end) if h["enabled"] else None
    return m.end() if m else at


def line_head(text: str, at: int, accept: Callable[[str], bool]) -> Optional[Assignment]:
    """The unit of an unnumbered line "区应急局：" / "区财政局职责：" that ends right before the item at ``at`` (rule
    ``duty_lists.unit_headings.line_head``): the head of that item and its later siblings; None otherwise."""
    h = _headings()
    m = h["line_head"].search(text, max(0, at - 40), at) if h["enabled"] else None
    if not m:
        return None
    name = title_name(m["name"])
    if not accept(name):
        return None
    pos = m.start("name")
    return Assignment(span=(pos, pos + len(name)), responsible=[(name, (pos, pos + len(name)))])


def title_head(text: str, at: int, accept: Callable[[str], bool]) -> Optional[Assignment]:
    """The unit of an unnumbered title "2016年X局环境保护目标责任" / "县文旅局工作任务" that ends right before the
    item at ``at`` (rule ``duty_lists.unit_headings.title_head``): the longest unit its words open with, when the
    rest of them is a ``title_tail``; None otherwise."""
    h = _headings()
    m = h["title_head"].search(text, max(0, at - 80), at) if h["enabled"] else None
    if not m:
        return None
    words, pos = m["words"], m.start("words")
    for cut in range(len(words) - 1, 1, -1):
        if h["title_tail"].match(words[cut:]) and h["title_organ"].search(words[:cut]) and accept(words[:cut]):
            return Assignment(span=(pos, pos + cut), responsible=[(words[:cut], (pos, pos + cut))])
    return None
