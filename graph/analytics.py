"""Workload and co-participation, computed in Python with networkx.

Both come from ONE SPARQL SELECT (:func:`graph.queries.assignments`, every
task–role–department edge) rather than SPARQL aggregates, which are slow in
every engine for the 2-hop pair count (README, Benchmarks: on 1.5M triples the
gallery's GROUP BY over pairs took 5–12 s, networkx from one SELECT 3.2 s).

``Analytics.from_store(store)`` runs the query and builds a bipartite graph
(task nodes ``("t", iri)``, department nodes ``("d", iri)``); ``workload()``
and ``coparticipation()`` read it.  Raises whatever ``store.query`` raises.

``StoredAnalytics.from_store(store)`` gives the same answers from what the
build materialised (:mod:`graph.materialise`: role counts, one
``pkg:CoParticipation`` per pair) with two SELECTs, each run when first needed,
and no graph, so a big store answers at once; ``analytics_for(store)`` picks it when the store holds those
figures (a store built by an earlier version, or loaded elsewhere, gets the
networkx one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

import networkx as nx

from . import queries
from .vocab import ROLES


@dataclass(frozen=True)
class Workload:
    """How many tasks one department takes part in, and in which role."""

    department: str  # IRI
    tasks: int
    lead: int
    participant: int
    responsible: int

    def by_role(self) -> dict[str, int]:
        """Role name → tasks in that role (:data:`graph.vocab.ROLES` order)."""
        return {role: getattr(self, role) for role in ROLES}


@dataclass(frozen=True)
class Pair:
    """Two departments (IRIs, a < b) and the number of tasks they share."""

    a: str
    b: str
    shared: int


class Analytics:
    """A task–department bipartite graph and the numbers read from it."""

    def __init__(self, edges: Iterable[tuple[str, str, str]]):
        """``edges``: (task IRI, role, department IRI) triples."""
        g = nx.Graph()
        for task, role, dept in edges:
            t, d = ("t", task), ("d", dept)
            g.add_node(t, bipartite=0)
            g.add_node(d, bipartite=1)
            roles = g.edges[t, d]["roles"] if g.has_edge(t, d) else set()
            g.add_edge(t, d, roles=roles | {role})
        self.graph = g

    @classmethod
    def from_store(cls, store) -> "Analytics":
        _, rows = store.query(queries.assignments()).rows()
        return cls((t, role, d) for t, role, d in rows)

    def departments(self) -> list[str]:
        return sorted(n[1] for n in self.graph if n[0] == "d")

    def tasks(self) -> list[str]:
        return sorted(n[1] for n in self.graph if n[0] == "t")

    def workload(self) -> list[Workload]:
        """One entry per department, most tasks first (ties by IRI)."""
        return list(self._workload)

    @cached_property
    def _workload(self) -> tuple[Workload, ...]:
        out = []
        for dept in self.departments():
            node = ("d", dept)
            roles = Counter(r for _, _, rs in self.graph.edges(node, data="roles") for r in rs)
            out.append(Workload(dept, self.graph.degree(node), *(roles[role] for role in ROLES)))
        return tuple(sorted(out, key=lambda w: (-w.tasks, -w.lead, w.department)))

    @cached_property
    def _by_department(self) -> dict[str, Workload]:
        return {w.department: w for w in self._workload}

    def workload_of(self, dept: str) -> Workload | None:
        return self._by_department.get(dept)

    def coparticipation(self, min_shared: int = 1) -> list[Pair]:
        """Department pairs sharing at least ``min_shared`` tasks, most shared first."""
        return [p for p in self._pairs if p.shared >= min_shared]

    @cached_property
    def _pairs(self) -> tuple[Pair, ...]:
        depts = [n for n in self.graph if n[0] == "d"]
        if not depts:  # no role link at all (networkx refuses to project onto nothing)
            return ()
        proj = nx.bipartite.weighted_projected_graph(self.graph, depts)
        pairs = [Pair(*sorted((u[1], v[1])), w) for u, v, w in proj.edges(data="weight")]
        return tuple(sorted(pairs, key=lambda p: (-p.shared, p.a, p.b)))

    def coparticipation_page(self, limit: int, min_shared: int = 1) -> tuple[int, list[Pair]]:
        """(how many pairs share at least ``min_shared`` tasks, the first ``limit`` of them):
        ``len`` and the slice of :meth:`coparticipation`."""
        pairs = self.coparticipation(min_shared)
        return len(pairs), pairs[:limit]

    def pairs_among(self, departments: Iterable[str], min_shared: int = 1) -> list[Pair]:
        """The pairs of two of ``departments`` (IRIs) sharing at least ``min_shared`` tasks, in
        the order of :meth:`coparticipation` (what the workload view draws)."""
        keep = set(departments)
        return [p for p in self.coparticipation(min_shared) if p.a in keep and p.b in keep]

    def projection(self, top: int | None = None) -> nx.Graph:
        """Weighted department graph (weight = shared tasks), optionally the ``top`` heaviest edges."""
        pairs = self.coparticipation()
        if top is not None:
            pairs = pairs[:top]
        g = nx.Graph()
        for p in pairs:
            g.add_edge(p.a, p.b, weight=p.shared)
        return g


#: pages of pairs a :class:`StoredAnalytics` keeps (:meth:`StoredAnalytics.coparticipation_page`)
PAGES_KEPT = 64


class StoredAnalytics(Analytics):
    """:class:`Analytics` read from the figures the build stored (see the module docstring); the
    bipartite ``graph`` (for filtered views) is built from the role links only when asked.
    :meth:`from_store` reads nothing yet: the departments' figures are read by the first call that
    needs them (:meth:`workload`, :meth:`workload_of`, :meth:`departments`) and the pairs by the
    first that needs them (:meth:`coparticipation`, :meth:`projection`), so the first
    ``/api/workload`` of a big store does not read its pairs (17,088 on 1,000 copies: 0.3 s quiet)."""

    def __init__(self, store, workload: Iterable[Workload] | None = None, pairs: Iterable[Pair] | None = None):
        """``workload``/``pairs``: the figures, or None to read them from ``store`` when first needed."""
        self._store = store
        if workload is not None:
            self.__dict__["_workload"] = _by_load(workload)
        if pairs is not None:
            self.__dict__["_pairs"] = _by_shared(pairs)

    @classmethod
    def from_store(cls, store) -> "StoredAnalytics":
        return cls(store)

    @cached_property
    def _workload(self) -> tuple[Workload, ...]:
        _, load = self._store.query(queries.stored_workload()).rows()
        return _by_load(Workload(d, int(t), int(le), int(p), int(r)) for d, t, le, p, r in load)

    @cached_property
    def _pairs(self) -> tuple[Pair, ...]:
        _, pairs = self._store.query(queries.stored_pairs()).rows()
        return _by_shared(Pair(a, b, int(n)) for a, b, n in pairs)

    def coparticipation_page(self, limit: int, min_shared: int = 1) -> tuple[int, list[Pair]]:
        """As :meth:`Analytics.coparticipation_page`; before the pairs are read, from three queries
        that read only the page's pairs: their number and the shared-task count of the
        ``limit``-th (integers of one index), then the pairs sharing at least that many (the
        page and its ties), sorted here as :meth:`coparticipation` sorts them."""
        if "_pairs" in self.__dict__ or limit < 1:
            return super().coparticipation_page(limit, min_shared)
        pages = self.__dict__.setdefault("_pages", {})  # kept like the figures: the store does not change
        kept = pages.get((limit, min_shared))  # (one lookup: another request may clear the dict meanwhile)
        if kept is None:
            _, total = self._store.query(queries.stored_pair_count(min_shared)).rows()
            _, nth = self._store.query(queries.stored_pair_threshold(min_shared, limit)).rows()
            _, rows = self._store.query(queries.stored_pairs_from(int(nth[0][0]) if nth else min_shared)).rows()
            kept = (int(total[0][0]), tuple(_by_shared(Pair(a, b, int(n)) for a, b, n in rows)[:limit]))
            if len(pages) >= PAGES_KEPT:
                pages.clear()
            pages[(limit, min_shared)] = kept
        return kept[0], list(kept[1])

    def pairs_among(self, departments: Iterable[str], min_shared: int = 1) -> list[Pair]:
        """As :meth:`Analytics.pairs_among`; before the pairs are read, from one query that reads
        only the pairs of ``departments`` (:func:`graph.queries.stored_pairs_among`: the first
        ``/viz/workload`` of a big store reads 1,667 of its 17,088 pairs), kept like the pages."""
        if "_pairs" in self.__dict__:
            return super().pairs_among(departments, min_shared)
        iris = tuple(sorted(set(departments)))
        if not iris:
            return []
        kept_all = self.__dict__.setdefault("_among", {})
        kept = kept_all.get((iris, min_shared))
        if kept is None:
            loads = [w.tasks for w in (self.workload_of(d) for d in iris) if w is not None]
            if not loads:  # none of them has a stored task count: no pair either
                return []
            _, rows = self._store.query(queries.stored_pairs_among(list(iris), min(loads), min_shared)).rows()
            keep = set(iris)
            kept = _by_shared(Pair(a, b, int(n)) for a, b, n in rows if b in keep)
            if len(kept_all) >= PAGES_KEPT:
                kept_all.clear()
            kept_all[(iris, min_shared)] = kept
        return list(kept)

    @cached_property
    def graph(self) -> nx.Graph:  # type: ignore[override]
        return Analytics.from_store(self._store).graph

    def departments(self) -> list[str]:
        return sorted(w.department for w in self._workload)

    def tasks(self) -> list[str]:
        return super().tasks()


def _by_load(workload: Iterable[Workload]) -> tuple[Workload, ...]:
    return tuple(sorted(workload, key=lambda w: (-w.tasks, -w.lead, w.department)))


def _by_shared(pairs: Iterable[Pair]) -> tuple[Pair, ...]:
    return tuple(sorted(pairs, key=lambda p: (-p.shared, p.a, p.b)))


def analytics_for(store) -> Analytics:
    """:class:`StoredAnalytics` when the build stored its figures in ``store``, else :class:`Analytics`."""
    _, answer = store.query(queries.has_stored_analytics()).rows()
    if answer == [["true"]]:
        return StoredAnalytics.from_store(store)
    return Analytics.from_store(store)
