"""Titles and texts compared without spaces and markup: ``squeeze_title`` for one title, ``squeezed_index`` for a
whole text with the offset of each kept character (so that a title found in the squeezed text maps back to its
span).  Brackets are unified (ASCII → full width).  Pure; used by :mod:`extract.structure.documents` to find the
titles a compilation's table of contents names.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_SQUEEZE = re.compile(r"[\s#*>\u3000]+")
_KEPT = re.compile(r"[^\s#*>\u3000]+")


def squeeze_title(title: str) -> str:
    """A title without spaces and markup, brackets unified, for comparison."""
    t = _SQUEEZE.sub("", title)
    return t.replace("(", "（").replace(")", "）")


class _KeptOffsets:
    """``index[i]``: the offset in ``text`` of the ``i``-th kept character (:func:`squeezed_index`),
    from the runs of kept characters (their start in the squeezed text and in ``text``) instead
    of a list of every character's offset."""

    __slots__ = ("starts", "offsets", "size")

    def __init__(self, starts: list[int], offsets: list[int], size: int):
        self.starts, self.offsets, self.size = starts, offsets, size

    def __getitem__(self, i: int) -> int:
        if not 0 <= i < self.size:
            raise IndexError(i)
        k = bisect_right(self.starts, i) - 1
        return self.offsets[k] + i - self.starts[k]


def squeezed_index(text: str) -> tuple[str, _KeptOffsets]:
    """``text`` without whitespace/markup, and each kept char's offset (``index[i]``)."""
    chars, starts, offsets = [], [], []
    size = 0
    for m in _KEPT.finditer(text):
        chars.append(m.group())
        starts.append(size)
        offsets.append(m.start())
        size += m.end() - m.start()
    return "".join(chars).replace("(", "（").replace(")", "）"), _KeptOffsets(starts, offsets, size)
