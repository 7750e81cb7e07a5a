"""Who a task's units are, read over the whole task once its readers are done: a generic group standing
alone as the subject of a prose duty is no unit (GOLD_GUIDE R7, rule ``lone_group`` in
``extract/rules/assignments.yaml``), a unit named twice keeps its strongest role (R2, ``strongest_roles``), and an
item describing an expert group gives no task (R9, rule ``expert_group``: ``expert_items``).

有关部门 / 相关部门 / 各有关部门 / 其他相关部门 (and …和单位) name a unit only where they are tied to a named unit
or type ("X等有关部门", "X和（及、及其、或者）有关部门", after 会同 / 组织 / 配合 / 责成) or stand in an assignment
bracket or label ("（有关部门配合）", "责任单位：各有关部门和单位"), or take part beside a lead ("…，其他相关部门配合").  ``drop_lone_groups(text, tasks)``
takes such a group out of every task where its place in ``text`` shows none of these.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.rules.loader import load_rules


@lru_cache(maxsize=1)
def _rule() -> dict:
    r = load_rules("assignments.yaml")["lone_group"]
    return {"name": re.compile(r["pattern"]), "clause_start": r["clause_start"], "tie": re.compile(r["tie"]),
            "joined": re.compile(r["joined"]), "joined_not": re.compile(r["joined_not"]), "label": re.compile(r["label"])}


def stands_alone(text: str, span: tuple[int, int], name: str) -> bool:
    """Whether the generic group ``name`` at clean ``span`` of ``text`` stands alone (no unit)."""
    r = _rule()
    if not r["name"].fullmatch(name):
        return False
    s, e = span
    if text[s:e] != name:  # (a name read apart from its place: not judged)
        return False
    before = text[max(0, s - 60):s]
    cut = max(before.rfind(c) for c in r["clause_start"])
    clause = before[cut + 1:]
    if clause.count("（") + clause.count("(") + clause.count("〔") > clause.count("）") + clause.count(")") + clause.count("〕"):
        return False  # inside an assignment bracket
    if r["label"].search(clause):
        return False  # in a label's list ("责任单位：A，有关部门")
    if r["tie"].search(clause):
        return False  # "X等有关部门", "会同有关部门"
    joined = r["joined"].search(clause)
    return not (joined and not r["joined_not"].match(joined["unit"]))  # "X和有关部门", "审计及其他有关部门"


@lru_cache(maxsize=1)
def _composition() -> re.Pattern:
    return re.compile(load_rules("assignments.yaml")["composition"]["pattern"])


@lru_cache(maxsize=1)
def _composition_hint() -> re.Pattern:
    return re.compile(load_rules("assignments.yaml")["composition"].get("hint") or ".")


_ENDS = "。；;\n"
_END = re.compile("[" + _ENDS + "]")
_REACH = 400


def is_composition(sentence: str) -> bool:
    """Whether ``sentence`` states a body's composition and nothing else (rule ``composition``)."""
    return bool(_composition().search(sentence.strip()))


def _in_composition(text: str, span) -> bool:
    """Whether the name at ``span`` of ``text`` stands inside the words of a sentence that state a body's composition
    ("联席会议由A、B…组成，A为牵头单位": A; not "科技部组织专家进行综合论证，论证专家由…组成": 科技部 acts)."""
    if span is None or not 0 <= span[0] < len(text):
        return False
    low = max(0, span[0] - _REACH)  # (a sentence of at most _REACH characters each side: no scan of the whole text)
    at = span[0]
    start = max(text.rfind("。", low, at), text.rfind("；", low, at), text.rfind(";", low, at),
                text.rfind("\n", low, at)) + 1 or low  # (the marks of _ENDS)
    stop = _END.search(text, span[1], span[1] + _REACH)
    sentence = text[start:stop.end() if stop else min(len(text), span[1] + _REACH)]
    m = _composition().search(sentence.rstrip())
    return m is not None and start + m.start() <= span[0] < start + m.end()


def drop_lone_groups(text: str, tasks: list) -> None:
    """Take the generic groups that stand alone out of ``tasks``, and the units named in a sentence that states a body's
    composition (rule ``composition``: organisation, GOLD_GUIDE "Prose duties" 4) (in place)."""
    composed = tasks and bool(_composition_hint().search(text))  # (rule composition.hint: most texts state none)
    for task in tasks:
        for role in ("lead", "participants", "responsible") if composed else ():
            refs = getattr(task, role)
            if refs and any(_in_composition(text, r.span) for r in refs):
                setattr(task, role, [r for r in refs if not _in_composition(text, r.span)])
        for role in ("lead", "responsible"):  # (a group taking part is tied to the lead it helps)
            refs = getattr(task, role)
            if refs and any(_rule()["name"].fullmatch(r.name) for r in refs):
                setattr(task, role, [r for r in refs
                                     if r.span is None or not stands_alone(text, r.span, r.name)])


def strongest_roles(tasks: list) -> None:
    """A unit named more than once in a task with different roles is listed once, with the strongest role:
    lead > responsible > participants (GOLD_GUIDE R2: "X会同Y…；Y要…" → Y responsible); in place."""
    for task in tasks:
        kept: set = set()
        for role in ("lead", "responsible", "participants"):
            refs = []
            for r in getattr(task, role):  # (once in its role too: "X…。会同Y…" read by two readers)
                if r.name not in kept:
                    kept.add(r.name)
                    refs.append(r)
            setattr(task, role, refs)


@lru_cache(maxsize=1)
def _expert_group() -> re.Pattern:
    return re.compile(load_rules("assignments.yaml")["expert_group"]["pattern"])


def is_expert_item(title: str) -> bool:
    """Whether a task's heading words name an expert group and its make-up or duties (rule ``expert_group``)."""
    return bool(_expert_group().match(title or ""))


def expert_items(tasks: list) -> None:
    """Take the units out of the items that describe an expert group (GOLD_GUIDE R9: a body consulted); in place."""
    for task in tasks:
        if (task.lead or task.participants or task.responsible) and is_expert_item(task.title):
            task.lead, task.participants, task.responsible = [], [], []
