"""What the build materialises (graph/materialise.py) is what the analytics compute from the role
links: co-participation pairs, role counts, per-document task counts, and a sort key that orders
task keys as numbers."""

from __future__ import annotations

import pytest

from api.routers.lookup import natural_key
from graph.analytics import Analytics
from graph.materialise import corpus_ntriples, pair_iri, partial, sort_key
from graph.memory import select_in_memory
from graph.shape_checks import ConformanceError, verify
from graph.store import open_store
from oxigraph_support import needs_server, oxigraph_server, post

PKG = "https://w3id.org/policykg/ontology#"
P = f"PREFIX pkg: <{PKG}>\n"


@pytest.fixture(scope="module")
def store(built_store):
    return open_store(built_store)


@pytest.fixture(scope="module")
def analytics(store):
    return Analytics.from_store(store)


def _rows(store, sparql: str) -> list[tuple]:
    _, rows = store.query(P + sparql).rows()
    return rows


def test_one_coparticipation_node_per_pair_with_the_shared_tasks_networkx_counts(store, analytics):
    stored = {(a, b): int(n) for a, b, n in _rows(store, """SELECT ?a ?b ?n WHERE {
        ?p a pkg:CoParticipation ; pkg:departmentA ?a ; pkg:departmentB ?b ; pkg:sharedTasks ?n }""")}
    expected = {(p.a, p.b): p.shared for p in analytics.coparticipation()}
    assert stored == expected
    assert len(stored) == 713  # every pair of the sample is stored, not only the top ones
    fgw, gxj = "https://w3id.org/policykg/id/dept/suzhou.fgw", "https://w3id.org/policykg/id/dept/suzhou.gxj"
    assert stored[(fgw, gxj)] == 38  # the README's top pair
    node = pair_iri(fgw, gxj)
    assert node == "https://w3id.org/policykg/id/coparticipation/suzhou.fgw%7Csuzhou.gxj"
    assert _rows(store, f"SELECT ?n WHERE {{ <{node}> pkg:sharedTasks ?n }}") == [["38"]]


def test_role_counts_are_the_workload(store, analytics):
    stored = {d: tuple(int(x) for x in rest) for d, *rest in _rows(store, """SELECT ?d ?t ?l ?p ?r WHERE {
        ?d pkg:taskCount ?t ; pkg:leadCount ?l ; pkg:participantCount ?p ; pkg:responsibleCount ?r }""")}
    expected = {w.department: (w.tasks, w.lead, w.participant, w.responsible) for w in analytics.workload()}
    assert stored == expected
    assert stored["https://w3id.org/policykg/id/dept/suzhou.kjj"] == (41, 8, 33, 0)


def test_each_document_carries_its_task_count(store):
    stored = {d: int(n) for d, n in _rows(store, "SELECT ?d ?n WHERE { ?d pkg:documentTaskCount ?n }")}
    counted = {d: int(n) for d, n in _rows(store, """SELECT ?d (COUNT(?t) AS ?n) WHERE {
        ?d a pkg:Document OPTIONAL { ?t a pkg:Task ; pkg:inDocument ?d } } GROUP BY ?d""")}
    assert stored == counted and sum(stored.values()) == 212


def test_the_sort_key_orders_keys_as_numbers():
    keys = ["d-1:10", "d-1:9", "d-1:8.1", "d-1:8", "d-1-a1:1", "d-1:1.10", "d-1:1.9", "d-2:1", "d-10:1"]
    assert sorted(keys, key=sort_key) == ["d-1:1.9", "d-1:1.10", "d-1:8", "d-1:8.1", "d-1:9", "d-1:10",
                                          "d-1-a1:1", "d-2:1", "d-10:1"]
    assert sort_key("d-1:1.10") == "d-0000000001 0000000001.0000000010"


def test_a_string_order_by_on_the_stored_sort_key_is_the_natural_order(store):
    """Within a document the stored key orders tasks as api.routers.lookup.natural_key does."""
    rows = _rows(store, "SELECT ?k WHERE { ?t pkg:sortKey ?s ; pkg:key ?k } ORDER BY ?s")
    keys = [k for (k,) in rows]
    assert len(keys) == 212
    by_doc: dict[str, list[str]] = {}
    for k in keys:
        by_doc.setdefault(k.split(":")[0], []).append(k)
    for doc_keys in by_doc.values():
        assert doc_keys == sorted(doc_keys, key=natural_key)


def test_per_file_partials_add_up_to_the_corpus_figures():
    """The build sums one partial per file: splitting the documents anywhere gives the same triples."""
    from extract.pipeline import extract_paths
    from tests.conftest import SAMPLE

    docs = extract_paths([SAMPLE]).documents
    assert len(docs) > 2
    whole = partial(docs)
    summed = partial(docs[:2])
    summed.add(partial(docs[2:]))
    assert corpus_ntriples(summed) == corpus_ntriples(whole)
    assert sum(whole.pairs.values()) > 0


def test_a_broken_coparticipation_is_refused_by_the_build_checks():
    a = "https://w3id.org/policykg/id/dept/a"
    node = pair_iri(a, a + "b")
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    select = select_in_memory((f"<{node}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PKG}CoParticipation> .\n"
                           f'<{node}> <{PKG}sharedTasks> "0"^^{integer} .\n').encode())

    with pytest.raises(ConformanceError) as err:
        verify(lambda q: list(select(q)))
    message = str(err.value)
    assert "departmentA breaks sh:minCount 1" in message and "departmentB breaks sh:minCount 1" in message
    assert "sharedTasks breaks sh:minInclusive 1" in message


