"""Undo conversion damage while keeping a map back to the original offsets.

``clean(original) -> CleanText`` removes Markdown bold markers, joins lines
that a page break or hard wrap split in mid-sentence, removes spaces inside
numbers and dates ("到 2025 年" → "到2025年") and unifies half-width brackets
and punctuation inside Chinese text with their full-width forms.

All edits are collected on the original text and applied once, so a single
:class:`OffsetMap` converts any clean offset back to the original text (and
back again).  The thresholds and character classes are data, in
``extract/rules/normalize.yaml``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .rules import load_rules

Span = tuple[int, int]


class OffsetMap:
    """Piecewise map between clean and original offsets.

    Built from the list of edits ``(orig_start, orig_end, replacement)``;
    offsets inside a replacement map to the start of the replaced region.
    """

    def __init__(self, edits: list[tuple[int, int, str]], original_length: int):
        # anchors: (clean_pos, orig_pos) at the start of every unchanged run
        clean_starts: list[int] = [0]
        orig_starts: list[int] = [0]
        kinds: list[bool] = [True]  # True: 1:1 run, False: inside replacement
        clean = 0
        orig = 0
        for start, end, repl in edits:
            clean += start - orig
            orig = start
            if repl:
                clean_starts.append(clean)
                orig_starts.append(orig)
                kinds.append(len(repl) == end - start)
                clean += len(repl)
            orig = end
            clean_starts.append(clean)
            orig_starts.append(orig)
            kinds.append(True)
        self._clean = clean_starts
        self._orig = orig_starts
        self._one_to_one = kinds
        self.clean_length = clean + (original_length - orig)
        self.original_length = original_length

    def to_original(self, pos: int) -> int:
        """Map a clean offset (0..len) to an original offset."""
        i = bisect.bisect_right(self._clean, pos) - 1
        delta = pos - self._clean[i]
        if not self._one_to_one[i]:
            delta = 0
        return min(self._orig[i] + delta, self.original_length)

    def span_to_original(self, span: Span) -> Span:
        """Map a clean ``(start, end)`` span to the original text."""
        start, end = span
        if end <= start:
            o = self.to_original(start)
            return (o, o)
        return (self.to_original(start), self.to_original(end - 1) + 1)

    def from_original(self, pos: int) -> int:
        """Map an original offset to the nearest clean offset at or after it."""
        i = bisect.bisect_right(self._orig, pos) - 1
        delta = pos - self._orig[i]
        if not self._one_to_one[i]:
            return self._clean[i]
        return min(self._clean[i] + delta, self.clean_length)


@dataclass
class CleanText:
    """Cleaned text plus the map back to the original text."""

    original: str
    text: str
    offsets: OffsetMap
    bold: list[Span] = field(default_factory=list)  # clean spans of **…**

    def orig_span(self, span: Span) -> Span:
        return self.offsets.span_to_original(span)

    def line_of(self, clean_pos: int) -> int:
        """1-based line number in the original text of a clean offset."""
        return self.original.count("\n", 0, self.offsets.to_original(clean_pos)) + 1


@lru_cache(maxsize=1)
def _compiled():
    rules = load_rules("normalize.yaml")
    return {
        "bold": re.compile(r"\*\*"),
        "breaks": re.compile(r"[ \t\u3000]*\n(?:[ \t\u3000]*\n)*[ \t\u3000]*"),
        "num_space": re.compile(rules["number_spaces"]["pattern"]),
        "no_end": re.compile(rules["join"]["continuation_end"] + r"\Z"),
        "new_block": re.compile(rules["join"]["block_start"]),
        "min_prev": int(rules["join"]["min_previous_line"]),
        "widths": {k: v for k, v in rules["full_width"]["map"].items()},
        "width_re": re.compile(rules["full_width"]["pattern"]),
    }


def _join_edits(text: str, c) -> list[tuple[int, int, str]]:
    """Newline runs to delete because they split a sentence."""
    edits = []
    for m in c["breaks"].finditer(text):
        start, end = m.span()
        if end >= len(text) or start == 0:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        prev = text[line_start:start].replace("**", "").strip()
        if len(prev) < c["min_prev"] or prev.startswith(("#", "|")):
            continue
        if not c["no_end"].search(prev):
            continue
        nl = text.find("\n", end)
        nxt = text[end: nl if nl != -1 else len(text)].lstrip("*")
        if not nxt or c["new_block"].match(nxt):
            continue
        edits.append((start, end, ""))
    return edits


def clean(original: str) -> CleanText:
    """Return the cleaned text of ``original`` with its offset map.

    Pure and linear in the length of the input; never raises on any ``str``.
    """
    c = _compiled()
    edits: list[tuple[int, int, str]] = []
    bold_marks = [m.start() for m in c["bold"].finditer(original)]
    edits.extend((p, p + 2, "") for p in bold_marks)
    edits.extend(_join_edits(original, c))
    edits.extend((m.start(), m.end(), "") for m in c["num_space"].finditer(original))
    widths = c["widths"]
    edits.extend((m.start(), m.end(), widths[m.group()]) for m in c["width_re"].finditer(original))
    edits.sort()
    merged: list[tuple[int, int, str]] = []
    last_end = -1
    for e in edits:
        if e[0] >= last_end:
            merged.append(e)
            last_end = e[1]
    parts = []
    pos = 0
    for start, end, repl in merged:
        parts.append(original[pos:start])
        parts.append(repl)
        pos = end
    parts.append(original[pos:])
    text = "".join(parts)
    offsets = OffsetMap(merged, len(original))
    bold = _bold_spans(original, bold_marks, offsets)
    return CleanText(original=original, text=text, offsets=offsets, bold=bold)


def _bold_spans(original: str, marks: list[int], offsets: OffsetMap) -> list[Span]:
    """Pair bold markers within a paragraph; an odd one out is ignored."""
    spans = []
    i = 0
    while i + 1 < len(marks):
        a, b = marks[i], marks[i + 1]
        # a pair may straddle a page break, but not a heading or a new item
        between = original[a + 2: b]
        if "\n#" in between or between.count("\n\n") > 2:
            i += 1
            continue
        spans.append((offsets.from_original(a + 2), offsets.from_original(b)))
        i += 2
    return spans
