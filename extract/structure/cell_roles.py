"""Department cells of assignment tables.

``parse_cell(s, offset, role, first_is_lead)`` reads one department cell whose
column has a role (lead, participants, responsible) into an
:class:`~extract.structure.assignments.Assignment` with clean-text spans.
"""

from __future__ import annotations

from extract.structure.assignments import Assignment, lead_marked, parse_assignment


def parse_cell(s: str, offset: int, role: str, first_is_lead=False) -> Assignment:
    """Read one department cell of an assignment table whose column has
    ``role`` ("lead", "participants" or "responsible").

    Roles stated in the cell win: "A牵头，B配合" gives lead A and participant
    B; "A（牵头）、B" (see ``cell_lead_mark``) gives lead A, and B the column's role
    (participants in a 牵头 column);
    otherwise every unit takes the column's role, split by ``first_is_lead``.  Never raises.
    """
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


def _names(units) -> list:
    return [n for n, _ in units]


_ROLE_WORD = {"lead": "牵头", "participants": "参与", "responsible": "负责"}  # appended to a bare cell
