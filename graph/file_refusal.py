"""A file whose own nodes break the shapes, refused before its triples reach the store.

A build checks each file's own nodes (:data:`graph.shape_checks.FILE_CLASSES`) on the file's lines
(:func:`graph.file_checks.check_lines`, fast, and allowed to report a break the store would not
find); when that reports something, :func:`refusal` runs the exact checks of those constraints on
an in-memory store of the file's triples alone (:func:`graph.shape_checks.check_file`).  A break
found there stands whatever the other files hold, since a node of these classes has all its
triples in its file, except an ``sh:class`` one (another file may type the value); such a file
is left out of the build and reported with the broken constraint, the node and the node's span
in the source, and the other files are stored.  Whatever is not certain is left to the checks of
the whole store, as before.

``file_refusal(fg) -> str | None``: why the :class:`graph.file_graph.FileGraph` ``fg`` cannot be
stored, or None; ``refusal(triples) -> str | None`` the same for N-Triples bytes.
"""

from __future__ import annotations

import re
from typing import Optional

from .file_checks import check_lines
from .memory import select_in_memory
from .shape_checks import check_file
from .vocab import PKG

_FIRST_NODE = re.compile(r" breaks .+?: <([^>]+)>")


def file_refusal(fg) -> Optional[str]:
    """Why the file graph ``fg`` (its ``ntriples`` and ``shared`` lines) cannot be stored, or None;
    its ``violations``, when already found where it was made, spare the fast check."""
    triples = fg.ntriples + fg.shared
    found = fg.violations if fg.violations is not None else check_lines(triples)
    return refusal(triples) if found else None


def refusal(triples: bytes) -> Optional[str]:
    """The first certain break of the file's own constraints, with its node's span, or None."""
    certain = [v for v in check_file(triples, select_in_memory) if " breaks sh:class " not in v]
    if not certain:
        return None
    node = _FIRST_NODE.search(certain[0])
    where = _span(triples, node.group(1)) if node else ""
    more = f" (and {len(certain) - 1} more)" if len(certain) > 1 else ""
    return f"breaks graph/shapes.ttl, not stored: {certain[0]}{where}{more}"


def _span(triples: bytes, node: str) -> str:
    """``; characters S–E of the source`` (and ``, line N``) of ``node`` as its triples state them."""
    values = {}
    for prop in (PKG.spanStart, PKG.spanEnd, PKG.line):
        m = re.search(rb"^<" + re.escape(node.encode()) + rb"> <" + re.escape(str(prop).encode())
                      + rb'> "(\d+)"', triples, re.MULTILINE)
        if m:
            values[prop] = int(m.group(1))
    out = ""
    if PKG.spanStart in values and PKG.spanEnd in values:
        out = f"; characters {values[PKG.spanStart]}–{values[PKG.spanEnd]} of the source"
    if PKG.line in values:
        out += f"{';' if not out else ','} line {values[PKG.line]}"
    return out
