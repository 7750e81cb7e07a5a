"""Duties written as sentences whose subject is the unit (rule ``duty_lists``
in ``extract/rules/assignments.yaml``).

Pure functions over clean text; ``accept(name) -> bool`` (from ``tasks``)
decides what may stand for a unit, so "企业负责…" never assigns.

* ``is_duty_heading(title)``: a section about who does what (职责分工 …).
* ``read_clause(text, pos, end, accept)``: "<unit><verb>…" at ``pos`` as an
  :class:`~extract.structure.assignments.Assignment`, else None.
* ``duty_sentences(text, start, end, accept)``: the sentence runs of
  ``text[start:end]`` that each open with a duty clause: ``[(span, assignment)]``.
* ``unit_title(title, body, pos, accept)``: "1.街道消委办。牵头开展…" → the unit
  with the role of the first verb of ``body``.
* ``labelled_duties(text, start, end, accept)``: "责任分工：X负责…，Y配合".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from extract.structure.assignments import Assignment
from extract.structure.prose import accepted_units

Accept = Callable[[str], bool]
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")


@lru_cache(maxsize=1)
def _rules() -> dict:
    from extract.rules.loader import load_rules

    r = load_rules("assignments.yaml")["duty_lists"]
    return {"heading": re.compile(r["heading"]), "label": re.compile(r["label"]),
            "clause": re.compile(r["clause"]), "verbs": r["verbs"],
            "verb_any": re.compile("|".join(sorted(map(re.escape, r["verbs"]), key=len, reverse=True)))}


def is_duty_heading(title: str) -> bool:
    return bool(_rules()["heading"].search(title or ""))


def read_clause(text: str, pos: int, end: int, accept: Accept) -> Optional[Assignment]:
    """The duty clause "<unit><verb>…" starting at ``pos`` (before ``end``)."""
    r = _rules()
    clause = _CLAUSE.match(text, pos, end)
    if not clause:
        return None
    m = r["clause"].match(clause.group())
    if not m:
        return None
    names = accepted_units(m["list"], pos + m.start("list"), accept)
    if not names:
        return None
    a = Assignment(span=(pos, pos + m.end()))
    getattr(a, r["verbs"][m["verb"]]).extend(names)
    return a


def duty_sentences(text: str, start: int, end: int, accept: Accept) -> list[tuple[tuple[int, int], Assignment]]:
    """Runs of sentences in ``text[start:end]`` each opened by a duty clause;
    a sentence without one joins the run before it (text before the first
    run is not part of any)."""
    runs: list[list] = []
    for s in _SENTENCE.finditer(text, start, end):
        pos = s.start()
        while pos < s.end() and text[pos] in " \t\u3000":
            pos += 1
        a = read_clause(text, pos, s.end(), accept)
        if a is not None:
            runs.append([pos, s.end(), a])
        elif runs:
            runs[-1][1] = s.end()
    return [((s, e), a) for s, e, a in runs]


def unit_title(title: str, body: str, pos: int, accept: Accept) -> Optional[Assignment]:
    """The unit named by an item's title, with the role of the first role verb
    of ``body`` (responsible when none); None when the title is not a unit."""
    title = title.strip().rstrip("。：:")
    if not title or len(title) > 30 or not accept(title):
        return None
    r = _rules()
    m = r["verb_any"].search(body[:40])
    a = Assignment(span=(pos, pos + len(title)))
    getattr(a, r["verbs"][m.group()] if m else "responsible").append((title, (pos, pos + len(title))))
    return a


def labelled_duties(text: str, start: int, end: int, accept: Accept) -> list[Assignment]:
    """Clauses of "责任分工：…" sentences in ``text[start:end]`` that name a unit and its verb."""
    out = []
    for m in _rules()["label"].finditer(text, start, end):
        stop = text.find("。", m.end(), end)
        stop = end if stop == -1 else stop
        for c in _CLAUSE.finditer(text, m.end(), stop):
            a = read_clause(text, c.start(), c.end(), accept)
            if a is not None:
                out.append(a)
    return out
