"""Find the remote calls (``SERVICE``) in a SPARQL query, as a SPARQL lexer sees them.

``service_calls(text) -> list[Position]`` lists where the keyword ``SERVICE``
can occur: outside strings, IRIs and comments, and not inside a variable
name, the local part of a prefixed name or a blank-node label.  The query is
scanned as written and again after its ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes are
decoded (SPARQL 1.1 §19.2 decodes them before parsing).  Every spelling that a
parser accepts is found: no space before the IRI, a comment between keyword
and IRI, an empty prefix glued on (``SERVICE:x``), a variable IRI inside
``LATERAL``, any letter case, escapes, the keyword glued to the token before.

It errs on the safe side.  Text is hidden only by a terminal that cannot be
read any other way; a word that merely *contains* ``service`` (``trueSERVICE``,
``1SERVICE``) counts, because a parser without word boundaries splits it; a
``<…>`` that could be a less-than followed by ``SERVICE`` and a comment is
read as code.  So a query can be refused that a parser would have rejected,
never the other way round.  One pass per text, linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Position", "decode_escapes", "service_calls"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NAME = r"[\w\u00b7\u0300-\u036f\u203f\u2040]"
_TOKEN = re.compile(
    r"(?P<quote>['\"])"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)'
    r"|(?P<comment>#[^\n\r]*+)"
    rf"|(?P<var>[?$]{_NAME}++)"
    rf"|(?P<name>{_NAME}(?:{_NAME}|[.\-])*+)(?P<colon>:?)"
    r"|(?P<pname>:)")
_LONG = {q: re.compile(rf"{q}{{3}}(?:{q}{{0,2}}(?:[^{q}\\]|\\.))*+{q}{{3}}", re.DOTALL) for q in "'\""}
_SHORT = {q: re.compile(rf"{q}(?:[^{q}\\\n\r]|\\.)*+{q}") for q in "'\""}
_LOCAL = re.compile(rf"(?:{_NAME}|[\-.:]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])*+")
_SERVICE = re.compile("service", re.IGNORECASE)
# an "IRI" that a parser could read as `<` … SERVICE … `#comment` (the comment eats the `>`)
_AMBIGUOUS_IRI = re.compile("service.*#", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Position:
    """1-based line and column of a possible ``SERVICE`` keyword in the text scanned."""

    line: int
    column: int


def decode_escapes(text: str) -> str:
    """``text`` with its ``\\u``/``\\U`` code-point escapes decoded (invalid code points kept as written)."""
    def one(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)
    return _ESCAPE.sub(one, text)


def _string_end(text: str, start: int, dead: set) -> int:
    """Where the string starting at ``start`` ends; a lone quote (a parser error) ends at once.

    A long string with no end means no later one of that quote has an end either
    (the scan from any later start sees the same escapes), so ``dead`` remembers it
    and every text is scanned in linear time.
    """
    q = text[start]
    if q not in dead and text.startswith(q * 3, start):
        m = _LONG[q].match(text, start)
        if m:
            return m.end()
        dead.add(q)
    m = _SHORT[q].match(text, start)
    return m.end() if m else start + 1


def _scan(text: str) -> list[int]:
    """Offsets in ``text`` where a SERVICE keyword can start."""
    found, pos, n, dead = [], 0, len(text), set()
    while pos < n:
        m = _TOKEN.search(text, pos)
        if m is None:
            break
        kind = m.lastgroup
        if kind == "quote":
            pos = _string_end(text, m.start(), dead)
            continue
        if kind == "iri" and _AMBIGUOUS_IRI.search(m.group()):
            pos = m.start() + 1  # read the `<` as an operator and go on inside
            continue
        pos = m.end()
        if kind in ("name", "colon"):
            hit = _SERVICE.search(m.group("name"))
            if hit:
                found.append(m.start("name") + hit.start())
        if m.group("colon") or kind == "pname":
            # a prefixed name or blank-node label: its local part cannot hold a keyword
            pos = _LOCAL.match(text, pos).end()
    return found


def _position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def service_calls(text: str) -> list[Position]:
    """Positions of every possible ``SERVICE`` keyword in ``text``; empty when the query makes no remote call."""
    found = [_position(text, o) for o in _scan(text)]
    decoded = decode_escapes(text)
    if decoded != text:
        found += [p for p in (_position(decoded, o) for o in _scan(decoded)) if p not in found]
    return found
