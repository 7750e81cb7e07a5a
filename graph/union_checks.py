"""The shapes' checks that only the whole corpus graph can answer, compiled to SPARQL.

A streaming build validates each file's graph with pySHACL (:mod:`graph.file_graph`)
and loads the union.  A union only adds triples, so every constraint that
holds in each file keeps holding (a value, its datatype, its class: the nodes a
file refers to are typed in that file) except ``sh:maxCount``: a department
named in two files could get two different values of a property that allows
one.  ``max_count_checks()`` turns every ``sh:maxCount`` of ``graph/shapes.ttl``
(a node shape with ``sh:targetClass``, a property shape whose ``sh:path`` is an
IRI) into one SELECT returning the focus nodes with too many values;
``violations(select) -> list[str]`` runs them through ``select(sparql) -> list[dict]``
and says, for each violated constraint, its shape, path, limit and up to three
nodes, which is the same verdict pySHACL gives on the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from rdflib import RDF, URIRef
from rdflib.namespace import SH

from .shapes import shapes_graph

Select = Callable[[str], list[dict]]


class ConformanceError(Exception):
    """The corpus graph breaks a shape; the message lists what and where."""


@dataclass(frozen=True)
class MaxCount:
    shape: str
    target_class: str
    path: str
    limit: int

    def sparql(self) -> str:
        return (f"SELECT ?x (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?x a <{self.target_class}> ; <{self.path}> ?v }} "
                f"GROUP BY ?x HAVING (COUNT(DISTINCT ?v) > {self.limit}) LIMIT 3")


@lru_cache(maxsize=1)
def max_count_checks() -> tuple[MaxCount, ...]:
    """Every ``sh:maxCount`` of the shapes on a class target and an IRI path."""
    g = shapes_graph()
    out = []
    for shape in sorted(g.subjects(RDF.type, SH.NodeShape)):
        for cls in g.objects(shape, SH.targetClass):
            for prop in g.objects(shape, SH.property):
                path, limit = g.value(prop, SH.path), g.value(prop, SH.maxCount)
                if isinstance(path, URIRef) and limit is not None:
                    out.append(MaxCount(str(shape), str(cls), str(path), int(limit)))
    return tuple(sorted(set(out), key=lambda c: (c.shape, c.path)))


def violations(select: Select) -> list[str]:
    """One line per violated ``sh:maxCount`` (empty when the graph conforms)."""
    out = []
    for check in max_count_checks():
        rows = select(check.sparql())
        if rows:
            nodes = ", ".join(f"<{r['x']}> ({r['n']} values)" for r in rows)
            out.append(f"{check.shape}: {check.path} has sh:maxCount {check.limit}, broken by {nodes}")
    return out


def verify(select: Select) -> None:
    """Raise :class:`ConformanceError` listing :func:`violations`, if any."""
    found = violations(select)
    if found:
        raise ConformanceError("the corpus graph does not conform to graph/shapes.ttl:\n" + "\n".join(found))
