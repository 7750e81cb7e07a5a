"""Department cells of assignment tables.

``parse_cell(s, offset, role, first_is_lead)`` reads one department cell whose
column has a role (lead, participants, responsible) into an
:class:`~extract.structure.assignments.Assignment` with clean-text spans.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_shape import is_unit_name
from extract.structure.assignments import Assignment, lead_marked, parse_assignment


def parse_cell(s: str, offset: int, role: str, first_is_lead=False) -> Assignment:
    """``_parse_cell``, a collective "相关委、办、局" (bodies of the kinds 委, 办, 局) kept one unit: a name
    of one suffix character after "、" goes with the name before it (h12t)."""
    if len(s) <= 8 and _EMPTY().fullmatch(s):
        return Assignment(span=(offset, offset + len(s)))  # (an empty mark, "——": no unit, rule empty_cell)
    a = _parse_cell(s, offset, role, first_is_lead)
    for field in ("lead", "participants", "responsible"):
        names = getattr(a, field)
        kept: list = []
        for name, span in names:
            if kept and len(name) == 1 and s[kept[-1][1][1] - offset:span[0] - offset] == "、" \
                    and kept[-1][0][-1] in _kind_chars() and name in _kind_chars():
                kept[-1] = (s[kept[-1][1][0] - offset:span[1] - offset], (kept[-1][1][0], span[1]))
            else:
                kept.append((name, span))
        setattr(a, field, kept)
    return a


@lru_cache(maxsize=1)
def _EMPTY() -> re.Pattern:
    from extract.structure.tables.cells import table_rules

    return re.compile(table_rules()["empty_cell"]["pattern"])


@lru_cache(maxsize=1)
def _kind_chars() -> str:
    from extract.structure.tables.cells import table_rules

    return table_rules()["cell_kind_list"]["chars"]


def _parse_cell(s: str, offset: int, role: str, first_is_lead=False) -> Assignment:
    """Read one department cell of an assignment table whose column has
    ``role`` ("lead", "participants" or "responsible").

    Roles stated in the cell win: "A牵头，B配合" gives lead A and participant
    B; "A（牵头）、B" (see ``cell_lead_mark``) gives lead A, and B the column's role
    (participants in a 牵头 column);
    otherwise every unit takes the column's role, split by ``first_is_lead``.  Never raises.
    """
    joint = _joint_lead(s, offset)
    if joint is not None:
        return joint
    stated = parse_assignment(s, offset)
    marked = lead_marked(s, offset, "participants" if role == "lead" else role)  # the others: the column's role
    from_mark = marked is not None and stated is not None and not stated.responsible \
        and _names(stated.lead) == _names(marked.lead) \
        and sorted(_names(stated.participants)) == sorted(_names(marked.participants) + _names(marked.responsible))
    if stated is not None and (stated.lead or stated.participants) and not from_mark \
            and not (marked is not None and any(n not in {m for m, _ in marked.lead} for n, _ in stated.lead)):
        return stated  # (unless a lead read from the words still carries its mark: "X（牵头）会同Y和Z")
    if marked is not None:  # (GOLD_GUIDE "roles": table columns)
        return marked
    a = Assignment(span=(offset, offset + len(s)))
    column = parse_assignment(s + _ROLE_WORD[role], offset, first_is_lead)  # a convention splits a list
    if column is not None:
        a.lead, a.participants, a.responsible = column.lead, column.participants, column.responsible
        if stated is None and role != "responsible":  # "A，B、C" in a 配合 column: A takes part too
            getattr(a, role).extend(a.responsible)
            a.responsible = []
    return a


@lru_cache(maxsize=1)
def _joint_rule() -> re.Pattern:
    from extract.structure.tables.cells import table_rules

    return re.compile(table_rules()["cell_joint_lead"]["pattern"])


def _joint_lead(s: str, offset: int) -> Optional[Assignment]:
    """A cell "X会Y" (the ledgers' short 会同, rule ``tables.yaml: cell_joint_lead``): lead X, participants
    Y, when both sides are unit names; else None."""
    if "会" not in s:
        return None
    m = _joint_rule().search(s)
    if m is None:
        return None
    left, right = s[:m.start()], s[m.end():]
    lead = parse_assignment(left + "牵头", offset)
    partners = parse_assignment(right + "配合", offset + m.end())
    if lead is None or partners is None or not lead.lead or not partners.participants \
            or not all(is_unit_name(n) for n, _ in lead.lead + partners.participants):
        return None
    return Assignment(span=(offset, offset + len(s)), lead=lead.lead, participants=partners.participants)


def _names(units) -> list:
    return [n for n, _ in units]


_ROLE_WORD = {"lead": "牵头", "participants": "参与", "responsible": "负责"}  # appended to a bare cell
