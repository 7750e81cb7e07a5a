"""Turn a SPARQL parser message into a sentence a person can act on.

``explain(text, message) -> Explained``: from pyoxigraph's message
(``error at 3:14: expected one of OPTIONAL, Prefix not found, ['%'], …``) and
the query text it gives the line, the column, the words near the error and a
readable message: an unknown prefix names the prefix and the ``PREFIX`` line
to add (with the IRI when this project knows it); otherwise the message says
what was expected, without the parser's character classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .queries import PREFIXES

_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_KNOWN = dict(re.findall(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", PREFIXES))
_PNAME_BEFORE = re.compile(r"([A-Za-z_][\w.-]*)?:[\w.%\\-]*$")


@dataclass(frozen=True)
class Explained:
    """A readable message and where the error is (line, column are 1-based; None when unknown)."""

    message: str
    line: Optional[int] = None
    column: Optional[int] = None
    near: Optional[str] = None

    def detail(self) -> dict:
        return {"line": self.line, "column": self.column, "near": self.near}


def _expected(rest: str) -> str:
    words = [w.strip() for w in re.split(r",\s*(?![^\[]*\])", rest.replace("\n", " "))]
    words = [w for w in words if w and not w.startswith("[") and not w.startswith("'") and w != "Prefix not found"]
    return ", ".join(words[:12]) + (" …" if len(words) > 12 else "")


def explain(text: str, message: str) -> Explained:
    """The readable form of the parser ``message`` for query ``text``."""
    m = _AT.match(message.strip())
    if not m:
        return Explained(message.strip())
    line, column, rest = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    near = source[max(0, column - 21):column + 20].strip() or None
    where = f"line {line}, column {column}"
    if "Prefix not found" in rest:
        pname = _PNAME_BEFORE.search(source[:column].rstrip())
        prefix = (pname.group(1) or "") if pname else None
        if prefix is not None:
            iri, column = _KNOWN.get(prefix, "…"), pname.start() + 1
            return Explained(f"unknown prefix {prefix}: at line {line}, column {column} — "
                             f"add PREFIX {prefix}: <{iri}>", line, column, pname.group())
    expected = rest.split("expected", 1)[-1].removeprefix(" one of").strip() if "expected" in rest else ""
    readable = _expected(expected)
    msg = f"syntax error at {where}" + (f" near «{near}»" if near else "")
    return Explained(msg + (f": expected {readable}" if readable else (f": {rest.strip()}" if not expected else "")),
                     line, column, near)
