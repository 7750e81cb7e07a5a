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
lazy positions each).  A pattern whose every match starts with one of a few characters
(``first_chars``: "^(?:关于|对于|针对)", "^本…") is checked first by the character its
``match``/``fullmatch`` would start at (one look instead of a scan of the whole string for the
literals).  Raises what :func:`re.compile` raises on a bad pattern.
"""

from __future__ import annotations

import re
import sys

from re import _constants as C, _parser as P  # type: ignore[attr-defined]  # Python >= 3.11 (pyproject)

from extract.rules.loader import trie_regex

__all__ = ["any_needed", "first_chars", "needed_literals", "prefiltered", "prefiltered_values"]

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


def _first_seq(items) -> tuple[frozenset[str], bool] | None:
    """(the characters a match of ``items`` may start with, whether it may be empty), None when unknown."""
    out: set[str] = set()
    for op, av in items:
        got = _first_item(op, av)
        if got is None:
            return None
        out |= got[0]
        if not got[1]:
            return frozenset(out), False
    return frozenset(out), True


_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}  # (^, $, \b, lookarounds: no character of the match)


def _first_item(op, av) -> tuple[frozenset[str], bool] | None:
    if op is C.LITERAL:
        return frozenset([chr(av)]), False
    if op in _ZERO_WIDTH:
        return frozenset(), True
    if op is C.IN:
        chars = [chr(v) for kind, v in av if kind is C.LITERAL]
        return (frozenset(chars), False) if len(chars) == len(av) and chars else None  # (a NEGATE, a range: no)
    if op is C.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _first_seq(av[3])
    if op is C.BRANCH:
        alts = [_first_seq(alt) for alt in av[1]]
        if any(a is None for a in alts):
            return None
        return frozenset().union(*(a[0] for a in alts)), any(a[1] for a in alts)
    if op in _REPEATS:
        got = _first_seq(av[2])
        return None if got is None else (got[0], got[1] or av[0] == 0)
    if getattr(C, "ATOMIC_GROUP", None) is op:
        return _first_seq(av)
    return None  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, …: any character


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters every match of ``pattern`` starts with (at most ``_MAX_FIRST``), or None: unknown, too
    many, or a pattern that may match the empty string."""
    if flags & re.IGNORECASE:
        return None
    parsed = P.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    got = _first_seq(parsed)
    return got[0] if got is not None and not got[1] and 0 < len(got[0]) <= _MAX_FIRST else None


_MAX_FIRST = 64


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
    """A compiled pattern behind a check for its needed literals and, for ``match``/``fullmatch``, for the
    character its match starts with (see module doc)."""

    __slots__ = ("rx", "needs", "first", "groupindex", "pattern", "flags", "groups", "match", "search", "fullmatch")

    def __init__(self, rx: re.Pattern, needs: frozenset[str] | None, first: frozenset[str] | None = None):
        self.rx, self.needs, self.first = rx, tuple(sorted(needs or ())), first
        self.groupindex, self.pattern, self.flags, self.groups = rx.groupindex, rx.pattern, rx.flags, rx.groups
        for name in ("match", "search", "fullmatch"):
            call = getattr(rx, name)
            call = _needs_checked(needs, call) if needs else call
            if first and name != "search":
                call = _first_checked(first, call)  # (one look first: the literals are then looked for only at a
                # right start)
            setattr(self, name, call)

    def __getattr__(self, name):
        return getattr(self.rx, name)

    def __repr__(self) -> str:
        return f"prefiltered({self.rx!r}, needs={list(self.needs)}, first={sorted(self.first or ())})"


def _needs_checked(needs: frozenset[str], call):
    """``call`` behind the check for ``needs``: the ``in`` test written into the wrapper for one or two literals (no
    second call per check), one trie scan for more (cheaper than an ``in`` per literal from the third on)."""
    if len(needs) == 1:
        (word,) = needs
        return _checked_word(word, call)
    if len(needs) == 2:
        return _checked_words(*sorted(needs), call)
    return _checked(_any_of(needs).search, call)


def _first_checked(first: frozenset[str], call):
    """``call(s, pos, endpos)`` when ``s[pos]`` is one of ``first`` (a match starts there), else None (a negative
    ``pos``, which the pattern reads as 0: the call)."""
    def checked(s: str, pos: int = 0, endpos: int = sys.maxsize):
        return call(s, pos, endpos) if s[pos:pos + 1] in first or pos < 0 else None
    return checked


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
    """``rx`` behind the checks for its needed literals and its first character, or ``rx`` itself when neither is
    known."""
    if not isinstance(rx.pattern, str):
        return rx
    needs, first = needed_literals(rx.pattern, rx.flags), first_chars(rx.pattern, rx.flags)
    return Prefiltered(rx, needs, first) if needs or first else rx


def prefiltered_values(make):
    """Decorator: the dict ``make()`` returns, its compiled patterns behind their checks (``prefiltered``)."""
    def wrapped(*args, **kwargs) -> dict:
        return {k: prefiltered(v) if isinstance(v, re.Pattern) else v for k, v in make(*args, **kwargs).items()}
    wrapped.__name__, wrapped.__doc__, wrapped.__wrapped__ = make.__name__, make.__doc__, make
    return wrapped

