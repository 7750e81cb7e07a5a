"""What the stores themselves send: a triple count, and the updates of a build into a server.

Each function returns SPARQL text; nothing here touches a store.  ``graph``
is a named graph's IRI made by :mod:`graph.remote` (``urn:policykg:build:<uuid>``);
``ntriples`` is N-Triples the build wrote.
"""

from __future__ import annotations

#: the number of triples in the default graph: ``?n``
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def insert_data(graph: str, ntriples: str) -> str:
    """Add the triples ``ntriples`` to the named graph ``graph``."""
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}"


def move_to_default(graph: str) -> str:
    """Replace the default graph with the named graph ``graph`` (which is then gone)."""
    return f"MOVE <{graph}> TO DEFAULT"


def drop_graph(graph: str) -> str:
    """Remove the named graph ``graph`` if it is there."""
    return f"DROP SILENT GRAPH <{graph}>"
