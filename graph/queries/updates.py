"""What an incremental update of a SPARQL 1.1 server sends (:mod:`graph.remote_update`).

Each function returns SPARQL text; nothing here touches a store.  ``remove`` and ``add`` are the
IRIs of the two staging graphs of one update (``urn:policykg:update:<uuid>:remove`` / ``…:add``);
``iris`` are N-Triples IRIs (``<…>``).  The server's default graph holds what a fresh build holds;
the named graph :data:`STATE` holds one triple, the marker: the name of the local ledger generation
that describes the default graph.  A server that serves the union of its named graphs as its
default graph (Oxigraph's ``--union-default-graph``) cannot be updated this way.
"""

from __future__ import annotations

#: the named graph of the marker (and its subject)
STATE = "urn:policykg:state"
#: the marker's predicate
GENERATION = "urn:policykg:generation"
#: the marker, ``?g`` (no row: none)
READ_MARKER = f"SELECT ?g WHERE {{ GRAPH <{STATE}> {{ <{STATE}> <{GENERATION}> ?g }} }}"
#: the start of the staging graphs' IRIs
STAGING_PREFIX = "urn:policykg:update:"
SUBCLASS_TRIPLES = ("CONSTRUCT { ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b } "
                    "WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b }")


def set_marker(generation: str) -> str:
    """Replace the marker with ``generation`` (a generation directory's name; "": remove it)."""
    drop = f"DROP SILENT GRAPH <{STATE}>"
    if not generation:
        return drop
    return f'{drop} ;\nINSERT DATA {{ GRAPH <{STATE}> {{ <{STATE}> <{GENERATION}> "{generation}" }} }}'


def count_graph(graph: str) -> str:
    """The number of triples in the named graph ``graph``: ``?n``."""
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


def graph_triples(graph: str) -> str:
    """Every triple of the named graph ``graph``."""
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


def trim(remove: str, add: str) -> str:
    """Keep in ``remove`` only the triples the default graph holds, in ``add`` only those it lacks:
    what the update really changes."""
    return (f"DELETE {{ GRAPH <{remove}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{remove}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ ?s ?p ?o }} }} ;\n"
            f"DELETE {{ GRAPH <{add}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{add}> {{ ?s ?p ?o }} ?s ?p ?o }}")


def apply(remove: str, add: str, generation: str) -> str:
    """One request: the triples of ``remove`` leave the default graph, those of ``add`` enter it,
    the marker becomes ``generation``, and the staging graphs are dropped (last, so a server that
    stops half-way still has them for :func:`undo`)."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{remove}> {{ ?s ?p ?o }} }} ;\n"
            f"ADD SILENT <{add}> TO DEFAULT ;\n{set_marker(generation)} ;\n"
            f"DROP SILENT GRAPH <{remove}> ;\nDROP SILENT GRAPH <{add}>")


def undo(remove: str, add: str, generation: str) -> str:
    """The inverse of :func:`apply` (the marker back to ``generation``): exact, since after
    :func:`trim` ``remove`` held only triples that were there and ``add`` only triples that were not."""
    return apply(add, remove, generation)


def drop_graphs(graphs: list[str]) -> str:
    """Remove the named graphs ``graphs`` if they are there."""
    return " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)


def triples_of(iris: list[str]) -> str:
    """Every triple whose subject is one of ``iris``."""
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {' '.join(iris)} }} ?s ?p ?o }}"


def linking_to(iris: list[str]) -> str:
    """The subjects (``?x``) of the triples whose object is one of ``iris``."""
    return f"SELECT DISTINCT ?x WHERE {{ VALUES ?o {{ {' '.join(iris)} }} ?x ?p ?o }}"


def types_of(iris: list[str]) -> str:
    """The ``rdf:type`` triples of ``iris``."""
    t = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    return f"CONSTRUCT {{ ?v {t} ?c }} WHERE {{ VALUES ?v {{ {' '.join(iris)} }} ?v {t} ?c }}"
