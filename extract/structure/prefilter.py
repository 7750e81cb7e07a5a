"""A compiled pattern that first checks, with ``in``, for a literal every match needs.

``needed_literals(pattern)`` reads a pattern (:mod:`re`'s own parser) and returns a set of
strings at least one of which occurs in any string the pattern matches (lookarounds
included: a positive lookahead's or lookbehind's text is in the string too), or None when
it cannot tell (a pattern that may match with no fixed text, ``re.IGNORECASE``, a
construct it does not know).  ``prefiltered(rx)`` wraps a compiled pattern whose needed
literals are known: its ``match``/``search``/``fullmatch`` return None at once when the
string holds none of them, else what the pattern returns; every other attribute is the
pattern's own.  The answers are always the pattern's: the check only skips calls that
cannot match (the rules' clause patterns fail on most clauses, after trying up to 60
lazy positions each).  Raises what :func:`re.compile` raises on a bad pattern.
"""

from __future__ import annotations

import re
import sys

from re import _constants as C, _parser as P  # type: ignore[attr-defined]  # Python >= 3.11 (pyproject)

from extract.rules.loader import trie_regex

__all__ = ["any_needed", "needed_literals", "prefiltered", "prefiltered_values"]

_MAX = 32  # more needed literals than this: no filter (the one trie scan of the check would cost what the match does;
# up to 32 it is several times cheaper than the lazy clause patterns it skips: rule prose.acts needs 30)
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())


def _minimal(words: set[str]) -> frozenset[str]:
    """``words`` without those that hold a shorter one (which is then found anyway)."""
    return frozenset(w for w in words if not any(v != w and v in w for v in words))


def _union(parts) -> frozenset[str] | None:
    out: set[str] = set()
    for p in parts:
        if p is None:
            return None
        out |= p
    return _minimal(out) if out and len(out) <= _MAX * 4 else None


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two needs: the longer shortest literal, then the fewer literals."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _seq(items) -> frozenset[str] | None:
    best, run = None, ""
    for op, av in list(items) + [(None, None)]:
        if op is C.LITERAL:
            run += chr(av)
            continue
        if run:
            best, run = _better(best, frozenset([run])), ""
        if op is not None and op is not C.AT:
            best = _better(best, _item(op, av))
    return best


def _item(op, av) -> frozenset[str] | None:
    if op is C.LITERAL:
        return frozenset([chr(av)])
    if op is C.IN:
        chars = [chr(v) for kind, v in av if kind is C.LITERAL]
        return frozenset(chars) if len(chars) == len(av) and chars else None  # (a NEGATE, a range: no)
    if op is C.SUBPATTERN:
        add_flags = av[1]
        return None if add_flags & re.IGNORECASE else _seq(av[3])
    if op is C.BRANCH:
        return _union(_seq(alt) for alt in av[1])
    if op in _REPEATS:
        return _seq(av[2]) if av[0] >= 1 else None
    if op is C.ASSERT:  # (?=…) / (?<=…): its text is in the string as well
        return _seq(av[1])
    if getattr(C, "ATOMIC_GROUP", None) is op:
        return _seq(av)
    if op is C.GROUPREF_EXISTS:
        return _union([_seq(av[1]), _seq(av[2]) if av[2] is not None else None])
    return None  # ASSERT_NOT, ANY, NOT_LITERAL, CATEGORY, GROUPREF, …: nothing fixed


def _needs(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` holds (however many), or None."""
    if flags & re.IGNORECASE:
        return None
    parsed = P.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _seq(parsed) or None


def needed_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` holds, or None (see module doc)."""
    need = _needs(pattern, flags)
    return need if need and len(need) <= _MAX else None


def any_needed(patterns):
    """``search(s[, pos[, endpos]])`` of one alternation of every literal the compiled ``patterns``
    need: where it finds nothing, none of the patterns can match (anywhere in that part of ``s``).
    None when one of the patterns needs no fixed text (no such test then)."""
    words: set[str] = set()
    for rx in patterns:
        need = _needs(rx.pattern, rx.flags) if isinstance(rx.pattern, str) else None
        if not need:
            return None
        words |= need
    return _any_of(_minimal(words)).search


def _any_of(words) -> re.Pattern:
    """A pattern finding any of ``words`` (a trie: the engine follows one path per position instead of
    trying every word; found where a flat alternation finds one, the longest word at that start)."""
    return re.compile(trie_regex(words))


class Prefiltered:
    """A compiled pattern behind a check for its needed literals (see module doc)."""

    __slots__ = ("rx", "needs", "groupindex", "pattern", "flags", "groups", "match", "search", "fullmatch")

    def __init__(self, rx: re.Pattern, needs: frozenset[str]):
        self.rx, self.needs = rx, tuple(sorted(needs))
        self.groupindex, self.pattern, self.flags, self.groups = rx.groupindex, rx.pattern, rx.flags, rx.groups
        if len(needs) == 1:  # the ``in`` test written into the wrapper: no second call per check
            (word,) = needs
            for name in ("match", "search", "fullmatch"):
                setattr(self, name, _checked_word(word, getattr(rx, name)))
            return
        if len(needs) == 2:
            first, second = sorted(needs)
            for name in ("match", "search", "fullmatch"):
                setattr(self, name, _checked_words(first, second, getattr(rx, name)))
            return
        # one scan for any of them (cheaper than an ``in`` per literal from the third on)
        may = _any_of(needs).search
        for name in ("match", "search", "fullmatch"):
            setattr(self, name, _checked(may, getattr(rx, name)))

    def __getattr__(self, name):
        return getattr(self.rx, name)

    def __repr__(self) -> str:
        return f"prefiltered({self.rx!r}, needs={list(self.needs)})"


def _checked(may, call):
    """``call(s, pos, endpos)`` when ``may(s)``, else None."""
    def checked(s: str, pos: int = 0, endpos: int = sys.maxsize):
        return call(s, pos, endpos) if may(s) else None
    return checked


def _checked_word(word: str, call):
    """``call(s, pos, endpos)`` when ``word in s``, else None."""
    def checked(s: str, pos: int = 0, endpos: int = sys.maxsize):
        return call(s, pos, endpos) if word in s else None
    return checked


def _checked_words(first: str, second: str, call):
    """``call(s, pos, endpos)`` when ``first in s or second in s``, else None."""
    def checked(s: str, pos: int = 0, endpos: int = sys.maxsize):
        return call(s, pos, endpos) if first in s or second in s else None
    return checked


def prefiltered(rx: re.Pattern):
    """``rx`` behind the check for its needed literals, or ``rx`` itself when none is known."""
    needs = needed_literals(rx.pattern, rx.flags) if isinstance(rx.pattern, str) else None
    return Prefiltered(rx, needs) if needs else rx


def prefiltered_values(make):
    """Decorator: the dict ``make()`` returns, its compiled patterns behind their checks (``prefiltered``)."""
    def wrapped(*args, **kwargs) -> dict:
        return {k: prefiltered(v) if isinstance(v, re.Pattern) else v for k, v in make(*args, **kwargs).items()}
    wrapped.__name__, wrapped.__doc__, wrapped.__wrapped__ = make.__name__, make.__doc__, make
    return wrapped
