"""The build's per-department summaries of documents (pkg:DepartmentInDocument, graph.materialise)
say what the stored role links say, stay exact when files change, are added and removed, and the
list pages read from them (and from the first documents, for the year filter) are the pages of the
full sorted list."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

import pytest
from oxigraph_support import needs_server, oxigraph_server

from api.routers import lookup
from api.routers.lookup import find_tasks, ref, rows, task_page
from graph import queries as Q
from graph.incremental import add_files, remove_documents
from graph.materialise import natural_key
from graph.pipeline import build_corpus, parts_dir
from graph.store import StoreConfig, open_store

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real"
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
PKG = "https://w3id.org/policykg/ontology#"
P = f"PREFIX pkg: <{PKG}>\n"
RANK = {"lead": 0, "responsible": 1, "participant": 2}

Select = Callable[[str], Iterable[dict]]


def expected_summaries(select: Select) -> dict:
    """(department, document) → (lead, responsible, participant, first five task keys, partners),
    worked out here from the stored role links and keys."""
    roles: dict[tuple, dict] = {}
    for r in select(P + """SELECT ?t ?key ?doc ?role ?d WHERE { ?t pkg:inDocument ?doc ; pkg:key ?key .
            { ?t pkg:lead ?d BIND("lead" AS ?role) } UNION { ?t pkg:responsible ?d BIND("responsible" AS ?role) }
            UNION { ?t pkg:participant ?d BIND("participant" AS ?role) } }"""):
        roles.setdefault((r["doc"], r["t"], r["key"]), {}).setdefault(r["d"], set()).add(r["role"])
    out: dict[tuple, dict] = {}
    for (doc, _, key), people in sorted(roles.items(), key=lambda kv: natural_key(kv[0][2])):
        for dept, mine in people.items():
            s = out.setdefault((dept, doc), {"roles": Counter(), "keys": [], "partners": Counter()})
            s["roles"][min(mine, key=RANK.__getitem__)] += 1
            s["keys"].append(key)
            s["partners"].update(set(people) - {dept})
    return {k: (s["roles"]["lead"], s["roles"]["responsible"], s["roles"]["participant"], s["keys"][:5],
                dict(s["partners"])) for k, s in out.items()}


def stored_summaries(select: Select) -> dict:
    """The same, as the build stored it."""
    samples: dict[str, list] = {}
    for r in select(P + "SELECT ?s ?key WHERE { ?s a pkg:DepartmentInDocument ; pkg:sampleTask ?t . ?t pkg:key ?key }"):
        samples.setdefault(r["s"], []).append(r["key"])
    out = {}
    for r in select(P + """SELECT ?s ?d ?doc ?lead ?resp ?part ?partners WHERE { ?s a pkg:DepartmentInDocument ;
            pkg:summaryDepartment ?d ; pkg:summaryDocument ?doc ; pkg:tasksAsLead ?lead ;
            pkg:tasksAsResponsible ?resp ; pkg:tasksAsParticipant ?part ; pkg:partnerTasks ?partners }"""):
        assert (r["d"], r["doc"]) not in out  # one summary per department and document
        out[(r["d"], r["doc"])] = (int(r["lead"]), int(r["resp"]), int(r["part"]),
                                   sorted(samples[r["s"]], key=natural_key), json.loads(r["partners"]))
    return out


def _select(target) -> Select:
    store = open_store(target)
    return lambda sparql: rows(store, sparql)


def _changes(data, corpus: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Build ``corpus`` (the sample and a real document) into ``data``, change a file, add one and
    remove one; returns (the rest of the corpus, the added file)."""
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "suzhou.md")
    shutil.copy(REAL / "anhui_2022_rcep_opening.md", corpus / "anhui.md")
    build_corpus([corpus], data, jobs=1)
    sample = corpus / "suzhou.md"  # 市科技局's tasks move to another department
    sample.write_text(sample.read_text(encoding="utf-8").replace("市科技局", "市教育局"), encoding="utf-8")
    assert build_corpus([corpus], data, jobs=1).mode == "incremental"
    new = shutil.copy(REAL / "guangan_2023_market_vitality_measures.md", tmp_path / "guangan.md")
    assert add_files([new], data, parts_dir(data), jobs=1).mode == "incremental"
    assert remove_documents(["corpus/anhui.md"], data, parts_dir(data)).mode == "incremental"
    rest = tmp_path / "rest" / "corpus"  # the same recorded names, without the removed file
    rest.mkdir(parents=True)
    shutil.copy(sample, rest / "suzhou.md")
    return rest, new


