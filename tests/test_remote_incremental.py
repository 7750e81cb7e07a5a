"""Incremental builds, `policykg add` and `policykg remove` on a real SPARQL 1.1 server
(`oxigraph serve`, graph.remote_update): after each change the server's default graph holds exactly
the triples of a fresh build into a server and of the embedded store updated the same way; an
update killed, refused or applied half-way is finished or undone by the next command, and one
made by something else is refused with a message saying what to run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from oxigraph_support import needs_server, oxigraph_server

from graph.counts import read_counts
from graph.incremental import add_files, remove_documents
from graph.pipeline import BuildError, build_corpus, parts_dir
from graph.queries import updates as UQ
from graph.remote_update import PENDING
from graph.store import StoreConfig, ledger_generation, ledger_home
from graph.store_files import current_generation

from test_incremental_build import REAL, ROOT, SMALL, corpus  # noqa: F401 (corpus: the same fixture)

MARKET = REAL / "guangan_2023_market_vitality_measures.md"
KJJ = "https://w3id.org/policykg/id/dept/suzhou.kjj"

pytestmark = [pytest.mark.server, needs_server]


def _post(url: str, body: str, ctype: str, accept: str = "*/*") -> bytes:
    req = urllib.request.Request(url, data=body.encode("utf-8"), method="POST",
                                 headers={"Content-Type": ctype, "Accept": accept})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.read()


def _server_triples(cfg: StoreConfig) -> set:
    """Every triple of the server's default graph."""
    body = _post(cfg.query_url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/sparql-query",
                 "application/n-triples")
    return {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def _named_graphs(cfg: StoreConfig) -> list[str]:
    body = _post(cfg.query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                 "application/sparql-query", "application/sparql-results+json")
    return [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]]


def _embedded_triples(data: Path) -> set:
    return {q.triple for q in ox.Store.read_only(str(current_generation(data)))}


def _cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, capture_output=True, text=True)


def _server_opts(cfg: StoreConfig) -> list[str]:
    return ["--sparql", cfg.query_url, "--sparql-update", cfg.update_url, "--data", str(cfg.data_dir)]


@pytest.fixture()
def servers(tmp_path, free_port):
    """Two real servers: one updated incrementally (with the Graph Store Protocol URL), one for fresh
    builds (without it: chunked INSERT DATA)."""
    with oxigraph_server(tmp_path / "ox-a", free_port()) as a, oxigraph_server(tmp_path / "ox-b", free_port()) as b:
        yield (StoreConfig(data_dir=tmp_path / "data", query_url=f"{a}/query", update_url=f"{a}/update",
                           gsp_url=f"{a}/store"),
               StoreConfig(data_dir=tmp_path / "fresh-data", query_url=f"{b}/query", update_url=f"{b}/update"))


def _fresh(fresh: StoreConfig, paths: list) -> set:
    build_corpus(paths, fresh, jobs=1, full=True)
    return _server_triples(fresh)


