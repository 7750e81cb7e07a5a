"""The record an assignment reader returns, and the text it reads unit names from.

:class:`Assignment` holds the units that lead, take part and are responsible, each a ``(name, span)`` with a
clean-text span.  ``mask_notes(s)`` blanks the notes, remarks and short-name clauses no unit is read from (same
length); ``without_alternative(name)`` drops a bracketed alternative at a name's end; ``remade(a, span, lead,
participants, responsible)`` is ``dataclasses.replace`` of those fields (a memo's copies, moved readings).  Rules:
``extract/rules/assignments.yaml``.  Never raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace

from extract.entities.unit_lists import Name
from extract.structure.assignment_rules import rules


@dataclass
class Assignment:
    span: tuple[int, int]
    lead: list[Name] = field(default_factory=list)
    participants: list[Name] = field(default_factory=list)
    responsible: list[Name] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.lead or self.participants or self.responsible)


_PLAIN: dict = {}  # class -> whether its init fields are Assignment's four (then made by a direct call)


def remade(a: Assignment, span, lead, participants, responsible) -> Assignment:
    """``dataclasses.replace(a, span=span, lead=lead, …)``, a direct call where the class has only those fields
    (a quarter of replace's cost: memos hand out a copy of every reading)."""
    cls = type(a)
    plain = _PLAIN.get(cls)
    if plain is None:
        plain = _PLAIN[cls] = [f.name for f in fields(cls) if f.init] == ["span", "lead", "participants", "responsible"]
    if plain:
        return cls(span, lead, participants, responsible)
    return replace(a, span=span, lead=lead, participants=participants, responsible=responsible)


def without_alternative(name: str) -> str:
    """``name`` without a bracketed alternative at its end ("其他相关部门（单位）" →
    "其他相关部门", rule ``labels.alternative``): what is looked up."""
    tail = rules()["alternative_tail"]
    return tail.sub("", name) if tail is not None and name.endswith(("）", ")")) else name


def mask_notes(s: str) -> str:
    """``s`` with carry-forward notes, convention remarks and the brackets they filled
    blanked out (same length): what unit names are read from."""
    r = rules()
    blank = lambda m: " " * len(m.group())  # noqa: E731
    s = r["remark_bracket"].sub(blank, r["carry"].sub(blank, s))
    for at, end, _, _ in label_notes(s, 0, len(s)):  # "B为实施单位，下同" (rule carry_forward.label_note)
        s = s[:at] + " " * (end - at) + s[end:]
    s = r["convention_clause"].sub(blank, s)  # "（责任单位：A，B，列第一位的为牵头单位）": no unit
    if "称" in s:  # "…各县（市）政府，以下简称“各市县政府”": the short name given, no unit (rule alias_clause)
        s = r["alias_clause"].sub(blank, s)
    # brackets a note filled are no part of a name ("省统计（以下均需X落实，不再列出）局")
    return _EMPTY_BRACKETS.sub(blank, s) if "（" in s or "(" in s else s


_EMPTY_BRACKETS = re.compile(r"[（(][ \t\n]*[）)]")


def label_notes(text: str, start: int, end: int) -> list[tuple[int, int, str, re.Match]]:
    """Notes naming units as holders of a label role onward ("X为实施单位，下同", rule ``carry_forward.label_note``) in
    ``text[start:end]``: (start of X, end of the note, the label, the match of X in ``text[..:为]``)."""
    r = rules()
    out = []
    for m in r["carry_label"].finditer(text, start, end):
        stop, label = m.end(), m["label"]
        for _ in range(4):  # "A为实施单位，B为配合单位，下同": B, then A (rule carry_forward.label_chained)
            named = r["carry_named"].search(text, max(start, m.start() - 60), m.start())
            if named is None:
                break
            out.append((named.start("named"), stop, label, named))
            m = r["carry_chained"].search(text, max(start, named.start("named") - 20), named.start("named"))
            if m is None:
                break
            stop, label = named.start("named"), m["label"]
    return sorted(out, key=lambda note: note[0])
