"""One-character checks in front of a pattern, implied by its own matches (``guarded``).

A scan (``finditer``/``search``) tries a pattern at every position of a text; a pattern that opens with a
run of positive lookbehinds ("(?:(?<=考核占比)|(?<=考核权重为)|…)\\d+") evaluates every one of them at every
position before it fails.  ``guarded(pattern)`` puts in front of it ``(?<=[…])`` (the characters those
lookbehinds end with: the character before any match is one of them) and ``(?=…)`` (the one character every
match starts with), both implied by the pattern, so the matches are the same and most positions are passed
by one look.
"""

from __future__ import annotations

import re

from re import _constants as C, _parser as P  # type: ignore[attr-defined]  # Python >= 3.11 (pyproject)

__all__ = ["guarded"]

_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}  # (^, $, \b, lookarounds: no character of the match)


def guarded(pattern: str) -> str:
    """``pattern`` behind one-character checks its matches imply: ``(?<=[…])`` when it opens with positive
    lookbehinds whose last characters are known ("(?:(?<=考核占比)|(?<=考核权重为)|…)\\d+": the character before a
    match is one of 比, 为 …) and ``(?=…)`` for the one character every match starts with (``\\d``).  The same
    matches; a scan then passes a position by one look instead of trying every lookbehind (the non-target masks of
    ``targets.yaml``, tried at every digit of a text).  ``pattern`` itself when it has flags or neither is known."""
    items = P.parse(pattern)
    if items.state.flags & ~re.UNICODE:
        return pattern
    prev, first = _prev_chars(items), _opening_item(items)
    head = "(?<=[" + "".join(re.escape(c) for c in sorted(prev)) + "])" if prev else ""
    source = _class_source(*first) if first else None
    head += f"(?={source})" if source else ""
    return f"{head}(?:{pattern})" if head else pattern


_CATEGORY_SOURCE = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
                    C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}


def _class_source(op, av) -> str | None:
    """The source of the one-character item ``(op, av)`` (a literal or a class), or None."""
    if op is C.LITERAL:
        return re.escape(chr(av))
    if op is not C.IN:
        return None
    out = []
    for kind, v in av:
        if kind is C.NEGATE:
            out.append("^")
        elif kind is C.LITERAL:
            out.append(re.escape(chr(v)))
        elif kind is C.RANGE:
            out.append(f"{re.escape(chr(v[0]))}-{re.escape(chr(v[1]))}")
        elif kind is C.CATEGORY and v in _CATEGORY_SOURCE:
            out.append(_CATEGORY_SOURCE[v])
        else:
            return None
    return "[" + "".join(out) + "]"


def _opening_item(items):
    """The one-character item (a literal or a class) every match of the parsed ``items`` starts with, or None."""
    for op, av in items:
        if op in _ZERO_WIDTH or op is C.BRANCH and all(o in _ZERO_WIDTH for alt in av[1] for o, _ in alt):
            continue
        if op is C.LITERAL or op is C.IN:
            return op, av
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            return _opening_item(av[2])
        if op is C.SUBPATTERN and not av[1] and not av[2]:
            return _opening_item(av[3])
        return None
    return None


def _prev_chars(items) -> set[str] | None:
    """The characters the one before a match of the parsed ``items`` must be (the last characters of the positive
    lookbehinds it opens with), or None when it cannot tell."""
    for op, av in items:
        if op is C.ASSERT and av[0] < 0:
            last = list(av[1])[-1:]
            if last and last[0][0] is C.LITERAL:
                return {chr(last[0][1])}
            if last and last[0][0] is C.IN and all(kind is C.LITERAL for kind, _ in last[0][1]):
                return {chr(v) for _, v in last[0][1]}
        elif op is C.BRANCH:  # (?:(?<=A)|(?<=B)…): the last characters of all
            sets = [_prev_chars(alt) if all(o in _ZERO_WIDTH for o, _ in alt) else None for alt in av[1]]
            return set().union(*sets) if all(got for got in sets) else None
        elif op is C.SUBPATTERN and not av[1] and not av[2]:
            got = _prev_chars(av[3])
            if got or not all(o in _ZERO_WIDTH for o, _ in av[3]):
                return got  # (a group that consumes: what follows it is not at the match's start)
        elif op not in _ZERO_WIDTH:
            return None
    return None
