"""A file's own constraints checked in Python on its N-Triples lines, without building a store.

``check_lines(triples: bytes) -> list[str]`` gives what
:func:`graph.shape_checks.check_file` gives (one line per broken constraint of the
:data:`graph.shape_checks.FILE_CLASSES` nodes, evidence left out), from the same compiled
checks (:func:`graph.shape_checks.compile_checks`: each :class:`Check` carries its component and
argument), but by reading the lines with ``str`` operations instead of loading them into an
in-memory pyoxigraph store and running 50-odd SELECTs (about 30 ms of CPU a file of the sample,
against a few ms here).

It may report a break the store would not find, never the reverse: where reading a line's term
would need more than the plain forms the build writes (an escape in an IRI or a number, a
lexical form outside the plain patterns below, a datatype it has no pattern for, an
``rdfs:subClassOf`` triple), it reports the constraint as broken.  A file that reports anything
sends the build to the checks of the whole store (:func:`graph.shape_checks.verify_files`), which
decide; so the gate stays exactly as strict, and the pyoxigraph loader still parses every line
strictly.  ``tests/test_file_checks.py`` compares the two on the sample, the real fixtures, every
kind of break and a few hundred random changes, and checks each pattern against pyoxigraph's casts.
Never raises on a line it cannot read: it reports it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import Iterable, Optional, Sequence, Union

from .shape_checks import FILE_CLASSES, NOT_AT_BUILD, Check, _EVIDENCE, _local, compile_checks

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING, _LANG_STRING = _XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_SH = "http://www.w3.org/ns/shacl#"
_SUBJECT_STARTS = (b"<", b"_")

#: lexical forms that pyoxigraph's casts (``xsd:integer(STR(?v))``…) accept for sure (ASCII only,
#: no spaces); any other form of these types, and every form of another castable type, is reported
LEXICAL = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]+(\.[0-9]+)?"),
    _XSD + "gYear": re.compile(r"-?[1-9][0-9]{3}"),
    _XSD + "boolean": re.compile(r"true|false"),
    _XSD + "string": re.compile(r"[^\\]*", re.S),
}
_INTEGER = LEXICAL[_XSD + "integer"]
_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf\"'\\]))")
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ECHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None
                      else _ESCAPES[m.group(3)], text)


def _literal(term: str) -> tuple[str, str, str]:
    """(lexical form as written, datatype IRI as written, language) of an N-Triples literal."""
    end = term.rfind('"')
    lex, rest = term[1:end], term[end + 1:]
    if not rest:
        return lex, _STRING, ""
    if rest[0] == "@":
        return lex, _LANG_STRING, rest[1:]
    return lex, rest[3:-1] if rest.startswith("^^<") and rest.endswith(">") else "", ""


def _key(term: str) -> tuple:
    """A key equal for two written terms whenever they are the same RDF term (it may also join
    terms that differ only by the case of a language tag): what ``minCount`` counts."""
    if term[0] == '"':
        lex, dt, lang = _literal(term)
        return ("L", _unescape(lex), _unescape(dt), lang.lower())
    return (term[0], _unescape(term))


def _str(term: str) -> str:
    """SPARQL's STR() of a written IRI or literal (blank nodes: the label)."""
    return _unescape(_literal(term)[0] if term[0] == '"' else term[1:-1] if term[0] == "<" else term)


def _integer(term: str):
    """The value of a plainly written xsd:integer literal, else None."""
    if term[0] != '"':
        return None
    lex, dt, _ = _literal(term)
    return int(lex) if dt == _XSD + "integer" and _INTEGER.fullmatch(lex) else None


@lru_cache(maxsize=8)
def _checks_of(classes: frozenset) -> tuple[Check, ...]:
    return tuple(c for c in compile_checks() if c.target_class in classes and c.target_class not in NOT_AT_BUILD)


def _file_checks() -> tuple[Check, ...]:
    return _checks_of(FILE_CLASSES)


#: the components :func:`_broken` reads; a check of any other is broken by every focus node
COMPONENTS = frozenset({"minCount", "maxCount", "class", "datatype", "in", "nodeKind", "minLength",
                        "minInclusive", "lessThanOrEquals"})