def test_the_summaries_are_what_the_role_links_say(built_store):
    stored, expected = stored_summaries(_select(built_store)), expected_summaries(_select(built_store))
    assert stored == expected
    assert len(stored) == 114  # every department of every document of the sample (10 documents)
    kjj = {doc.rsplit("/", 1)[-1]: s for (d, doc), s in stored.items() if d.endswith("/dept/suzhou.kjj")}
    assert sum(s[0] + s[1] + s[2] for s in kjj.values()) == 41  # its 41 tasks, each counted once


def _exact(now: dict, fresh: dict) -> None:
    assert now == fresh
    assert {doc.rsplit("/", 1)[-1].split("-")[0] for _, doc in now} == {"suzhou", "guangan"}
    assert not [k for k in now if k[0].endswith("/dept/suzhou.kjj")]
    assert sum(sum(v[:3]) for k, v in now.items() if k[0].endswith("/dept/suzhou.jyj")) >= 41


def test_the_summaries_stay_exact_through_a_changed_file_an_add_and_a_remove(tmp_path):
    data = tmp_path / "data"
    rest, new = _changes(data, tmp_path / "corpus", tmp_path)
    now = stored_summaries(_select(data))
    assert now == expected_summaries(_select(data))
    build_corpus([rest, new], tmp_path / "fresh", jobs=1)
    _exact(now, stored_summaries(_select(tmp_path / "fresh")))


@pytest.mark.server
@needs_server
def test_the_summaries_on_a_server_stay_exact_through_a_changed_file_an_add_and_a_remove(tmp_path, free_port):
    with oxigraph_server(tmp_path / "ox", free_port()) as base:
        server = StoreConfig(data_dir=tmp_path / "data", query_url=f"{base}/query", update_url=f"{base}/update",
                             gsp_url=f"{base}/store")
        rest, new = _changes(server, tmp_path / "corpus", tmp_path)
        now = stored_summaries(_select(server))
        assert now == expected_summaries(_select(server))
    build_corpus([rest, new], tmp_path / "fresh", jobs=1)
    _exact(now, stored_summaries(_select(tmp_path / "fresh")))


@pytest.fixture(scope="module")
def store(built_store):
    return open_store(built_store)


@pytest.mark.parametrize("year", [2025, 2035])
def test_a_page_of_the_year_filter_read_from_the_first_documents_is_the_page_of_the_sorted_list(
        store, year, monkeypatch):
    monkeypatch.setattr(lookup, "FIRST_DOCUMENTS", (1, 2, 4))  # 10 documents: every window size is tried
    every = [r["t"] for r in find_tasks(store, year=year)]
    assert len(every) == 37
    for limit in (1, 5, 50):
        for offset in range(0, 40):
            total, page = task_page(store, limit, offset, year=year)
            assert total == 37 and [r["t"] for r in page] == every[offset:offset + limit], (limit, offset)


def test_a_page_of_one_departments_tasks_read_from_its_summaries_is_the_page_of_the_sorted_list(store):
    busiest = [r["d"] for r in rows(store, P + "SELECT ?d WHERE { ?d pkg:taskCount ?n } ORDER BY DESC(?n) ?d LIMIT 3")]
    for dept in busiest:
        every = [r["t"] for r in find_tasks(store, department_iris=[ref(dept)])]
        docs = rows(store, Q.department_document_counts(ref(dept)))
        assert len(every) > 20 and sum(int(r["n"]) for r in docs) == len(every) and len(docs) > 1
        for limit in (1, 7, 50):
            for offset in range(0, len(every) + 3):
                total, page = task_page(store, limit, offset, department_iris=[ref(dept)])
                assert total == len(every) and [r["t"] for r in page] == every[offset:offset + limit]


def test_the_list_endpoint_pages_the_year_and_the_department_as_before(client):
    every = client.get("/api/tasks", params={"year": 2025, "limit": 500}).json()
    page = client.get("/api/tasks", params={"year": 2025, "limit": 10, "offset": 30}).json()
    assert every["total"] == page["total"] == 37
    assert [t["key"] for t in page["items"]] == [t["key"] for t in every["items"]][30:40]
    dept = client.get("/api/tasks", params={"department": "suzhou.kjj", "limit": 500}).json()
    part = client.get("/api/tasks", params={"department": "suzhou.kjj", "limit": 5, "offset": 38}).json()
    assert dept["total"] == part["total"] == 41
    assert [t["key"] for t in part["items"]] == [t["key"] for t in dept["items"]][38:]
