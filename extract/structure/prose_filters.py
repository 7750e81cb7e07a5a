"""What a prose assignment loses after the clause reader found it (rule ``prose`` in
``extract/rules/assignments.yaml``): self-governing bodies, regulated parties and groups that name no kind of
body (``without_self_governing``), a penalty's body no one can tell (``unknown_penaliser``), leading groups
(``organisation``) and, in an item of a bracket document, exhortations (``everywhere_units``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities import departments
from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.prose_rules import everywhere_rules, rules as _prose_rules
from extract.structure.prose_subjects import Acted

__all__ = ["everywhere_units", "item_opening", "organisation", "unknown_penaliser", "without_self_governing"]


def without_self_governing(found: list[Assignment], article: bool = False) -> list[Assignment]:
    """``found`` without the self-governing bodies and owners' committees a regulation obliges
    (村民委员会, 业主委员会: rule ``prose.self_governing``), the groups that name no kind of body
    (各级各部门: rule ``prose.no_kind``) and, in a regulation's ``article``, the regulated parties it obliges
    (网约车平台公司, 出租汽车行业协会: rule ``prose.regulated_party``); an assignment left with no unit is dropped."""
    if not found:  # (most clauses' readings: nothing to filter)
        return []
    rx, kinds = _prose_rules()["self_governing"], _prose_rules()["no_kind"]
    party = _prose_rules()["regulated_party"] if article else None

    def dropped(name: str) -> bool:
        if rx.search(name) or party is not None and party.search(name):
            return True
        group = departments.resolve(name)
        return bool(group and group.group and group.kind in kinds)

    out = []
    for a in found:
        for role in ("lead", "participants", "responsible"):
            names = getattr(a, role)
            if any(dropped(n) for n, _ in names):
                setattr(a, role, [x for x in names if not dropped(x[0])])
        if a.lead or a.participants or a.responsible:
            out.append(a)
    return out


def unknown_penaliser(a: Assignment, text: str) -> bool:
    """Every unit of ``a`` is a body no one can tell, named after 由 in a penalty (rule ``by_generic_penalty``:
    "由有关部门按照《…》进行处理"), whichever rule read it."""
    r = _prose_rules()
    names = a.lead + a.participants + a.responsible
    if not names or not all(r["by_generic_penalty"].match(n) and text.startswith("由", at - 1) for n, (at, _) in names):
        return False
    tail = text[a.span[1]:a.span[1] + 6]
    return any(v in text[a.span[0]:a.span[1]] or tail.startswith(v) for v in r["by_penalty_verbs"])


def organisation(a: Assignment) -> bool:
    """Every unit of ``a`` is a leading group or a command (rule ``prose.everywhere.organisation``)."""
    org = everywhere_rules()[1]
    names = a.lead + a.participants + a.responsible
    return bool(names) and all(org.search(n) for n, _ in names)


def everywhere_units(text: str, assignments: list[Assignment], exhortations: bool = True,
                     opening: int | None = None) -> list[Assignment]:
    """The prose assignments of an item of a bracket document (rule ``prose.everywhere``) without
    leading groups (领导小组) and, with ``exhortations``, without a generic group told only to do its
    part ("省有关部门按职责分工负责" in a 保障措施 heading's paragraph).  An assignment of rule
    ``prose.subject_verb`` (the generic subject–verb reader) is read only in the opening sentence of a leaf item
    that starts at ``opening`` (after its title: "（7）区社会事业局紧急安置和救助灾民…", "（二）建设繁育基地。X承担…";
    rule ``prose.everywhere``, ``acted_*``): a bracket document names its units in brackets, labels or tables, and later
    in an item its prose is read only where a listed modal or role verb follows the unit (a table crawled into
    the item's last paragraph reads as a list of units before a verb)."""
    e = everywhere_rules()
    out = []
    for a in assignments:
        if isinstance(a, Acted) and not (opening is not None and item_opening(text, opening, a.span[0])):
            continue
        if exhortations and e[0].match(text[a.span[0]:a.span[1]].strip()):
            continue
        for role in ("lead", "participants", "responsible"):
            setattr(a, role, [n for n in getattr(a, role) if not e[1].search(n[0])])
        if a.lead or a.participants or a.responsible:
            out.append(a)
    return out


def item_opening(text: str, opening: int, at: int) -> bool:
    """Whether ``at`` stands in the first sentence of the item that starts at ``opening``, after at most a short
    title sentence of its own ("（二）建设繁育基地。", "5.8省外食盐应急调运\u3000\u3000"; rule ``prose.everywhere``, ``acted_*``)."""
    rx, title_max = _acted_rules()
    ends = [m.end() for m in rx.finditer(text, opening, at)]
    return not ends or len(ends) == 1 and ends[0] - opening <= title_max


@lru_cache(maxsize=1)
def _acted_rules() -> tuple:
    r = load_rules("assignments.yaml")["prose"]["everywhere"]
    return re.compile(r["acted_sentence_end"]), int(r["acted_title_max"])
