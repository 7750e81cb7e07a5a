"""Answers of the named queries kept with the store generation (graph.stored_answers): a build keeps
every one; each kept answer, in every format, is byte for byte what running the query gives on that
store (in process, over /sparql with an edited text that runs, and through the CLI); an edited text
runs; after `policykg add`, `remove` and an incremental build the new generation keeps none until
the first request, which runs the query and keeps the answer of that generation."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import gallery, stored_answers as SA
from graph import queries as Q
from graph.answers import RowLimitError, serialize_capped
from graph.incremental import add_files, remove_documents
from graph.pipeline import build_corpus, parts_dir
from graph.store import StoreConfig
from graph.store_files import current_generation
from oxigraph_support import OXIGRAPH, oxigraph_server

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
REAL = ROOT / "tests" / "fixtures" / "real"
SMALL = [REAL / "anhui_2022_rcep_opening.md", REAL / "pingtan_2023_new_pollutants.md"]
FORMATS = ("json", "csv", "tsv", "xml")
NAMED = [(e.name, e.sparql) for e in gallery.examples()] + [(SA.EXAMPLE, Q.example_query())]
TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)


def edited(text: str) -> str:
    """The same query with one more blank inside a line: not a named text, so it runs."""
    return text.replace("SELECT", "SELECT ", 1)


def run(generation: Path, text: str, fmt: str):
    """``text`` run on the store of ``generation`` and serialized as /sparql does."""
    raw = ox.Store.read_only(str(generation)).query(text)
    return serialize_capped(SA.raw_result(raw), {"table": fmt, "graph": None}, 100_000)


def assert_kept_equal_run(generation: Path, named=NAMED) -> None:
    for name, text in named:
        kept = SA.lookup(generation, text)
        assert kept is not None and kept.name == name, name
        for fmt in (*FORMATS, "html"):
            fresh, served = run(generation, text, fmt), SA.serve(kept, {"table": fmt}, 100_000)
            assert served.stored and served.format == fmt
            assert (served.body, served.names, served.rows) == (fresh.body, fresh.names, fresh.rows), (name, fmt)
            assert kept.rows == fresh.count, name


def rows_of(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def documents(data: Path) -> int:
    """The documents of the store, counted by another query than the gallery's."""
    store = ox.Store.read_only(str(current_generation(data)))
    rows = list(store.query("SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/policykg/ontology#Document> }"))
    return int(rows[0]["n"].value)


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "suzhou.md")
    shutil.copy(SMALL[0], folder / SMALL[0].name)
    return folder


def client_on(data: Path, **settings) -> TestClient:
    return TestClient(create_app(Settings(data=data, build_if_empty=False, allowed_hosts=["testserver"],
                                          **settings)))


def get(client: TestClient, text: str, fmt: str):
    r = client.get("/sparql", params={"query": text, "format": fmt})
    assert r.status_code == 200, r.text
    return r


def test_normalise_keeps_the_tokens_and_names_only_the_named_texts():
    text = gallery.example("coparticipation").sparql
    assert SA.named(text) == "coparticipation"
    framed = "# title: anything\n#\n\n" + text.replace("\n", "  \r\n") + "\n\n"
    assert SA.named(framed) == "coparticipation"
    assert SA.named(Q.example_query()) == SA.EXAMPLE
    assert SA.named(edited(text)) is None
    assert SA.named(text.replace("LIMIT 50", "LIMIT 49")) is None
    assert SA.named("SELECT * WHERE { ?s ?p ?o }") is None
    assert SA.normalise("  # c\n\nSELECT ?x  \r\nWHERE {}\n") == "SELECT ?x\nWHERE {}"


def test_a_build_keeps_every_named_answer_equal_to_running_it(corpus, tmp_path):
    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    generation = current_generation(data)
    assert_kept_equal_run(generation, NAMED[:-1])  # the gallery; the example is kept on first use
    assert SA.lookup(generation, Q.example_query()) is None
    with client_on(data) as client:
        assert "x-policykg-answer" not in get(client, Q.example_query(), "json").headers
        assert get(client, Q.example_query(), "json").headers.get("x-policykg-answer") == "stored"
    assert_kept_equal_run(generation)
    by_role = SA.lookup(generation, gallery.example("department-tasks-by-role").sparql)
    assert by_role.rows == 41  # 市科技局's tasks in the sample (its role counts: tests/test_gallery.py)
    with pytest.raises(RowLimitError):
        SA.serve(by_role, {"table": "json"}, 40)
    assert SA.serve(by_role, {"table": "json"}, 41).body == by_role.body()


