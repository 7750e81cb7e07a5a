"""Conventions stated once about who leads ("排在第一位的为牵头部门，下同", "逗号前为牵头单位，
其余按职责分工负责"), as values the assignment readers ask at a position.

A :class:`Convention` says which units lead (``kind``: the first listed one, or those before
the first comma), which role the other listed units take (``rest``: stated after the
convention, rule ``convention_rest`` in assignments.yaml; participants when unstated) and where
it holds (``start``/``end``: from the statement on under "下同"; only its own bracket when
stated without "下同" inside an assignment bracket; else the whole document).  :class:`Conventions` holds the ones of one document; ``convention_at`` reads
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


@dataclass(frozen=True)
class Convention:
    kind: str  # FIRST or COMMA_KIND
    rest: str = "participants"  # role of the listed units that do not lead
    start: int = 0  # clean offset from which the convention holds
    end: Optional[int] = None  # where it stops holding (a bracket's end), None: the document's end


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
            if c.start < end and (c.end is None or end <= c.end):
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
        return flag if flag.start < end and (flag.end is None or end <= flag.end) else None
    return None