def _broken(check: Check, written: list[bytes], other: list[bytes], types: dict[bytes, set[bytes]]) -> tuple[bool, str]:
    """Whether one focus node's values (``written``: its terms of the path, as written; ``other``:
    of the ``lessThanOrEquals`` property) break ``check``; with what to show."""
    kind, arg = check.component, check.arg
    if kind not in COMPONENTS:
        return True, " (a constraint these checks do not read: the store decides)"
    if kind == "minCount":  # one value written is one value; more are counted as terms
        n = len(set(written)) if arg <= 1 else len({_key(v.decode("utf-8", "replace")) for v in written})
        return n < arg, f" ({n} values)"
    if kind == "maxCount":
        n = len(set(written))  # distinct as written: at least as many as distinct terms
        return n > arg, f" ({n} values)"
    if kind == "class":
        cls = f"<{arg}>".encode()
        for v in written:
            if v[:1] != b"<" or cls not in types.get(v, ()):
                return True, f" value {_str(v.decode('utf-8', 'replace'))!r}"
        return False, ""
    other = [w.decode("utf-8", "replace") for w in other]
    for v in (w.decode("utf-8", "replace") for w in written):
        if kind == "datatype":
            bad = v[0] != '"' or _ill_typed(v, arg)
        elif kind == "in":
            bad = v not in arg
        elif kind == "nodeKind":
            bad = not v.startswith({_SH + "IRI": "<", _SH + "Literal": '"', _SH + "BlankNode": "_:"}[arg])
        elif kind == "minLength":
            bad = v.startswith("_:") or len(_str(v)) < arg
        elif kind == "minInclusive":
            n, bound = _integer(v), _integer(arg)
            bad = n is None or bound is None or n < bound
        else:  # lessThanOrEquals
            bad = any(_integer(v) is None or _integer(w) is None or _integer(v) > _integer(w) for w in other)
        if bad:
            return True, f" value {_str(v)!r}"
    return False, ""


def _suspects(check: Check, nodes: list[bytes], values: dict, types: dict[bytes, set[bytes]]) -> list[bytes]:
    """The focus ``nodes`` (in order) that may break ``check``: those :func:`_broken` must look at.
    A node left out certainly conforms (the same test as :func:`_broken`, in one comprehension over
    the nodes instead of a call per node: most checks are a count of 1 or a class)."""
    kind, arg, path = check.component, check.arg, check.path
    if kind == "minCount" and arg == 1:  # one value written is one value
        return [n for n in nodes if not values.get((n, path))]
    if kind == "maxCount":  # at most as many distinct terms as values written
        return [n for n in nodes if len(values.get((n, path), ())) > arg]
    if kind == "class":
        cls = f"<{arg}>".encode()
        return [n for n in nodes if not all(v[:1] == b"<" and cls in types.get(v, ()) for v in values.get((n, path), ()))]
    if kind == "datatype":
        plain = _plainly_typed(arg)
        if plain is not None:
            return [n for n in nodes if not all(plain(v) for v in values.get((n, path), ()))]
    return nodes


@lru_cache(maxsize=64)
def _plainly_typed(datatype: str):
    """A test on a written literal (bytes) that is true only when :func:`_ill_typed` is false for it:
    ``"lex"^^<datatype>`` (or, for ``xsd:string``, ``"lex"``) with ``lex`` of the plain pattern; None
    for a datatype without a pattern (every value goes to :func:`_broken`)."""
    if datatype not in LEXICAL or "\"" in datatype or ">" in datatype:
        return None
    pattern = re.compile(LEXICAL[datatype].pattern.encode("ascii"), LEXICAL[datatype].flags & re.S)
    suffix = f'"^^<{datatype}>'.encode("utf-8")
    cut = len(suffix)

    def plain(v: bytes) -> bool:
        if v[:1] != b'"':
            return False
        if v.endswith(suffix):
            return len(v) > cut and pattern.fullmatch(v, 1, len(v) - cut) is not None
        return (datatype == _STRING and len(v) > 1 and v[-1:] == b'"'
                and pattern.fullmatch(v, 1, len(v) - 1) is not None)
    return plain


def _ill_typed(literal: str, datatype: str) -> bool:
    """Whether a written literal is not of ``datatype`` or (a castable type) not plainly well formed."""
    lex, dt, _ = _literal(literal)
    if dt != datatype:
        return True
    if datatype in LEXICAL:
        return not LEXICAL[datatype].fullmatch(lex)
    return datatype in _CASTABLE


#: the datatypes whose lexical forms the compiled checks test by casting (graph.shape_checks.CASTABLE)
_CASTABLE = frozenset(_XSD + t for t in ("integer", "decimal", "boolean", "date", "gYear", "double", "float",
                                         "dateTime", "string"))


def _has_uchar(data: bytes) -> bool:
    """Whether ``data`` holds ``\\u`` or ``\\U`` (found by the backslashes, a few per file: faster than
    searching for the two bytes)."""
    at = data.find(b"\\")
    while at >= 0:
        if data[at + 1:at + 2] in (b"u", b"U"):
            return True
        at = data.find(b"\\", at + 2)
    return False


def plainly_written(*chunks: bytes) -> bool:
    """No tab and no ``\\u`` escape in any of ``chunks`` (each of whole lines): a line's second
    space-separated term is then its predicate as written and as read (IRIs hold no spaces)."""
    return not any(b"\t" in c or _has_uchar(c) for c in chunks)


