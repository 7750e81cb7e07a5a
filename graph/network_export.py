"""The department networks as GraphML and GEXF (networkx writers; Gephi and networkx read both).

``department_network(store)``: one node per department (every ``pkg:Department``
of the store, as ``/api/departments`` lists them), an edge between two
departments that share tasks (``weight`` = shared tasks).
``bipartite_network(store)``: department nodes and task nodes, an edge per
(task, department) with its ``roles`` (``lead``, ``participant``,
``responsible``; several joined by ``|``).

Node ids are the entities' IRIs.  Node attributes: ``kind`` (department or
task), ``label``, ``local_id``; for departments ``jurisdiction`` (the
jurisdictions of the documents that name it, ``|``-joined), ``body``,
``level``, ``unit_kind``, ``resolved``, ``group``, ``tasks``, ``lead``,
``participant``, ``responsible``; for tasks ``key``, ``number``, ``document``.
Missing values are empty strings (GraphML has no null).
"""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from . import instances
from . import queries as Q
from .queries import dataset as DQ
from .analytics import Analytics
from .export import _rows, department_info
from .vocab import ROLES

NETWORKS = ("departments", "bipartite")

def _department_nodes(g: nx.Graph, info: dict) -> None:
    for iri, d in info.items():
        g.add_node(iri, kind="department", label=d["label"], local_id=d["id"],
                   jurisdiction="|".join(sorted(d["jurisdictions"])), body=d["body"], level=d["level"],
                   unit_kind=d["unit_kind"], resolved=d["resolved"], group=d["group"], tasks=d["tasks"],
                   **{role: d[role] for role in ROLES})


def department_network(store) -> nx.Graph:
    """Departments, linked when they share tasks (weight = shared tasks)."""
    g = nx.Graph(name="policykg departments")
    _department_nodes(g, department_info(store))
    for pair in Analytics.from_store(store).coparticipation():
        g.add_edge(pair.a, pair.b, weight=pair.shared)
    return g


def bipartite_network(store) -> nx.Graph:
    """Departments and tasks, an edge per assignment with its roles."""
    g = nx.Graph(name="policykg departments and tasks")
    _department_nodes(g, department_info(store))
    for r in _rows(store, DQ.TASKS):
        g.add_node(r["t"], kind="task", label=f"{r['number']}. {r['title']}", local_id=instances.local_id(r["t"]),
                   key=r["key"], number=r["number"], document=instances.local_id(r["doc"]))
    roles: dict[tuple[str, str], set[str]] = {}
    for t, role, d in store.query(Q.assignments()).rows()[1]:
        roles.setdefault((t, d), set()).add(role)
    for (t, d), rs in sorted(roles.items()):
        g.add_edge(d, t, roles="|".join(r for r in ROLES if r in rs))
    return g


def write_network(store, fmt: str, network: str, out: BinaryIO) -> int:
    """Write the ``network`` (departments or bipartite) as ``fmt`` (graphml or gexf); the node count.
    Raises ValueError for an unknown network or format."""
    if network not in NETWORKS:
        raise ValueError(f"--network: unknown network {network!r} (one of {', '.join(NETWORKS)})")
    g = department_network(store) if network == "departments" else bipartite_network(store)
    if fmt == "graphml":
        nx.write_graphml(g, out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(g, out, encoding="utf-8")
    else:
        raise ValueError(f"--format: {fmt!r} is not a network format (graphml, gexf)")
    return g.number_of_nodes()
