"""Memos of pure functions, kept for one document at a time.

``offset_memo(fn)`` wraps ``fn(s, offset, *rest) -> [(name, (start, end)), …]`` whose spans are
``offset`` plus positions in ``s`` (so the same ``s`` and ``rest`` at another offset give the same
names, shifted): it remembers the answers by ``(s, *rest)`` and returns a new list on every call.
``rest`` must be hashable and ``fn`` pure (the rules and gazetteers it reads do not change while a
document is read).  ``memoized(copy)(fn)`` remembers ``fn(*args)`` by its arguments and returns
``copy(answer)`` on every call (so a caller may change what it gets; unhashable arguments: not
remembered).  ``document_memo()`` is a dict for a reader's own memo (which must keep to ``LIMIT``
itself).  ``clear()`` forgets every memo: :func:`extract.pipeline.extract_text` calls it
for each text, so nothing kept outlives one document (a text read twice costs twice what it costs
once) and memory stays bounded; a memo that grows past ``LIMIT`` entries (callers outside the
pipeline) starts again.

Kept memos (``offset_memo(fn, kept=True)``, ``kept_memo()``) hold pure per-string answers — a list of
unit names, a bracket's reading — across the documents a process reads (a corpus names the same
units again and again): ``clear()`` leaves them, ``forget_all()`` empties them too (a benchmark
that reads the same files twice calls it between passes, so that each pass is a first reading);
they keep to ``LIMIT`` entries each like the others.  Only a function whose answer depends on its
arguments alone (the rule files and gazetteers, read once, do not change) may keep them.

``lasting(maxsize)(fn)`` is ``functools.lru_cache(maxsize)`` for a pure function of positional arguments
whose answers are shared (not copied) and outlive every ``clear`` and ``forget_all`` (a name's shape, its
gazetteer entry): the answers are kept in plain dicts (see ``lasting``), which start again at ``maxsize``
entries.  An ``lru_cache`` of 40,000 names is one object whose every entry the garbage collector visits at
each full collection (about a tenth of a second for the caches of a corpus); a dict that holds only
strings, numbers, None and tuples of them is not tracked at all, so the answers that are such values are
kept apart from the others.  ``cache_clear()`` forgets them.  A function of one argument is called with
it by position; a call of another with keyword arguments is not remembered.
"""

from __future__ import annotations

from functools import wraps

__all__ = ["LIMIT", "clear", "document_memo", "forget_all", "kept_memo", "lasting", "memoized", "offset_memo"]

LIMIT = 20_000
_MEMOS: list[dict] = []
_KEPT: list[dict] = []  # memos kept across documents (see module doc)
_MISSING = object()


def clear() -> None:
    """Forget every memo's answers."""
    for memo in _MEMOS:
        memo.clear()


def forget_all() -> None:
    """Forget every memo's answers, the kept ones too."""
    clear()
    for memo in _KEPT:
        memo.clear()


def document_memo() -> dict:
    """A new dict that ``clear()`` empties."""
    memo: dict = {}
    _MEMOS.append(memo)
    return memo


def kept_memo() -> dict:
    """A new dict that ``clear()`` leaves and ``forget_all()`` empties (see module doc)."""
    memo: dict = {}
    _KEPT.append(memo)
    return memo


def memoized(copy):
    """Decorator: ``fn`` remembering its answers by its arguments, each call given ``copy(answer)``."""
    def decorate(fn):
        memo = document_memo()

        @wraps(fn)
        def wrapped(*args, **kwargs):
            key = (args, tuple(kwargs.items())) if kwargs else args
            try:
                got = memo.get(key, _MISSING)
            except TypeError:  # an unhashable argument
                return fn(*args, **kwargs)
            if got is _MISSING:
                got = fn(*args, **kwargs)
                if len(memo) >= LIMIT:
                    memo.clear()
                memo[key] = got
            return copy(got)

        wrapped.uncached = fn
        return wrapped
    return decorate


def offset_memo(fn=None, *, kept: bool = False):
    """``fn`` remembering its answers relative to their offset (see module doc); ``kept``: across
    documents (``@offset_memo(kept=True)``)."""
    if fn is None:
        return lambda f: offset_memo(f, kept=kept)
    memo = kept_memo() if kept else document_memo()

    @wraps(fn)
    def wrapped(s, offset, *rest):
        key = (s, *rest)
        got = memo.get(key)
        if got is not None:
            return [(n, (a + offset, b + offset)) for n, (a, b) in got]
        out = fn(s, offset, *rest)
        if len(memo) >= LIMIT:
            memo.clear()
        memo[key] = tuple([(n, (a - offset, b - offset)) for n, (a, b) in out])  # (a tuple of tuples: the collector
        # stops visiting it once it has seen what it holds)
        return out

    wrapped.uncached = fn
    return wrapped


_PLAIN = (str, int, float, bool, tuple, type(None))  # answers a dict may hold untracked (tuples: once their
# items are seen to be such values, by the collector itself)


def lasting(maxsize: int):
    """Decorator: ``fn`` remembered across documents in plain dicts (see module doc).  One argument: the dicts
    are keyed by it; two: by the first, in a dict for each second (a key of strings, not a tuple, which the
    collector would track again at each new entry); more: by their tuple."""
    def decorate(fn):
        plain: dict = {}  # answers the collector does not track (see _PLAIN)
        held: dict = {}  # the other answers (objects), few
        by_second: dict = {}  # second argument -> (plain, held) of the calls with two

        def remember(key, got, keep: tuple[dict, dict]) -> None:
            kept = keep[0] if type(got) in _PLAIN else keep[1]
            if len(kept) >= maxsize:
                kept.clear()
            kept[key] = got

        @wraps(fn)
        def wrapped(*args, **kwargs):
            if kwargs:
                return fn(*args, **kwargs)
            if len(args) == 1:
                key, keep = args[0], (plain, held)
            elif len(args) == 2:
                key, keep = args[0], by_second.get(args[1])
                if keep is None:
                    keep = by_second[args[1]] = ({}, {})
            else:
                key, keep = args, (plain, held)
            got = keep[0].get(key, _MISSING)
            if got is _MISSING:
                got = keep[1].get(key, _MISSING)
                if got is _MISSING:
                    got = fn(*args)
                    remember(key, got, keep)
            return got

        def one(arg):  # (a function of one argument: no packing, the answer in one look)
            try:
                return plain[arg]
            except KeyError:
                pass
            got = held.get(arg, _MISSING)
            if got is _MISSING:
                got = fn(arg)
                remember(arg, got, (plain, held))
            return got

        def cache_clear() -> None:
            plain.clear()
            held.clear()
            by_second.clear()

        out = wraps(fn)(one) if _one_argument(fn) else wrapped
        out.cache_clear = cache_clear
        return out
    return decorate


def _one_argument(fn) -> bool:
    """``fn`` takes exactly one argument, positional or not (no default, no ``*args``/``**kwargs``)."""
    code = fn.__code__
    return (code.co_argcount == 1 and not code.co_kwonlyargcount and not code.co_posonlyargcount
            and not fn.__defaults__ and not code.co_flags & (0x04 | 0x08))
