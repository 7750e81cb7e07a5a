"""User values in our own queries: pyoxigraph substitutions, or safe text for a server.

A query of :mod:`graph.queries` that takes a value from a request names it as
a variable (``?ident``) and returns a :class:`Bound`: the query text (a
``str``, so every caller and cache keeps working) carrying ``values``
(variable name → ``str``, ``int`` or a pyoxigraph term).  The variable must be
in the SELECT's projection: pyoxigraph's ``substitutions`` (SEP-0007) bind it
in every row, and :func:`inline` writes ``(value AS ?ident)`` there, so both
stores answer with the same columns.

- ``substitutions(query) -> dict[Variable, term] | None``: what the embedded
  store (:class:`graph.store.EmbeddedStore`) passes to ``Store.query`` (the
  value never becomes query text);
- ``inline(query) -> str``: the text a SPARQL server gets (:mod:`graph.remote`),
  each value written as one term: a string literal with ``\\``, ``"``, line
  breaks and tabs escaped, an integer, or an IRI checked to hold no character
  an IRI cannot hold.  Raises ``ValueError`` for an IRI that does.

Two :class:`Bound` queries are equal only when their text and their values are
(a memo keyed by query is safe).  The query text is scanned as SPARQL tokens:
a ``?name`` inside a string, an IRI or a comment is left alone.
"""

from __future__ import annotations

import re
from typing import Optional, Union

import pyoxigraph as ox

Value = Union[str, int, ox.NamedNode, ox.Literal]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: a string, an IRI, a comment (left as they are), or a variable
_TOKENS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
                     r'|[?$]([A-Za-z_][A-Za-z0-9_]*)', re.S)
_SELECT = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?", re.I)
_PROJECTION_END = re.compile(r"\bWHERE\b|\{", re.I)
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def term(value: Value):
    """``value`` as a pyoxigraph term: a str is a plain string literal, an int an xsd:integer."""
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a query value here")
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_XSD_INTEGER)
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"not a query value: {value!r}")


class Bound(str):
    """Query text with values for some of its variables (see the module docstring)."""

    values: dict

    def __new__(cls, text: str, values: dict[str, Value]):
        obj = super().__new__(cls, text)
        obj.values = {name: term(v) for name, v in values.items()}
        obj._key = tuple(sorted((name, type(t).__name__, str(t)) for name, t in obj.values.items()))
        return obj

    def __eq__(self, other) -> bool:
        return isinstance(other, Bound) and str.__eq__(self, other) and self._key == other._key

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((str(self), self._key))

    def __repr__(self) -> str:
        return f"Bound({str.__repr__(self)}, {self.values!r})"


def bind(text: str, **values: Value) -> Bound:
    """``text`` with ``values`` (variable name → value) for its variables."""
    return Bound(text, values)


def substitutions(query: str) -> Optional[dict]:
    """The values of a :class:`Bound` query as ``{Variable: term}``; None for plain text."""
    values = getattr(query, "values", None)
    return {ox.Variable(name): t for name, t in values.items()} if values else None


def sparql_term(t) -> str:
    """A pyoxigraph IRI or literal as SPARQL text (see the module docstring)."""
    if isinstance(t, ox.NamedNode):
        if _BAD_IRI.search(t.value):
            raise ValueError(f"not an IRI a query can hold: {t.value!r}")
        return f"<{t.value}>"
    text = '"' + "".join(_ESCAPES.get(c, c) for c in t.value) + '"'
    if t.language:
        return f"{text}@{t.language}"
    if t.datatype.value != _XSD_STRING:
        return f"{text}^^{sparql_term(t.datatype)}"
    return text


def inline(query: str) -> str:
    """The text of ``query`` with its values written in (plain text is returned as it is)."""
    values = getattr(query, "values", None)
    if not values:
        return str(query)
    text = str(query)
    select = _SELECT.search(text)
    end = _PROJECTION_END.search(text, select.end()) if select else None
    where = end.start() if end else len(text)
    written = {name: sparql_term(t) for name, t in values.items()}

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name is None or name not in written:
            return match.group(0)
        if select is not None and select.end() <= match.start() < where:
            return f"({written[name]} AS {match.group(0)})"
        return written[name]

    return _TOKENS.sub(replace, text)
