"""Query DoS: every expensive query is stopped at a limit that it names, and the service keeps answering.

An app with small limits (2 s, 500 rows, 300 MB per worker, 3 workers, 2 per
client, 64 KB bodies) serves the sample store; the queries are real and run
in real worker processes.  Timings are the configured limits, never a
wall-clock assertion on speed (the latency under load is bench/bench_dos.py's).
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import socket
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = {"accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def limited(built_store):
    settings = Settings(data=built_store, build_if_empty=False, allowed_hosts=["testserver"],
                        query_timeout=2, query_max_rows=500, query_memory_mb=300, query_workers=3,
                        query_per_client=2, query_queue_seconds=5, max_body_bytes=65536)
    with TestClient(create_app(settings)) as c:
        yield c


def _error(r, status, code):
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code, err
    return err


def test_a_cartesian_product_is_stopped_at_the_time_limit(limited):
    err = _error(limited.get("/sparql", params={"query": CARTESIAN}), 503, "query-timeout")
    assert "time limit of 2 s" in err["message"] and err["detail"]["setting"] == "POLICYKG_QUERY_TIMEOUT"
    # the worker was replaced: the next query is answered
    assert limited.get("/sparql", params={"query": "ASK {}"}, headers=JSON).json()["boolean"] is True


def test_a_browser_sees_the_time_limit_on_the_query_page(limited):
    r = limited.get("/sparql", params={"query": CARTESIAN}, headers={"accept": "text/html"})
    assert r.status_code == 503 and r.headers["content-type"].startswith("text/html")
    assert r.headers["retry-after"] == "2"
    assert 'data-code="query-timeout"' in r.text and "time limit of 2 s" in r.text
    assert "POLICYKG_QUERY_TIMEOUT" in r.text and "?g ?h ?i }</textarea>" in r.text


def test_a_deep_property_path_is_stopped(limited):
    query = "SELECT (COUNT(*) AS ?n) { ?a (!<urn:x>)*/(!<urn:y>)*/(!<urn:z>)* ?b . ?c ?d ?e }"
    _error(limited.get("/sparql", params={"query": query}), 503, "query-timeout")


def test_an_answer_over_the_row_cap_is_refused_with_a_hint(limited):
    err = _error(limited.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"}), 400, "too-many-rows")
    assert "more than 500 rows" in err["message"] and "LIMIT" in err["message"]
    for fmt in ("csv", "tsv", "xml", "html"):
        _error(limited.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }", "format": fmt}),
               400, "too-many-rows")
    _error(limited.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}), 400, "too-many-rows")
    ok = limited.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 500"}, headers=JSON)
    assert len(ok.json()["results"]["bindings"]) == 500


@pytest.fixture()
def memory_limited(built_store):
    """A generous time limit, so that on a loaded machine the memory bound is
    what stops the growing query (with 2 s it sometimes ran out of time first),
    and a generous queue wait: the one worker may still be starting when the query
    comes (on a loaded machine that took over the default 2 s, and the answer was
    503 ``busy``)."""
    settings = Settings(data=built_store, build_if_empty=False, allowed_hosts=["testserver"],
                        query_timeout=300, query_memory_mb=300, query_workers=1, query_queue_seconds=120)
    with TestClient(create_app(settings)) as c:
        yield c


def test_a_query_that_grows_past_the_memory_limit_is_stopped(memory_limited):
    query = "SELECT ?a ?c ?d (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ?c ?d ?f"
    err = _error(memory_limited.get("/sparql", params={"query": query}), 503, "query-memory")
    assert "300 MB" in err["message"]


def test_a_huge_values_block_under_the_body_limit_is_answered(limited):
    values = " ".join(f'"v{i}"' for i in range(6000))
    query = f"SELECT (COUNT(*) AS ?n) {{ VALUES ?x {{ {values} }} }}"
    assert 40_000 < len(query) < 65_536
    r = limited.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query", **JSON})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "6000"


def test_a_body_over_the_limit_is_413_by_its_length_and_when_chunked(limited):
    big = b"SELECT * { VALUES ?x { " + b'"x" ' * 30000 + b"} }"
    err = _error(limited.post("/sparql", content=big, headers={"content-type": "application/sparql-query"}),
                 413, "body-too-large")
    assert "POLICYKG_MAX_BODY_BYTES" in err["message"]

    def chunks():
        for _ in range(40):
            yield b"#" * 4096
    _error(limited.post("/sparql", content=chunks(), headers={"content-type": "application/sparql-query"}),
           413, "body-too-large")
    huge = b"x" * (20 * 2 ** 20)  # 20 MB
    _error(limited.post("/sparql", content=huge, headers={"content-type": "application/sparql-query"}),
           413, "body-too-large")


def test_one_client_cannot_take_every_worker_and_healthz_keeps_answering(limited):
    with cf.ThreadPoolExecutor(4) as pool:
        slow = [pool.submit(limited.get, "/sparql", params={"query": CARTESIAN}) for _ in range(3)]
        time.sleep(0.5)
        assert limited.get("/healthz").status_code == 200
        codes = sorted(f.result().status_code for f in slow)
    # two run to the time limit, the third is refused at once: the per-client limit
    assert codes == [429, 503, 503]


def test_a_refusal_names_the_limit_and_a_retry(limited):
    with cf.ThreadPoolExecutor(3) as pool:
        slow = [pool.submit(limited.get, "/sparql", params={"query": CARTESIAN}) for _ in range(3)]
        refused = [f.result() for f in slow if f.result().status_code == 429]
    err = refused[0].json()["error"]
    assert err["code"] == "too-many-queries" and err["detail"]["limit"] == "per-client"
    assert refused[0].headers["retry-after"] == "2"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def served(built_store):
    """``policykg serve`` in a subprocess (a real uvicorn), with a long time limit, one query per client."""
    port = _free_port()
    env = {**os.environ, "POLICYKG_QUERY_TIMEOUT": "120", "POLICYKG_QUERY_PER_CLIENT": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--data", str(built_store),
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("the server did not start: " + proc.stderr.read().decode()[-2000:])
    yield proc, port
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def _raw_query(port: int, query: str) -> socket.socket:
    from urllib.parse import quote
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"GET /sparql?query={quote(query)} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Accept: application/sparql-results+json\r\n\r\n".encode())
    return sock


def _get(port: int, path: str) -> int:
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_query_whose_client_went_away_is_stopped(served):
    _, port = served
    sock = _raw_query(port, CARTESIAN)
    time.sleep(1.0)
    assert _get(port, "/sparql?query=ASK%7B%7D") == 429  # the one query this client may run is running
    sock.close()  # the client leaves: its query is stopped, not left to run for 120 s
    for _ in range(100):
        if _get(port, "/sparql?query=ASK%7B%7D") == 200:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the abandoned query kept its slot")


def test_sigterm_stops_the_server_while_a_query_runs(served):
    import signal
    proc, port = served
    sock = _raw_query(port, CARTESIAN)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("SIGTERM did not stop the server")
    sock.close()
    # uvicorn shuts down gracefully, then re-raises the signal it caught (so the exit status is -SIGTERM)
    assert code in (0, -signal.SIGTERM)
    assert "Finished server process" in proc.stderr.read().decode()
    leftover = subprocess.run(["pgrep", "-f", "graph.query_worker", "-P", str(proc.pid)],
                              capture_output=True, text=True).stdout.split()
    assert leftover == []