def test_answers_kept_one_query_at_a_time_while_slots_allow_one_are_the_same(corpus, tmp_path):
    """While the build compacts the store, the answers are made holding one slot each (one query at
    a time); the compaction's thread adds a slot when it ends.  Either way the same answers are kept."""
    import threading
    import time

    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    store = ox.Store.read_only(str(current_generation(data)))
    running, most, lock = [0], [0], threading.Lock()

    def counted(text):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.05)  # long enough for the other pool thread to start a query if it may
            return SA.raw_result(store.query(text))
        finally:
            with lock:
                running[0] -= 1

    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    kept = SA.keep_all(counted, one, threads=2, slots=threading.Semaphore(1))
    assert most[0] == 1 and len(kept) == len(NAMED) - 1
    most[0] = 0
    assert SA.keep_all(counted, two, threads=2).keys() == kept.keys()
    assert most[0] == 2  # without slots two run at once
    for name, text in NAMED[:-1]:
        assert SA.lookup(one, text).body() == SA.lookup(two, text).body() == SA.lookup(
            current_generation(data), text).body(), name


def test_sparql_serves_the_kept_answer_and_runs_an_edited_text(corpus, tmp_path):
    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    with client_on(data) as client:
        assert "x-policykg-answer" not in get(client, Q.example_query(), "csv").headers  # kept on first use
        for name, text in NAMED:
            for fmt in FORMATS:
                kept, ran = get(client, text, fmt), get(client, edited(text), fmt)
                assert kept.headers.get("x-policykg-answer") == "stored", (name, fmt)
                assert "x-policykg-answer" not in ran.headers
                assert kept.content == ran.content and kept.headers["content-type"] == ran.headers["content-type"]
            page = client.get("/sparql", params={"query": text}, headers={"accept": "text/html"})
            ran = client.get("/sparql", params={"query": edited(text)}, headers={"accept": "text/html"})
            assert page.headers.get("x-policykg-answer") == "stored"
            assert TBODY.search(page.text).group(1) == TBODY.search(ran.text).group(1) != ""
        # compressed once for clients that accept gzip, kept beside the answer; the same content
        text = gallery.example("department-workload").sparql
        plain = client.get("/sparql", params={"query": text, "format": "csv"}, headers={"accept-encoding": "identity"})
        packed = client.get("/sparql", params={"query": text, "format": "csv"}, headers={"accept-encoding": "gzip"})
        ran = client.get("/sparql", params={"query": edited(text), "format": "csv"}, headers={"accept-encoding": "gzip"})
        assert "content-encoding" not in plain.headers
        assert packed.headers["content-encoding"] == ran.headers["content-encoding"] == "gzip"
        assert plain.content == packed.content == ran.content and len(plain.content) > 1024
        kept = SA.lookup(current_generation(data), text)
        assert gzip.decompress(kept.path.with_suffix(".csv.gz").read_bytes()) == plain.content
        # the gallery's run links and a text pasted with its header and CR LF line ends
        for item in client.get("/api/queries").json()["items"]:
            r = client.get(item["run"], headers={"accept": "application/sparql-results+json"})
            assert r.status_code == 200 and r.headers.get("x-policykg-answer") == "stored", item["name"]
        pasted = (gallery.EXAMPLES_DIR / "coparticipation.rq").read_text(encoding="utf-8").replace("\n", "\r\n")
        r = client.post("/sparql", data={"query": pasted, "format": "json"})
        assert r.headers.get("x-policykg-answer") == "stored"
        assert r.content == get(client, edited(gallery.example("coparticipation").sparql), "json").content
    with client_on(data, query_max_rows=40) as client:  # over the row cap: refused as a run query is
        text = gallery.example("department-tasks-by-role").sparql
        kept = client.get("/sparql", params={"query": text, "format": "json"})
        ran = client.get("/sparql", params={"query": edited(text), "format": "json"})
        assert kept.status_code == ran.status_code == 400
        assert kept.json()["error"]["code"] == ran.json()["error"]["code"] == "too-many-rows"