def test_changed_file_add_and_remove_on_a_server_equal_fresh_builds_and_the_embedded_store(corpus, servers, tmp_path):
    server, fresh = servers
    embedded = tmp_path / "embedded"
    first = build_corpus([corpus], server, jobs=1)
    build_corpus([corpus], embedded, jobs=1)
    assert first.mode == "full" and len(_server_triples(server)) == first.triples
    assert _server_triples(server) == _embedded_triples(embedded)
    assert _named_graphs(server) == [UQ.STATE]  # the marker only: no build or staging graph left
    home = ledger_home(server)
    assert home.parent == server.data_dir / "servers" and (home / "parts").is_dir()
    assert ledger_generation(server) == current_generation(home)

    again = build_corpus([corpus], server, jobs=1)  # nothing changed
    assert (again.mode, again.extracted, again.change) == ("unchanged", 0, (0, 0))

    sample = corpus / "suzhou.md"  # one file changed: only it is extracted, only its triples replaced
    sample.write_text(sample.read_text(encoding="utf-8").replace("市科技局", "市科学技术局"), encoding="utf-8")
    changed = build_corpus([corpus], server, jobs=1)
    assert (changed.mode, changed.extracted, changed.reused) == ("incremental", 1, 2)
    removed, added = changed.change
    assert 0 < removed < first.triples / 4 and 0 < added < first.triples / 4
    build_corpus([corpus], embedded, jobs=1)
    stored = _server_triples(server)
    assert stored == _fresh(fresh, [corpus]) == _embedded_triples(embedded)
    assert changed.triples == len(stored)
    assert (ox.Triple(ox.NamedNode(KJJ), ox.NamedNode("https://w3id.org/policykg/ontology#taskCount"),
                      ox.Literal("41", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
            in stored)  # the aggregate moved with the renamed department, as in the embedded store
    assert read_counts(current_generation(home)) == read_counts(current_generation(embedded))

    # (named to sort after the stored documents: an add that sorts first also shifts their pkg:documentOrder)
    new = shutil.copy(MARKET, tmp_path / "zmarket.md")
    add = add_files([new], server, parts_dir(server), jobs=1)
    add_files([new], embedded, parts_dir(embedded), jobs=1)
    assert (add.mode, add.extracted, add.change[0]) == ("incremental", 1, 0) and add.change[1] > 1000
    assert _server_triples(server) == _fresh(fresh, [corpus, new]) == _embedded_triples(embedded)

    gone = remove_documents(["corpus/" + SMALL[0].name], server, parts_dir(server))
    remove_documents(["corpus/" + SMALL[0].name], embedded, parts_dir(embedded))
    # the documents sorting after the removed one move up a place: one pkg:documentOrder triple each
    documents = read_counts(current_generation(home))["documents"]
    assert (gone.mode, gone.removed) == ("incremental", 1) and gone.change[1] <= documents < 1000 < gone.change[0]
    rest = tmp_path / "rest" / "corpus"  # the same recorded names, without the removed file
    shutil.copytree(corpus, rest)
    (rest / SMALL[0].name).unlink()
    assert _server_triples(server) == _fresh(fresh, [rest, new]) == _embedded_triples(embedded)
    assert _named_graphs(server) == [UQ.STATE]
    assert read_counts(current_generation(home)) == read_counts(current_generation(embedded))


def test_the_cli_adds_and_removes_on_a_server(corpus, servers, tmp_path):
    server, fresh = servers
    out = _cli("build", str(corpus), "--jobs", "1", *_server_opts(server))
    assert out.returncode == 0, out.stderr
    before = _server_triples(server)
    new = shutil.copy(MARKET, tmp_path / "zmarket.md")
    out = _cli("add", str(new), *_server_opts(server))
    assert out.returncode == 0, out.stderr
    assert "files: extracted 1, reused 3, removed 0" in out.stdout and "update: incremental (-0 +" in out.stdout
    assert f"store: {server.query_url}" in out.stdout
    assert _server_triples(server) == _fresh(fresh, [corpus, new])
    out = _cli("remove", "zmarket-1", *_server_opts(server))  # by document id
    assert out.returncode == 0, out.stderr
    assert _server_triples(server) == before
    out = _cli("remove", "nope-1", *_server_opts(server))
    assert out.returncode == 1 and "remove: DOC 'nope-1' is not in the store" in out.stderr
    out = _cli("remove", "zmarket-1", "--sparql", server.query_url, "--data", str(server.data_dir))
    assert out.returncode == 1 and "needs its update URL" in out.stderr
    assert _server_triples(server) == before


@pytest.mark.parametrize("step", ["staged", "applied"])
def test_an_update_killed_around_its_request_is_undone_or_finished_by_the_next_command(corpus, servers, tmp_path,
                                                                                     step, capfd):
    """Killed after staging (the request not sent): the next command undoes it (drops the staging
    graphs); killed after the request: the next command finishes it (publishes the ledger)."""
    server, fresh = servers
    build_corpus([corpus], server, jobs=1)
    before, home = _server_triples(server), ledger_home(server)
    generation = current_generation(home)
    new = shutil.copy(MARKET, tmp_path / "zmarket.md")
    out = _cli("add", str(new), *_server_opts(server), env_extra={"POLICYKG_FAULT_AT": step})
    assert out.returncode == -9  # killed by the fault point
    assert (home / PENDING).is_file() and current_generation(home) == generation
    with_new = _fresh(fresh, [corpus, new])
    if step == "staged":
        assert _server_triples(server) == before  # the staged triples (an add: nothing to remove) unseen
        assert [g.rsplit(":", 1)[1] for g in _named_graphs(server) if g.startswith(UQ.STAGING_PREFIX)] == ["add"]
    else:
        assert _server_triples(server) == with_new and _named_graphs(server) == [UQ.STATE]
    capfd.readouterr()
    again = build_corpus([corpus, new], server, jobs=1)  # the next command repairs first
    said = capfd.readouterr().err
    assert ("undid the interrupted update (add zmarket.md)" if step == "staged"
            else "finished the interrupted update (add zmarket.md)") in said
    assert again.mode == ("incremental" if step == "staged" else "unchanged")
    assert _server_triples(server) == with_new and _named_graphs(server) == [UQ.STATE]
    assert not (home / PENDING).exists()


def test_a_request_applied_half_way_is_undone_exactly(corpus, servers, tmp_path):
    """As a server that does not apply a request in one transaction might: only the first operation
    of the update's request (the removal) went through; the next command puts every triple back."""
    server, fresh = servers
    build_corpus([corpus], server, jobs=1)
    before, home = _server_triples(server), ledger_home(server)
    sample = corpus / "suzhou.md"
    sample.write_text(sample.read_text(encoding="utf-8").replace("市科技局", "市科学技术局"), encoding="utf-8")
    out = _cli("build", str(corpus), "--jobs", "1", *_server_opts(server), env_extra={"POLICYKG_FAULT_AT": "staged"})
    assert out.returncode == -9
    record = json.loads((home / PENDING).read_text(encoding="utf-8"))
    remove_graph = record["graphs"][0]
    _post(server.update_url, f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{remove_graph}> {{ ?s ?p ?o }} }}",
          "application/sparql-update")
    half = _server_triples(server)
    assert half < before and len(before) - len(half) > 100
    assert ledger_generation(server) == current_generation(home)  # undone: back to the ledger's state
    assert _server_triples(server) == before and _named_graphs(server) == [UQ.STATE]
    build_corpus([corpus], server, jobs=1)
    assert _server_triples(server) == _fresh(fresh, [corpus])


