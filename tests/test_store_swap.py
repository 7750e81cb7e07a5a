"""The store swap: one atomic step, killed at every step without losing the store, one build at a time.

Builds run in real subprocesses; ``POLICYKG_FAULT_AT=<step>`` makes the build
SIGKILL itself at that step of the swap (graph.store_files).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app, ensure_store
from api.settings import Settings
from graph.store import StoreError, build_store, open_store, store_exists
from graph.store_files import build_lock, current_generation

ROOT = Path(__file__).resolve().parent.parent


def _nt(label: str, n: int = 3) -> bytes:
    return "".join(f'<urn:{label}:{i}> <urn:p> "{label}" .\n' for i in range(n)).encode()


def _labels(data: Path) -> set[str]:
    store = open_store(data)
    try:
        return {row[0] for row in store.query("SELECT DISTINCT ?o { ?s <urn:p> ?o }").rows()[1]}
    finally:
        store.close()


def _build_in_subprocess(data: Path, label: str, fault: str | None = None, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("POLICYKG_FAULT_AT", None)
    if fault:
        env["POLICYKG_FAULT_AT"] = fault
    code = f"from graph.store import build_store; build_store({str(data)!r}, {_nt(label)!r})"
    return subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, text=True, **kw)


def test_a_build_replaces_one_link_and_keeps_one_previous_generation(tmp_path):
    for label in ("a", "b", "c"):
        assert build_store(tmp_path, _nt(label)) == 3
    assert (tmp_path / "store").is_symlink() and _labels(tmp_path) == {"c"}
    assert len(list((tmp_path / "stores").iterdir())) == 2  # current and previous


@pytest.mark.parametrize("step, expected", [("loaded", "a"), ("linked", "a"), ("swapped", "b")])
def test_a_build_killed_at_any_step_leaves_a_store(tmp_path, step, expected):
    build_store(tmp_path, _nt("a"))
    proc = _build_in_subprocess(tmp_path, "b", fault=step)
    assert proc.wait(timeout=120) == -signal.SIGKILL
    assert _labels(tmp_path) == {expected}
    build_store(tmp_path, _nt("c"))  # the next build cleans what the killed one left
    assert _labels(tmp_path) == {"c"}
    assert not list(tmp_path.glob(".store-*.tmp")) and not list(tmp_path.glob("build-*"))
    assert len(list((tmp_path / "stores").iterdir())) == 2


def test_a_store_of_the_earlier_layout_survives_a_kill_during_its_migration(tmp_path):
    legacy = ox.Store(str(tmp_path / "store"))  # store/ as a plain directory, as earlier versions made it
    legacy.bulk_load(input=_nt("old"), format=ox.RdfFormat.N_TRIPLES)
    legacy.flush()
    del legacy
    proc = _build_in_subprocess(tmp_path, "new", fault="migrated")
    assert proc.wait(timeout=120) == -signal.SIGKILL
    assert not (tmp_path / "store").exists()  # killed between the two steps of the migration...
    ensure_store(Settings(data=tmp_path, build_if_empty=True))  # ...and serve recovers, building nothing
    assert _labels(tmp_path) == {"new"}


def test_serve_restores_the_store_that_a_two_rename_swap_left_in_old(tmp_path, caplog):
    for name, label in (("old-4242", "mine"), ("build-4242", "half")):
        st = ox.Store(str(tmp_path / name))
        st.bulk_load(input=_nt(label), format=ox.RdfFormat.N_TRIPLES)
        st.flush()
        del st
    ensure_store(Settings(data=tmp_path, build_if_empty=True))
    assert _labels(tmp_path) == {"mine"}  # the user's data, not the bundled sample
    assert "restored the store" in caplog.text


def test_serve_never_builds_the_sample_over_store_data_it_cannot_recover(tmp_path):
    (tmp_path / "stores" / "20260101T000000-1-abc").mkdir(parents=True)
    with pytest.raises(StoreError, match="not building the sample over them"):
        ensure_store(Settings(data=tmp_path, build_if_empty=True))
    assert not store_exists(tmp_path)


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    build_store(tmp_path, _nt("a"))
    with build_lock(tmp_path):
        proc = _build_in_subprocess(tmp_path, "b")
        line = proc.stderr.readline()
        assert "another build of" in line and "waiting" in line, line
        assert proc.poll() is None  # still waiting for the lock
        assert _labels(tmp_path) == {"a"}
    assert proc.wait(timeout=120) == 0
    assert _labels(tmp_path) == {"b"}


def test_a_running_server_serves_a_rebuild_without_a_restart(tmp_path):
    build_store(tmp_path, _nt("before", 2))
    settings = Settings(data=tmp_path, build_if_empty=False, allowed_hosts=["testserver"])
    query = {"query": "SELECT ?o { ?s <urn:p> ?o } LIMIT 1", "format": "json"}
    with TestClient(create_app(settings)) as c:
        assert c.get("/healthz").json()["triples"] == 2
        assert c.get("/sparql", params=query).json()["results"]["bindings"][0]["o"]["value"] == "before"
        first = current_generation(tmp_path)
        build_store(tmp_path, _nt("after", 5))
        assert current_generation(tmp_path) != first
        assert c.get("/healthz").json()["triples"] == 5
        assert c.get("/sparql", params=query).json()["results"]["bindings"][0]["o"]["value"] == "after"


def test_a_failed_build_leaves_the_store_and_no_generation(tmp_path):
    build_store(tmp_path, _nt("a"))
    with pytest.raises(StoreError, match="cannot build the store"):
        build_store(tmp_path, b"this is not n-triples\n")
    assert _labels(tmp_path) == {"a"} and len(list((tmp_path / "stores").iterdir())) == 1


def test_serve_says_loudly_when_it_builds_the_sample_into_an_empty_directory(tmp_path, caplog):
    """The one case in which the bundled sample is built: no store and no store data at all.
    It is a WARNING naming the directory and how to turn it off, not a quiet default."""
    import logging

    data = tmp_path / "fresh"
    with caplog.at_level(logging.WARNING, logger="api.app"):
        ensure_store(Settings(data=data, build_if_empty=True))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("building the bundled SAMPLE corpus (not your data)" in m and str(data) in m
               and "POLICYKG_BUILD_IF_EMPTY=false" in m for m in warnings), warnings
    store = open_store(data)
    try:
        rows = store.query('SELECT (COUNT(*) AS ?n) { ?d <http://purl.org/dc/terms/title> ?t . '
                           'FILTER(CONTAINS(?t, "苏州")) }').rows()[1]
    finally:
        store.close()
    assert int(rows[0][0]) > 0
