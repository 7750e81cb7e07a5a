"""Conventions stated once about who leads ("排在第一位的为牵头部门，下同", "逗号前为牵头单位，
其余按职责分工负责"), as values the assignment readers ask at a position.

A :class:`Convention` says which units lead (``kind``: the first listed one, or those before
the first comma), which role the other listed units take (``rest``: stated after the
convention, rule ``convention_rest`` in assignments.yaml; participants when unstated) and from
which clean-text offset it holds (``start``: the statement itself under "下同", else the start
of the document: a convention said once without "下同", even in one bracket, is meant for the
whole document).  :class:`Conventions` holds the ones of one document; ``convention_at`` reads
the one in force for text ending at a position.  The readers also accept the older flags:
``True`` (first listed leads, the rest take part) and ``"comma"`` (before the first comma lead,
the rest are responsible).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

#: ``Convention.kind`` values
FIRST = "first"
COMMA_KIND = "comma"
ALL_KIND = "all"  #: "无牵头单位的，责任单位即为牵头单位": every unit of an assignment naming no lead leads
SHARED_KIND = "shared"  #: "分工负责为各部门按职责分别牵头": each unit of a "按职责分工负责" list leads (other forms: no effect)


@dataclass(frozen=True)
class Convention:
    kind: str  # FIRST, COMMA_KIND, ALL_KIND or SHARED_KIND
    rest: str = "participants"  # role of the listed units that do not lead
    start: int = 0  # clean offset from which the convention holds
    shared: bool = False  # a "按职责分工负责" list leads whole (rule shared_lead, stated here or before: stacked)
    own_rest: bool = False  # the rest's role is unstated: a bracket's own role word gives it (rule bracket_rest)


@dataclass(frozen=True)
class Conventions:
    """The conventions of one document, by ``start``; the last one started before a position wins."""
    stated: tuple[Convention, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stated)

    def at(self, end: int) -> Optional[Convention]:
        """The convention in force for text ending at clean offset ``end`` (None: none)."""
        found = None
        for c in self.stated:
            if c.start < end:
                found = c
        return found


def convention_at(flag, end: int) -> Optional[Convention]:
    """The convention that ``flag`` (False, True, "comma", a Convention or Conventions)
    puts in force for text ending at ``end``.  Never raises."""
    if flag is True:
        return Convention(FIRST)
    if flag == COMMA_KIND:
        return Convention(COMMA_KIND, "responsible")
    if isinstance(flag, Conventions):
        return flag.at(end)
    if isinstance(flag, Convention):
        return flag if flag.start < end else None
    return None