def test_a_refused_update_names_the_file_and_the_next_one_cleans_up(corpus, servers, tmp_path, capfd):
    """The update URL points at a read-only endpoint: the staging upload (through the Graph Store
    Protocol) goes in, the next update request is refused; the error names the file, the default
    graph and the ledger are as they were, and the next update drops the staging graph left."""
    server, fresh = servers
    build_corpus([corpus], server, jobs=1)
    before, home = _server_triples(server), ledger_home(server)
    generation = current_generation(home)
    new = shutil.copy(MARKET, tmp_path / "zmarket.md")
    wrong = StoreConfig(data_dir=server.data_dir, query_url=server.query_url, update_url=server.query_url,
                        gsp_url=server.gsp_url)
    with pytest.raises(BuildError, match=r"^add zmarket\.md: the update was not applied \(nothing was changed\): "
                       r"http://127\.0\.0\.1:\d+/query: HTTP 415"):
        add_files([new], wrong, parts_dir(wrong), jobs=1)
    assert _server_triples(server) == before and current_generation(home) == generation
    assert len(_named_graphs(server)) == 2 and not (home / PENDING).exists()  # the marker + the staged add
    capfd.readouterr()
    add_files([new], server, parts_dir(server), jobs=1)
    assert "dropped the staging graphs an interrupted update left" in capfd.readouterr().err
    assert _server_triples(server) == _fresh(fresh, [corpus, new]) and _named_graphs(server) == [UQ.STATE]


def test_a_server_changed_by_something_else_is_rebuilt_whole_and_add_says_so(corpus, servers, tmp_path):
    server, fresh = servers
    build_corpus([corpus], server, jobs=1)
    other = StoreConfig(data_dir=tmp_path / "other", query_url=server.query_url, update_url=server.update_url)
    build_corpus([SMALL[0]], other, jobs=1)  # another data directory rebuilds the same server
    with pytest.raises(BuildError, match="add: .*no ledger in .* describes this server's data"):
        add_files([MARKET], server, parts_dir(server), jobs=1)
    assert _server_triples(server) == _fresh(fresh, [SMALL[0]])
    rebuilt = build_corpus([corpus], server, jobs=1)  # the ledger here is stale: a full build
    assert rebuilt.mode == "full" and _server_triples(server) == _fresh(fresh, [corpus])
    assert add_files([MARKET], server, parts_dir(server), jobs=1).mode == "incremental"


def test_without_graph_store_protocol_the_change_is_staged_in_chunks(corpus, servers, tmp_path, monkeypatch):
    """No --sparql-gsp: the staged triples go in INSERT DATA requests of at most CHUNK_LINES lines."""
    import graph.remote

    server, fresh = servers
    plain = StoreConfig(data_dir=server.data_dir, query_url=server.query_url, update_url=server.update_url)
    build_corpus([corpus], plain, jobs=1)
    monkeypatch.setattr(graph.remote, "CHUNK_LINES", 250)  # the add stages about 1,490 triples: 6 requests
    new = shutil.copy(MARKET, tmp_path / "zmarket.md")
    added = add_files([new], plain, parts_dir(plain), jobs=1)
    assert added.change[1] > 5 * 250
    assert _server_triples(server) == _fresh(fresh, [corpus, new]) and _named_graphs(server) == [UQ.STATE]


def test_the_server_applies_one_update_request_in_one_transaction(servers):
    """What the guarantee of graph.remote_update rests on: when an operation of a request fails, the
    operations before it in the same request are not applied either."""
    server, _ = servers
    _post(server.update_url, 'INSERT DATA { <urn:x:a> <urn:x:p> "1" }', "application/sparql-update")
    with pytest.raises(urllib.error.HTTPError):  # LOAD from a port oxigraph refuses to fetch from
        _post(server.update_url, 'DELETE DATA { <urn:x:a> <urn:x:p> "1" } ; INSERT DATA { <urn:x:b> <urn:x:p> "2" } ;'
              ' LOAD <http://127.0.0.1:1/nothing>', "application/sparql-update")
    assert {(t.subject.value, t.object.value) for t in _server_triples(server)} == {("urn:x:a", "1")}