def test_after_add_remove_and_an_incremental_build_the_first_request_keeps_the_new_answer(corpus, tmp_path):
    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    issuer = gallery.example("documents-by-issuer").sparql
    before = SA.lookup(current_generation(data), issuer).body()

    def check_first_use(client) -> bytes:
        generation = current_generation(data)
        assert not (generation / SA.ANSWERS_DIR).exists()  # nothing of the generation before
        first = {}
        for name, text in NAMED:
            r = get(client, text, "json")
            assert "x-policykg-answer" not in r.headers, name  # run on this generation, and kept
            first[name] = r.content
        for name, text in NAMED:
            for fmt in FORMATS:
                kept, ran = get(client, text, fmt), get(client, edited(text), fmt)
                assert kept.headers.get("x-policykg-answer") == "stored", (name, fmt)
                assert kept.content == ran.content, (name, fmt)
            assert get(client, text, "json").content == first[name]
        assert_kept_equal_run(generation)
        return first["documents-by-issuer"]

    again = build_corpus([corpus], data, jobs=1)  # nothing changed: the same graph keeps its answers
    assert again.mode == "unchanged"
    assert (current_generation(data) / SA.ANSWERS_DIR).is_dir()
    assert SA.lookup(current_generation(data), issuer).body() == before
    assert_kept_equal_run(current_generation(data), NAMED[:-1])
    with client_on(data) as client:
        sample = corpus / "suzhou.md"
        sample.write_text(sample.read_text(encoding="utf-8").replace("市科技局", "市科学技术局"), encoding="utf-8")
        assert build_corpus([corpus], data, jobs=1).mode == "incremental"
        changed = check_first_use(client)
        assert changed == before  # the issuers and task counts did not change, only a department's name
        role = gallery.example("department-tasks-by-role").sparql
        assert SA.lookup(current_generation(data), role).rows == 0  # 市科技局 is written otherwise now
        extra = tmp_path / "extra"
        extra.mkdir()
        new = shutil.copy(SMALL[1], extra / SMALL[1].name)
        assert add_files([new], data, parts_dir(data), jobs=1).mode == "incremental"
        added = check_first_use(client)
        assert added != before and rows_of(before) < rows_of(added) == documents(data)
        remove_documents(["corpus/" + SMALL[0].name], data, parts_dir(data))
        removed = check_first_use(client)
        assert removed not in (before, added) and rows_of(removed) == documents(data) < rows_of(added)
    # the same answers as a fresh build of the same files keeps
    rest = tmp_path / "rest" / "corpus"  # the same folder name: the same recorded file names
    shutil.copytree(corpus, rest)
    (rest / SMALL[0].name).unlink()
    fresh = tmp_path / "fresh"
    build_corpus([rest, new], fresh, jobs=1)
    for name, text in NAMED[:-1]:  # the gallery (a build keeps the example on its first request)
        ran = run(current_generation(data), text, "json").body
        assert SA.lookup(current_generation(fresh), text).body() == ran, name


def test_the_cli_answers_from_the_kept_answer_as_the_query_runs(corpus, tmp_path):
    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    text = gallery.example("targets-due-by-year").sparql
    for fmt in ("table", "json", "csv", "tsv", "xml"):
        cmd = [sys.executable, "-m", "api.cli", "query", "--data", str(data), "--format", fmt]
        a = subprocess.run(cmd + ["--example", "targets-due-by-year"], env=env, capture_output=True, check=True)
        b = subprocess.run(cmd + [edited(text)], env=env, capture_output=True, check=True)
        assert a.stdout == b.stdout and len(a.stdout) > 200, fmt
    # a kept answer is what the CLI prints: a generation without one runs the query and keeps it
    shutil.rmtree(current_generation(data) / SA.ANSWERS_DIR)
    cmd = [sys.executable, "-m", "api.cli", "query", "--data", str(data), "--format", "json", "--example",
           "documents-by-issuer"]
    out = subprocess.run(cmd, env=env, capture_output=True, check=True).stdout
    again = SA.lookup(current_generation(data), gallery.example("documents-by-issuer").sparql)
    assert again is not None and again.rows == documents(data) == 11
    assert subprocess.run(cmd, env=env, capture_output=True, check=True).stdout == out


@pytest.mark.server
@pytest.mark.skipif(OXIGRAPH is None and not os.environ.get("POLICYKG_REQUIRE_SERVER"),
                    reason="the `oxigraph` server is not installed (pip install oxigraph)")
def test_on_a_sparql_server_every_named_query_runs(tmp_path, free_port):
    """A server's data can change at any time and has no generation: nothing is kept, the queries run."""
    with oxigraph_server(tmp_path / "ox", free_port()) as base:
        config = StoreConfig(data_dir=tmp_path / "data", query_url=f"{base}/query", update_url=f"{base}/update",
                             gsp_url=f"{base}/store")
        build_corpus(None, config)
        with TestClient(create_app(Settings(data=tmp_path / "data", sparql_query=config.query_url,
                                            sparql_update=config.update_url, build_if_empty=False,
                                            allowed_hosts=["testserver"]))) as client:
            for name, text in NAMED:
                a, b = get(client, text, "json"), get(client, edited(text), "json")
                assert "x-policykg-answer" not in a.headers and a.content == b.content, name
            by_role = get(client, gallery.example("department-tasks-by-role").sparql, "json").json()
            assert len(by_role["results"]["bindings"]) == 41
        assert not list(tmp_path.rglob(SA.ANSWERS_DIR))
