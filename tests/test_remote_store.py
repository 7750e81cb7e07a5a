"""The store behind a real SPARQL 1.1 server: `oxigraph serve` (PyPI `oxigraph`,
installed by the test extra) on a free loopback port, driven through the same
build, query, CLI and HTTP API paths as the embedded store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import build_corpus
from graph.pipeline import BuildError
from graph.store import StoreConfig, StoreError, open_store, store_exists
from oxigraph_support import OXIGRAPH, oxigraph_server

ROOT = Path(__file__).resolve().parents[1]
SCIENCE = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
SELECT DISTINCT ?task WHERE { ?task pkg:involves ?d . ?d pkg:nameAsWritten "市科技局"@zh }"""

pytestmark = [
    pytest.mark.server,
    # CI installs the test extra (which brings `oxigraph`) and sets POLICYKG_REQUIRE_SERVER=1
    pytest.mark.skipif(OXIGRAPH is None and not os.environ.get("POLICYKG_REQUIRE_SERVER"),
                       reason="the `oxigraph` server is not installed (pip install oxigraph)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, free_port):
    with oxigraph_server(tmp_path_factory.mktemp("ox"), free_port()) as base:
        # the ledger of the server's files is kept under the data directory (graph.remote_update)
        yield StoreConfig(data_dir=tmp_path_factory.mktemp("data"), query_url=f"{base}/query",
                          update_url=f"{base}/update", gsp_url=f"{base}/store")


def test_build_into_the_server_and_query_it(server):
    assert not store_exists(server)
    summary = build_corpus(None, server)
    assert (summary.documents, summary.tasks) == (10, 212)
    store = open_store(server)
    assert len(store) == summary.triples > 5000
    names, rows = store.query(SCIENCE).rows()
    assert names == ["task"] and len(rows) == 41
    assert store.query("ASK { ?s ?p ?o }").rows() == (["boolean"], [["true"]])
    graph = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3")
    assert graph.kind == "graph" and graph.serialize("ntriples").count(b"\n") == 3


def test_without_graph_store_protocol_updates_are_chunked(server, monkeypatch):
    import graph.remote

    monkeypatch.setattr(graph.remote, "CHUNK_LINES", 1000)  # many INSERT DATA requests
    cfg = StoreConfig(data_dir=server.data_dir, query_url=server.query_url, update_url=server.update_url)
    summary = build_corpus(None, cfg, check=False)
    assert len(open_store(cfg)) == summary.triples
    assert len(open_store(cfg).query(SCIENCE).rows()[1]) == 41


def test_a_bad_query_and_a_failed_build_leave_the_data(server, tmp_path):
    store = open_store(server)
    before = len(store)
    with pytest.raises(ValueError):
        store.query("SELEC nonsense")
    empty = tmp_path / "empty.md"
    empty.write_text("")
    with pytest.raises(BuildError):
        build_corpus([empty], server)
    with pytest.raises(StoreError, match="update URL"):
        build_corpus(None, StoreConfig(data_dir=server.data_dir, query_url=server.query_url))
    assert len(open_store(server)) == before


def test_unreachable_server_is_named(free_port):
    cfg = StoreConfig(query_url=f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(StoreError, match="cannot reach"):
        len(open_store(cfg))


def test_cli_and_http_api_on_the_server(server):
    env = dict(os.environ, POLICYKG_SPARQL_QUERY=server.query_url)
    r = subprocess.run([sys.executable, "-m", "api.cli", "query", SCIENCE], cwd=ROOT, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("(41 rows)")

    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    settings = Settings(data=Path("/nonexistent"), sparql_query=server.query_url,
                        sparql_update=server.update_url, build_if_empty=False, allowed_hosts=["testserver"])
    with TestClient(create_app(settings)) as client:
        res = client.get("/sparql", params={"query": SCIENCE}, headers={"Accept": "application/sparql-results+json"})
        assert res.status_code == 200 and len(res.json()["results"]["bindings"]) == 41
        tasks = client.get("/api/tasks", params={"department": "市科技局", "limit": 100}).json()
        assert tasks["total"] == 41
        assert client.get("/healthz").json()["triples"] == len(open_store(server))
