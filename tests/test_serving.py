"""Serving at scale: answers kept per store generation, lists paged inside the query, and
``policykg serve --workers N`` (a real uvicorn with worker processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import worker_environment
from api.settings import Settings
from graph.materialise import sort_key
from graph.store import build_store, open_store

ROOT = Path(__file__).resolve().parent.parent
PKG = "https://w3id.org/policykg/ontology#"
KJJ = "/api/tasks?department=" + quote("市科技局")


def _nt(n: int) -> bytes:
    return "".join(f"<urn:s{i}> <urn:p> \"v{i}\" .\n" for i in range(n)).encode()


# ---------------------------------------------------------------- the answer cache

def test_a_get_is_answered_from_memory_the_second_time_with_the_same_bytes_and_headers(client):
    first = client.get(KJJ)
    second = client.get(KJJ)
    assert first.status_code == second.status_code == 200
    assert second.headers["x-policykg-cache"] == "hit" and second.content == first.content
    assert second.json()["total"] == 41
    for name in ("content-security-policy", "x-content-type-options", "x-frame-options", "content-type"):
        assert second.headers[name] == first.headers[name]


def test_the_key_holds_the_query_string_and_the_accept_header(client):
    a = client.get(KJJ + "&limit=3")
    b = client.get(KJJ + "&limit=4")
    assert len(a.json()["items"]) == 3 and len(b.json()["items"]) == 4
    csv = client.get(KJJ + "&limit=3", headers={"accept": "text/csv"})
    json_again = client.get(KJJ + "&limit=3")
    assert json_again.headers["x-policykg-cache"] == "hit" and json_again.json()["items"] == a.json()["items"]
    assert csv.headers["content-type"] != json_again.headers["content-type"] or csv.content != json_again.content


def test_a_client_that_accepts_gzip_gets_the_page_compressed_and_kept_compressed(client):
    url = "/viz/department/" + quote("市科技局")
    plain = client.get(url, headers={"accept-encoding": "identity"})
    packed = [client.get(url, headers={"accept-encoding": "gzip, deflate"}) for _ in range(2)]
    assert "content-encoding" not in plain.headers
    assert packed[1].headers["x-policykg-cache"] == "hit"  # (the first may be kept already: a shared client)
    for r in packed:  # httpx decodes the body; the bytes on the wire are the compressed ones
        assert r.headers["content-encoding"] == "gzip" and r.content == plain.content
        assert int(r.headers["content-length"]) < len(plain.content) // 3


def test_user_queries_errors_and_bad_hosts_are_never_kept(client):
    q = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    for _ in range(2):
        r = client.get("/sparql", params=q, headers={"accept": "application/sparql-results+json"})
        assert r.status_code == 200 and "x-policykg-cache" not in r.headers
    for _ in range(2):
        r = client.get("/api/tasks/no-such-task")
        assert r.status_code == 404 and r.headers["x-policykg-cache"] == "miss"
    client.get("/healthz")
    bad = client.get("/healthz", headers={"host": "evil.example"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad-host"


def test_a_rebuild_is_served_at_the_next_request_not_the_kept_answer(tmp_path):
    build_store(tmp_path, _nt(2))
    settings = Settings(data=tmp_path, build_if_empty=False, allowed_hosts=["testserver"])
    with TestClient(create_app(settings)) as c:
        assert c.get("/healthz").headers["x-policykg-cache"] == "miss"
        hit = c.get("/healthz")
        assert hit.headers["x-policykg-cache"] == "hit" and hit.json()["triples"] == 2
        build_store(tmp_path, _nt(5))
        fresh = c.get("/healthz")
        assert fresh.headers["x-policykg-cache"] == "miss" and fresh.json()["triples"] == 5
        assert c.get("/healthz").json()["triples"] == 5


def test_the_cache_can_be_turned_off(tmp_path):
    build_store(tmp_path, _nt(2))
    settings = Settings(data=tmp_path, build_if_empty=False, allowed_hosts=["testserver"], response_cache_mb=0)
    with TestClient(create_app(settings)) as c:
        assert all("x-policykg-cache" not in c.get("/healthz").headers for _ in range(2))


def test_past_its_size_the_least_recently_used_answers_go(tmp_path):
    from api.response_cache import ResponseCache

    cache = ResponseCache(None, lambda: "g1", max_bytes=10)
    for i in range(4):
        cache._put(("g1", f"/{i}", b"", b"", b""), [], b"1234")
    assert [k[1] for k in cache._entries] == ["/2", "/3"] and cache._size == 8
    cache._put(("g2", "/x", b"", b"", b""), [], b"12")
    assert [k[1] for k in cache._entries] == ["/x"]  # another generation: the older answers dropped


# ---------------------------------------------------------------- paging inside the query

def _keys(client, url: str) -> list[str]:
    return [t["key"] for t in client.get(url).json()["items"]]


def test_pages_put_together_are_the_whole_list_in_key_order(client):
    whole = client.get(KJJ + "&limit=1000").json()
    keys = [t["key"] for t in whole["items"]]
    assert whole["total"] == len(keys) == 41
    assert keys == sorted(keys, key=sort_key)
    assert keys.index("suzhou_2022_01-1-a1:1.9") < keys.index("suzhou_2022_01-1-a1:1.10")
    pages = []
    for offset in range(0, 45, 7):
        page = client.get(KJJ + f"&limit=7&offset={offset}").json()
        assert page["total"] == 41 and page["offset"] == offset
        pages += [t["key"] for t in page["items"]]
    assert pages == keys
    assert client.get(KJJ + "&offset=41").json() == {**whole, "offset": 41, "limit": 50, "items": []}


def test_other_filters_page_in_the_query_too(client):
    year = client.get("/api/tasks?year=2025&limit=1000").json()
    assert year["total"] == 37 == len(year["items"])
    assert _keys(client, "/api/tasks?year=2025&limit=10&offset=30") == [t["key"] for t in year["items"]][30:40]
    lead = client.get(KJJ + "&role=lead&limit=3").json()
    assert lead["total"] == 8 and len(lead["items"]) == 3


def test_a_store_without_sort_keys_is_paged_the_same_way(built_store, client, tmp_path):
    """A store an earlier version built (no pkg:sortKey) is read whole and paged in Python."""
    source = ox.Store.read_only(str(open_store(built_store).generation))
    kept = [q.triple for q in source if q.predicate.value != PKG + "sortKey"]
    build_store(tmp_path, ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES))
    settings = Settings(data=tmp_path, build_if_empty=False, allowed_hosts=["testserver"])
    with TestClient(create_app(settings)) as old:
        assert old.get("/sparql", params={"query": f"ASK {{ ?t <{PKG}sortKey> ?k }}"},
                       headers={"accept": "application/sparql-results+json"}).json()["boolean"] is False
        for url in (KJJ + "&limit=1000", KJJ + "&limit=7&offset=14", "/api/tasks?year=2025&limit=5&offset=35"):
            assert old.get(url).json() == client.get(url).json(), url


# ---------------------------------------------------------------- worker processes

def test_the_worker_environment_repeats_the_settings_and_shares_out_the_query_workers(monkeypatch, tmp_path):
    monkeypatch.delenv("POLICYKG_QUERY_WORKERS", raising=False)
    env = worker_environment(Settings(data=tmp_path, port=8123, query_workers=6), 4)
    assert env["POLICYKG_DATA"] == str(tmp_path) and env["POLICYKG_PORT"] == "8123"
    assert env["POLICYKG_QUERY_WORKERS"] == "2" and env["POLICYKG_BUILD_IF_EMPTY"] == "false"
    monkeypatch.setenv("POLICYKG_QUERY_WORKERS", "5")
    assert "POLICYKG_QUERY_WORKERS" not in worker_environment(Settings(data=tmp_path), 4)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_serve_with_two_workers_answers_from_two_processes(built_store, free_port):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYKG_BUILD_IF_EMPTY": "false", "POLICYKG_QUERY_WORKERS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--data", str(built_store),
                             "--port", str(port), "--workers", "2", "--no-access-log"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        answers = [httpx.get(base + KJJ, timeout=30) for _ in range(20)]
        assert {r.status_code for r in answers} == {200} and {r.json()["total"] for r in answers} == {41}
        # uvicorn's supervisor has two worker processes, each running the app with its own query pool
        # (processes of their own); multiprocessing's resource tracker, also a child, has none
        # (a worker starts its pool beside its warm-up: wait for both pools)
        for _ in range(300):
            workers = [p for p in _children(proc.pid) if _children(p)]
            if len(workers) == 2:
                break
            time.sleep(0.1)
        assert len(workers) == 2, _children(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert proc.returncode == 0, err  # a clean shutdown of the supervisor and both workers
    assert "with 2 worker processes" in err and "Traceback" not in err
