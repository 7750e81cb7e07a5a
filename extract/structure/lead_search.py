"""``search`` for a pattern that opens with zero-width tests (and a run of one class), from what follows.

A pattern written ``(?:^|(?<=A)|(?<=B)…)[ \\t]*REST`` (``structure.yaml`` ``date.signature``) or
``(?<!X)REST`` (a glued table's bare header) has no fixed first character, so ``re`` tries its
anchors and lookarounds at every position of a long text.  ``lead_search(rx)`` gives an object
whose ``search(text, pos, endpos)`` returns exactly ``rx.search(text, pos, endpos)`` (the same
match object's spans and groups) while the engine skips, in C, to the places where ``REST``
matches (``REST`` compiled alone from ``re``'s own parse, searched with its own first-character
skip); at each such place ``q`` it calls ``rx.match`` at the starts of the run of the class that
ends at ``q`` (``q`` alone without a run), leftmost first.  That is exact when the opening holds
only zero-width tests, ``REST`` cannot start with a character of the run's class (so a match of
``rx`` at ``p`` has its run end at the first character after ``p`` outside the class) and nothing
refers back to a group; ``lead_search`` checks this on the parsed pattern and otherwise (or when
``REST`` has no first-character skip either) returns ``rx`` unchanged.  Raises nothing of its own.
"""

from __future__ import annotations

import re
import sys

from re import _compiler, _constants as C, _parser as P  # type: ignore[attr-defined]

from extract.rules.loader import _first_chars, _skips_itself

__all__ = ["LeadSearch", "lead_search"]

_REFERS = {C.GROUPREF, C.GROUPREF_EXISTS} | ({C.GROUPREF_IGNORE} if hasattr(C, "GROUPREF_IGNORE") else set())


def _zero_width(item) -> bool:
    op, av = item
    return op in (C.AT, C.ASSERT, C.ASSERT_NOT) or (
        op is C.BRANCH and all(all(map(_zero_width, alt)) for alt in av[1]))


def _refers(node) -> bool:
    """Whether a parsed pattern (or a piece of its tree) refers back to a group anywhere."""
    if isinstance(node, P.SubPattern):
        return any(op in _REFERS or _refers(av) for op, av in node)
    if isinstance(node, (list, tuple)):
        return any(_refers(x) for x in node)
    return False


class LeadSearch:
    """``rx`` searched from where its rest matches (module doc); other attributes are ``rx``'s."""

    __slots__ = ("rx", "run", "rest")

    def __init__(self, rx: re.Pattern, run: re.Pattern, rest: re.Pattern):
        self.rx, self.run, self.rest = rx, run, rest

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        endpos = min(endpos, len(text))
        match, find = self.rx.match, self.rest.search
        run = self.run.match if self.run is not None else None
        at = pos
        while True:
            found = find(text, at, endpos)
            if found is None:
                return None
            q = found.start()
            start = q
            while run is not None and start > pos and run(text, start - 1):
                start -= 1
            for p in range(start, q + 1):
                m = match(text, p, endpos)
                if m is not None:
                    return m
            at = q + 1

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        """``rx.finditer``'s matches (``rx`` never matches the empty string: :func:`lead_search`)."""
        while True:
            m = self.search(text, pos, endpos)
            if m is None:
                return
            yield m
            pos = m.end()

    def __getattr__(self, name):
        return getattr(self.rx, name)


def lead_search(rx: re.Pattern):
    """A :class:`LeadSearch` of ``rx`` when its shape allows (module doc), else ``rx`` itself."""
    if not isinstance(rx.pattern, str) or rx.flags & re.IGNORECASE:
        return rx
    try:
        parsed = P.parse(rx.pattern, rx.flags)
        items = list(parsed)
        k = 0
        while k < len(items) and _zero_width(items[k]):
            k += 1
        run = None
        if k < len(items) and items[k][0] is C.MAX_REPEAT and items[k][1][0] == 0:
            body = list(items[k][1][2])
            if len(body) == 1 and body[0][0] in (C.IN, C.LITERAL):
                run = _compiler.compile(P.SubPattern(parsed.state, body), rx.flags)
                k += 1
        rest = P.SubPattern(parsed.state, items[k:])
        firsts = _first_chars(rest)
        if (k == 0 or not firsts or _refers(parsed) or parsed.getwidth()[0] == 0 or not _skips_itself(rest, rx.flags)
                or (run is not None and any(run.match(ch) for ch in firsts))):
            return rx
        return LeadSearch(rx, run, _compiler.compile(rest, rx.flags))
    except Exception:  # a construct this does not read: keep the plain search
        return rx