def _read_plain(lines: Iterable[bytes], wanted: dict, types: dict, values: dict, unread: list) -> None:
    """The reading loop of :func:`check_lines` for lines with no tab and no ``\\u`` escape anywhere
    (``plain``): the same lines read and the same ones unread, without the tests a tab would need."""
    for line in lines:
        if not line or line.startswith(_EVIDENCE):
            continue
        try:
            s, pred, rest = line.split(b" ", 2)
        except ValueError:
            unread.append(line)
            continue
        p = wanted.get(pred)
        if p is None:  # another property: read over, unless its term is empty (two spaces)
            if not pred:
                unread.append(line)
            continue
        if rest[-2:] != b" ." or b"\\" in s or s[:1] not in _SUBJECT_STARTS:
            unread.append(line)  # not as the build writes lines (escaped IRIs…): the store decides
            continue
        o = rest[:-2]
        if not o or o != o.strip() or (o[:1] == b"<" and b"\\" in o) or p == _SUBCLASS:
            unread.append(line)  # (subclasses: the store's checks follow them)
            continue
        if p == _TYPE:
            types.setdefault(s, set()).add(o)
        else:
            values.setdefault((s, p), []).append(o)


def check_lines(triples: Union[bytes, Sequence[bytes]], classes: frozenset = FILE_CLASSES,
                plain: Optional[bool] = None) -> list[str]:
    """The violations of the constraints of ``classes`` (default :data:`FILE_CLASSES`: one file's
    own nodes) by the nodes ``triples`` types with them (module docstring).  ``triples``: N-Triples
    bytes, or several pieces of whole lines read in order as one; ``plain``: what
    :func:`plainly_written` says of them (or of more lines they were cut from: the caller's), else
    found here."""
    chunks = (triples,) if isinstance(triples, bytes) else tuple(triples)
    checks = _file_checks() if classes == FILE_CLASSES else _checks_of(classes)
    paths = ({c.path for c in checks} | {c.arg for c in checks if c.component == "lessThanOrEquals"}
             | {_TYPE, _SUBCLASS})
    wanted = {f"<{p}>".encode(): p for p in paths}
    types: dict[bytes, set[bytes]] = {}  # subject as written → classes as written
    values: dict[tuple[bytes, str], list[bytes]] = {}
    unread: list[bytes] = []
    # no tab and no \\u escape anywhere: a line's second space-separated term is its predicate as
    # written and as read (IRIs hold no spaces), so a line of another property can be passed over
    if plain is None:
        plain = plainly_written(*chunks)
    lines = chunks[0].split(b"\n") if len(chunks) == 1 else chain.from_iterable(c.split(b"\n") for c in chunks)
    if plain:
        _read_plain(lines, wanted, types, values, unread)
        lines = ()
    for line in lines:
        if line.startswith(_EVIDENCE) or not line:
            continue
        terms = line.split(b" ", 2)
        if len(terms) != 3:
            unread.append(line)
            continue
        p = wanted.get(terms[1])
        if p is None:  # a property no check of a file's nodes reads, unless it is written oddly
            if not (plain and terms[1]) and (terms[1][:1] != b"<" or terms[1][-1:] != b">" or b"\\" in terms[1]
                                             or b"\t" in terms[0]):
                unread.append(line)
            continue
        if (terms[2][-2:] != b" ." or b"\\" in terms[0] or b"\t" in terms[0]
                or terms[0][:1] not in _SUBJECT_STARTS):
            unread.append(line)  # not as the build writes lines (tabs, escaped IRIs…): the store decides
            continue
        o = terms[2][:-2]
        if not o or o != o.strip() or (o[:1] == b"<" and b"\\" in o) or p == _SUBCLASS:
            unread.append(line)  # (subclasses: the store's checks follow them)
            continue
        if p == _TYPE:
            types.setdefault(terms[0], set()).add(o)
        else:
            values.setdefault((terms[0], p), []).append(o)
    if unread:
        return [f"{len(unread)} line(s) not read by the per-file checks, e.g. {unread[0][:200]!r}"]
    focus: dict[bytes, list[bytes]] = {}
    for node, classes in sorted(types.items()):
        for cls in classes:
            focus.setdefault(cls, []).append(node)
    out = []
    for check in checks:
        found = []
        for node in _suspects(check, focus.get(f"<{check.target_class}>".encode(), ()), values, types):
            bad, shown = _broken(check, values.get((node, check.path), []),
                                 values.get((node, check.arg), []) if check.component == "lessThanOrEquals" else [],
                                 types)
            if bad:
                found.append(f"{node.decode('utf-8', 'replace')}{shown}")
                if len(found) == 3:
                    break
        if found:
            out.append(f"{_local(check.shape)}: {_local(check.path)} breaks {check.what}: {', '.join(found)}")
    return out