def test_stored_analytics_answer_as_the_networkx_ones(store, analytics):
    from graph.analytics import StoredAnalytics, analytics_for

    stored = analytics_for(store)
    assert isinstance(stored, StoredAnalytics)
    assert stored.workload() == analytics.workload()
    assert stored.coparticipation() == analytics.coparticipation()
    assert stored.coparticipation(5) == analytics.coparticipation(5) and len(stored.coparticipation(5)) > 10
    assert stored.departments() == analytics.departments()
    kjj = "https://w3id.org/policykg/id/dept/suzhou.kjj"
    assert stored.workload_of(kjj) == analytics.workload_of(kjj)
    assert sorted(stored.graph.edges) == sorted(analytics.graph.edges)  # built on demand for filtered views


def test_stored_analytics_read_each_figure_only_when_first_needed(store, analytics):
    """The first /api/workload of a big store reads the departments' figures, not every stored pair."""
    from graph.analytics import StoredAnalytics

    stored = StoredAnalytics.from_store(store)
    assert "_workload" not in stored.__dict__ and "_pairs" not in stored.__dict__
    assert stored.workload()[:5] == analytics.workload()[:5] and len(stored.workload()) == len(analytics.workload())
    assert "_workload" in stored.__dict__ and "_pairs" not in stored.__dict__
    assert stored.coparticipation() == analytics.coparticipation()
    given = StoredAnalytics(store, stored.workload(), stored.coparticipation())
    assert given.workload() == analytics.workload() and given.coparticipation(5) == analytics.coparticipation(5)


def test_a_store_without_the_stored_figures_gets_the_networkx_analytics(tmp_path):
    from graph.analytics import Analytics, StoredAnalytics, analytics_for
    from graph.store import build_store

    task, dept = "https://w3id.org/policykg/id/task/t", "https://w3id.org/policykg/id/dept/d"
    build_store(tmp_path, f"<{task}> <{PKG}lead> <{dept}> .\n<{task}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PKG}Task> .\n".encode())
    got = analytics_for(open_store(tmp_path))
    assert type(got) is Analytics and not isinstance(got, StoredAnalytics)
    assert [(w.department, w.tasks, w.lead) for w in got.workload()] == [(dept, 1, 1)]


PAGES = [(1, 1), (5, 1), (50, 1), (60, 2), (7, 5), (10_000, 1), (3, 10_000)]


def _pages_match(stored, analytics) -> None:
    for limit, min_shared in PAGES:
        every = analytics.coparticipation(min_shared)
        assert stored.coparticipation_page(limit, min_shared) == (len(every), every[:limit]), (limit, min_shared)
        assert stored.coparticipation_page(limit, min_shared) == (len(every), every[:limit])  # the page kept
    assert "_pairs" not in stored.__dict__  # the pages read only their own pairs


def test_a_page_of_the_stored_pairs_is_the_slice_of_every_pair(store, analytics):
    """The first /api/coparticipation?limit= and /viz/coparticipation read the page's pairs (and the
    pairs tied with its last one), not all of them; the page and the total are the full list's."""
    from graph.analytics import StoredAnalytics

    assert len(analytics.coparticipation()) > 700 and analytics.coparticipation()[49].shared > 1
    _pages_match(StoredAnalytics.from_store(store), analytics)
    # ties at the page's end are broken as the full list breaks them (by the two IRIs)
    every = analytics.coparticipation()
    tied = next(i for i in range(1, len(every)) if every[i].shared == every[i - 1].shared)
    assert StoredAnalytics.from_store(store).coparticipation_page(tied, 1)[1] == every[:tied]


AMONG = [(1, 1), (2, 1), (10, 1), (40, 2), (40, 5), (300, 1), (300, 3), (300, 10_000)]


def _among_match(stored, analytics) -> None:
    busiest = [w.department for w in analytics.workload()]
    for n, min_shared in AMONG:
        for chosen in (busiest[:n], busiest[-n:], busiest[::7][:n]):  # the busiest, the idlest, a spread
            expected = [p for p in analytics.coparticipation(min_shared) if p.a in chosen and p.b in chosen]
            assert stored.pairs_among(chosen, min_shared) == expected, (n, min_shared)
            assert stored.pairs_among(chosen, min_shared) == expected  # kept
    some = busiest[:40]
    assert len(stored.pairs_among(some, 1)) > 100
    assert stored.pairs_among([], 1) == [] and stored.pairs_among(["https://w3id.org/policykg/id/dept/nowhere"], 1) == []
    assert "_pairs" not in stored.__dict__  # only the listed departments' pairs were read
    assert analytics.pairs_among(some, 2) == [p for p in analytics.coparticipation(2) if p.a in some and p.b in some]


def test_the_stored_pairs_among_some_departments_are_those_of_every_pair(store, analytics):
    """What the first /viz/workload reads: the pairs of two of its drawn departments only."""
    from graph.analytics import StoredAnalytics

    _among_match(StoredAnalytics.from_store(store), analytics)


@pytest.mark.server
@needs_server
def test_a_page_of_the_stored_pairs_on_a_server_is_the_slice_of_every_pair(built_store, analytics, tmp_path,
                                                                          free_port):
    from api.cli import main
    from graph.analytics import StoredAnalytics, analytics_for
    from graph.remote import RemoteStore

    path = tmp_path / "out.nq"
    assert main(["export", "--format", "nquads", "-o", str(path), "--data", str(built_store)]) == 0
    with oxigraph_server(tmp_path / "ox", free_port(), "--union-default-graph") as base:
        post(f"{base}/store", path.read_bytes(), "application/n-quads")
        server = analytics_for(RemoteStore(f"{base}/query"))
        assert isinstance(server, StoredAnalytics)
        _pages_match(server, analytics)
        _among_match(analytics_for(RemoteStore(f"{base}/query")), analytics)
        assert server.workload() == analytics.workload()
