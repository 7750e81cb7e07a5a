"""Parentheticals that look like assignments but were not read (warning ``unparsed-assignment``;
rule ``unparsed_hint`` in assignments.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities.unit_lists import parentheticals
from extract.model import ExtractionWarning
from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment


@lru_cache(maxsize=1)
def _role_hint() -> re.Pattern:
    return re.compile(load_rules("assignments.yaml")["unparsed_hint"]["pattern"])


def unparsed(text: str, start: int, end: int, assignments: list[Assignment]) -> list[ExtractionWarning]:
    """Parentheticals that look like assignments but were not read."""
    out = []
    done = {a.span[0] - 1 for a in assignments}
    for s, e in parentheticals(text, start, end, 400):
        if s in done:
            continue
        inner = text[s + 1:e - 1]
        if _role_hint().search(inner) and len(inner) < 200:
            out.append(ExtractionWarning(code="unparsed-assignment",
                                         message=f"looks like an assignment but was not read: {inner[:60]}",
                                         span=(s, e)))
    return out
