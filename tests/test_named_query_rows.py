"""The named queries rewritten for speed (issue 12) answer with the same rows, in the same order, as
the queries they replace; the integers the build stores for ordering (pkg:documentOrder,
pkg:orderInDocument) give the order of pkg:sortKey, and the due years it stores
(pkg:dueBy, pkg:earliestDueYear) those of the targets' due years and periods."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.report import readme_query
from graph import gallery
from graph import queries as Q
from graph.incremental import add_files, remove_documents
from graph.pipeline import build_corpus, parts_dir
from api.routers.lookup import rows
from graph.store import open_store
from graph.store_files import current_generation

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real"
PREFIXES = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

#: the queries as they were before (README quick start and gallery, commit ec8a126)
BEFORE = {
    "README": PREFIXES + """SELECT ?number ?title ?role WHERE {
  ?task ?role ?dept ; pkg:number ?number ; dcterms:title ?title .
  ?dept pkg:nameAsWritten "市科技局"@zh .
  VALUES ?role { pkg:lead pkg:participant pkg:responsible }
}""",
    "department-tasks-by-role": PREFIXES + """SELECT ?task ?key ?number ?title ?role WHERE {
  ?dept pkg:nameAsWritten "市科技局"@zh .
  { ?task pkg:lead ?dept BIND("lead" AS ?role) } UNION { ?task pkg:participant ?dept BIND("participant" AS ?role) }
  UNION { ?task pkg:responsible ?dept BIND("responsible" AS ?role) }
  ?task pkg:sortKey ?order ; pkg:key ?key ; pkg:number ?number ; dcterms:title ?title .
}
ORDER BY ?order""",
    "targets-due-by-year": PREFIXES + """SELECT ?task ?key ?title ?indicator ?value ?unit ?due WHERE {
  { ?target pkg:dueYear ?due } UNION { ?target pkg:periodEnd ?due }
  FILTER(?due <= "2025"^^xsd:gYear)
  ?target pkg:indicator ?indicator ; pkg:valueText ?value .
  ?task pkg:hasTarget ?target ; pkg:sortKey ?order ; pkg:key ?key ; dcterms:title ?title .
  OPTIONAL { ?target pkg:unit ?unit }
}
ORDER BY ?due ?order""",
    "tasks-by-district": PREFIXES + """SELECT ?task ?key ?title ?document WHERE {
  ?district a pkg:District ; rdfs:label "昆山市"@zh .
  ?task pkg:mentionsDistrict ?district ; pkg:sortKey ?order ; pkg:key ?key ; dcterms:title ?title ; pkg:inDocument ?doc .
  ?doc rdfs:label ?document .
}
ORDER BY ?order""",
}
#: rows of each on the sample
ROWS = {"README": 41, "department-tasks-by-role": 41, "targets-due-by-year": 70, "tasks-by-district": 9}


def _rows(store: ox.Store, query: str) -> list[tuple]:
    result = store.query(query)
    names = result.variables
    return [tuple(None if s[v] is None else str(s[v]) for v in names) for s in result]


@pytest.fixture(scope="module")
def sample(built_store) -> ox.Store:
    return ox.Store.read_only(str(current_generation(built_store)))


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_the_rewritten_query_answers_the_same_rows_in_the_same_order(sample, name):
    now = readme_query() if name == "README" else gallery.example(name).sparql
    before, after = _rows(sample, BEFORE[name]), _rows(sample, now)
    assert len(after) == ROWS[name]
    if name == "README":  # no ORDER BY: the same rows, in whatever order the store gives them
        assert sorted(after) == sorted(before)
    else:  # the same rows in the same order, but for rows the ORDER BY ties (one task's targets due the same year)
        assert _runs(after) == _runs(before)


def _runs(rows: list[tuple]) -> list[tuple]:
    """Rows cut into runs of one task (the first column) and due year (the last, for the targets):
    (task, due, the run's rows sorted)."""
    out: list[tuple] = []
    for row in rows:
        head = (row[0], row[-1] if row[-1] and "gYear" in row[-1] else None)
        if out and out[-1][:2] == head:
            out[-1][2].append(row)
        else:
            out.append((*head, [row]))
    return [(task, due, sorted(group)) for task, due, group in out]


def _order_checks(store: ox.Store, tasks: int) -> None:
    """Every task in the order of the stored integers is every task in the order of pkg:sortKey."""
    by_key = [r[0] for r in _rows(store, PREFIXES + "SELECT ?t WHERE { ?t pkg:sortKey ?o } ORDER BY ?o ?t")]
    by_integers = [r[0] for r in _rows(store, PREFIXES + """SELECT ?t WHERE {
        ?t pkg:inDocument ?d ; pkg:orderInDocument ?place . ?d pkg:documentOrder ?n } ORDER BY ?n ?place""")]
    assert by_integers == by_key and len(by_key) == tasks
    docs = [int(r[0].split('"')[1]) for r in _rows(store, PREFIXES + "SELECT ?n WHERE { ?d pkg:documentOrder ?n }")]
    assert sorted(docs) == list(range(len(docs)))  # 0 … n-1, each once


def test_the_stored_order_is_the_order_of_the_sort_keys(sample):
    _order_checks(sample, 212)


def test_the_stored_order_stays_right_when_documents_come_and_go(tmp_path):
    """A document sorting between the stored ones shifts those after it (graph.incremental rewrites
    their pkg:documentOrder); removing the first shifts every other one back."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("anhui_2022_rcep_opening.md", "pingtan_2023_new_pollutants.md"):
        shutil.copy(REAL / name, corpus / name)
    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    new = shutil.copy(REAL / "guangan_2023_market_vitality_measures.md", tmp_path / "guangan.md")
    add_files([new], data, parts_dir(data), jobs=1)  # anhui < guangan < pingtan
    store = ox.Store.read_only(str(current_generation(data)))
    _order_checks(store, 31 + 15 + 22)  # anhui, pingtan, guangan
    order = dict((r[0].rsplit("/", 1)[-1][:-1], r[1]) for r in _rows(store, PREFIXES + """
        SELECT ?d ?n WHERE { ?d pkg:documentOrder ?n }"""))
    firsts = {d: int(n.split('"')[1]) for d, n in order.items() if d.endswith("-1")}
    assert sorted(firsts, key=firsts.get) == ["anhui_2022_rcep_opening-1", "guangan-1",
                                                "pingtan_2023_new_pollutants-1"]
    del store
    remove_documents(["anhui_2022_rcep_opening-1"], data, parts_dir(data))
    store = ox.Store.read_only(str(current_generation(data)))
    _order_checks(store, 15 + 22)


def test_the_stored_due_years_are_those_of_the_targets(sample):
    due_by = _rows(sample, PREFIXES + "SELECT ?g ?y WHERE { ?g pkg:dueBy ?y }")
    expected = _rows(sample, PREFIXES + "SELECT ?g ?y WHERE { { ?g pkg:dueYear ?y } UNION { ?g pkg:periodEnd ?y } }")
    assert sorted(due_by) == sorted(set(expected)) and len(due_by) == 70
    earliest = _rows(sample, PREFIXES + "SELECT ?t ?y WHERE { ?t pkg:earliestDueYear ?y }")
    computed = _rows(sample, PREFIXES + """SELECT ?t (MIN(xsd:integer(STR(?y))) AS ?m) WHERE {
        ?t a pkg:Task ; pkg:hasTarget ?g . { ?g pkg:dueYear ?y } UNION { ?g pkg:periodEnd ?y } } GROUP BY ?t""")
    assert sorted(earliest) == sorted(computed) and len(earliest) == 37


@pytest.mark.parametrize("year", [2022, 2025, 2035])
def test_the_year_filter_on_stored_years_finds_what_the_targets_say(built_store, year):
    store = open_store(built_store)
    old = {r["t"] for r in rows(store, Q.task_list(year=year))}  # from the targets' due years and periods
    total = int(rows(store, Q.task_count(year=year))[0]["n"])
    page = [r["t"] for r in rows(store, Q.task_list(year=year, page=(1000, 0)))]
    assert total == len(old) == len(page) and set(page) == old
    assert {2022: 0, 2025: 37, 2035: 37}[year] == total
