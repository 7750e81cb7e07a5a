"""SHACL validation of a built graph (pySHACL).

``validate(graph) -> (conforms, report_text)``; the shapes are in
``graph/shapes.ttl``.  pySHACL is used rather than hand-written checks: it is
the maintained reference implementation for SHACL in Python and reads the
same shapes any other SHACL engine would.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

SHAPES = Path(__file__).with_name("shapes.ttl")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def validate(data: Graph) -> tuple[bool, str]:
    """Validate ``data`` against the shapes; return (conforms, report text)."""
    from pyshacl import validate as shacl_validate  # heavy import, paid only when validating

    conforms, _, text = shacl_validate(data, shacl_graph=shapes_graph(), inference="none",
                                       advanced=False, allow_warnings=True)
    return bool(conforms), text
