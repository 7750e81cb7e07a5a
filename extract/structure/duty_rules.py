"""The rule data of the department-first duty readers (``duty_lists`` in ``extract/rules/assignments.yaml``), compiled
once, and the small tests on an entry that :mod:`extract.structure.duties` applies: the village groups an ``accept``
is widened by (GOLD_GUIDE R13), an entry of self-governing committees only (R3), an entry opening with a tie word
(联合/会同…: partners of the unit before), the partners of an entry's opening 会同/联合 clause.  Pure; no reader here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from extract.structure.assignments import Assignment
from extract.structure.assisting import with_assisted
from extract.structure.entry_names import self_governing

Accept = Callable[[str], bool]
CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")


@lru_cache(maxsize=1)
def rules() -> dict:
    from extract.rules.loader import load_rules

    r = load_rules("assignments.yaml")["duty_lists"]
    return {"heading": re.compile(r["heading"]), "label": re.compile(r["label"]),
            "opening_min": int(r["opening_min"]), "opening_max": int(r["opening_max"]), "opening_office": re.compile(r["opening_office"]),
            "opening_not": re.compile(r.get("opening_not") or "(?!)"), "together_leads": bool(r.get("together_leads")),
            "together_clause": re.compile(r["together_clause"]),
            "title_unit": re.compile(r["title_unit"]), "head_lead": re.compile(r["head_lead"]), "head_object": re.compile(r["head_lead_object"]),
            "clause": re.compile(r["clause"]), "joint_modal": re.compile(r["joint_modal"]), "actors": re.compile(r["actors"]), "verbs": r["verbs"], "colon": re.compile(r["colon"]),
            "colon_own": re.compile(r["colon_own"]["verb_first"]) if r["colon_own"]["enabled"] else None,
            "verb_any": re.compile("|".join(sorted(map(re.escape, r["verbs"]), key=len, reverse=True))),
            "tied": re.compile(r["tied_opening"]["pattern"]), "villages": re.compile(r["unit_heads"]["colon_villages"]),
            "line_heads": {"enabled": bool(r["line_heads"]["enabled"]), "min": int(r["line_heads"]["min"]),
                           "name_max": int(r["line_heads"]["name_max"]), "body_min": int(r["line_heads"]["body_min"]),
                           "name": re.compile(r["line_heads"]["name"]), "duty": re.compile(r["line_heads"]["duty"])}}


@lru_cache(maxsize=64)
def with_villages(accept: Accept) -> Accept:
    """``accept`` widened by the village groups of rule ``unit_heads.colon_villages`` (GOLD_GUIDE R13); one function per
    ``accept`` (the readers' memos are keyed by it)."""
    villages = rules()["villages"]
    return lambda name: accept(name) or bool(villages.match(name))


def opening_partners(body: str, accept: Accept) -> list:
    """The partners of the clause that opens an entry's ``body`` with 会同/联合 ("负责会同公安、城管部门查处…"), spans
    into ``body``; [] otherwise (:func:`~extract.structure.prose_clauses.partners_after`)."""
    if "会同" not in body[:16] and "联合" not in body[:16]:
        return []
    from extract.structure.prose_clauses import partners_after

    at = len(body) - len(body.lstrip(" \t\u3000。：:，,\r\n"))
    if with_assisted(body, at, len(body)):
        return []  # ("X：负责会同Y配合Z制订…": rule unit_heads.with_assisting reads it, assisting.assisting_body)
    clause = CLAUSE.match(body, at)
    return partners_after(body, at, clause.end() if clause else len(body), accept)


def committees_only(a: Assignment) -> bool:
    """Every unit of ``a`` is a self-governing committee ("各居委会", GOLD_GUIDE R3)."""
    names = a.lead + a.participants + a.responsible
    return bool(names) and all(self_governing(n) for n, _ in names)


def committee_head(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` opens with the colon head of a self-governing committee ("各居委会：负责…", rule ``colon``)."""
    while start < end and text[start] in " \t\u3000":
        start += 1
    m = rules()["colon"].match(text[start:end])
    return m is not None and self_governing(m["list"])


def tied(a: Assignment) -> bool:
    """The first unit of ``a`` opens with a tie word (rule ``duty_lists.tied_opening``: "联合各相关职能部门"): the
    partners of the unit before, no subject of their own."""
    names = a.lead + a.participants + a.responsible
    first = min(names, key=lambda n: n[1][0], default=None)
    return first is not None and rules()["tied"].match(first[0]) is not None
