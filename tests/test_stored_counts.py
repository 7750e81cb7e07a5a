"""The build stores its counts with the store's generation; /healthz and /api/stats read them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers.insights import live_stats
from api.settings import Settings
from graph import build_corpus
from graph.analytics import Analytics
from graph.counts import COUNTS_FILE, read_counts
from graph.store import open_store

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "suzhou_2022_01.md"


@pytest.fixture(scope="module")
def own_store(tmp_path_factory):
    """A store of the sample that this module may alter (its counts file), and the build summary."""
    data = tmp_path_factory.mktemp("counts-data")
    summary = build_corpus([SAMPLE], data)
    return data, summary


def _client(data):
    return TestClient(create_app(Settings(data=data, build_if_empty=False, allowed_hosts=["testserver"])))


def test_stored_counts_equal_a_real_count(built_store):
    store = open_store(built_store)
    stored = read_counts(store.generation)
    assert stored is not None and (store.generation / COUNTS_FILE).is_file()
    real = live_stats(store, Analytics.from_store(store))
    assert stored == real
    assert stored["triples"] == len(store)
    # the sample: 10 documents, 212 tasks, 83 departments (README, build summary)
    assert (stored["documents"], stored["tasks"], stored["departments"]) == (10, 212, 83)


def test_stored_counts_match_the_build_summary(own_store):
    data, summary = own_store
    stored = open_store(data).counts
    assert (stored["triples"], stored["documents"], stored["tasks"], stored["departments"]) == (
        summary.triples, summary.documents, summary.tasks, summary.departments)


def test_endpoints_read_the_stored_figures_not_the_store(own_store, tmp_path):
    data, _ = own_store
    copy = tmp_path / "data"
    shutil.copytree(data, copy, symlinks=True)
    generation = (copy / "store").resolve()
    real = json.loads((generation / COUNTS_FILE).read_text(encoding="utf-8"))
    # a figure no count of the store could give: the endpoints must be reading the file
    altered = dict(real, triples=real["triples"] + 1000, tasks=real["tasks"] + 7)
    (generation / COUNTS_FILE).write_text(json.dumps(altered), encoding="utf-8")
    with _client(copy) as c:
        assert c.get("/healthz").json() == {"status": "ok", "triples": real["triples"] + 1000}
        stats = c.get("/api/stats").json()
        assert stats["tasks"] == real["tasks"] + 7
        assert c.get("/api").json()["stats"]["tasks"] == real["tasks"] + 7


@pytest.mark.parametrize("content", [None, "{not json", '{"documents": 3}'])
def test_a_store_without_stored_counts_is_counted(own_store, tmp_path, content):
    """A generation built by an earlier version (no file), or a damaged file: counted on the spot."""
    data, _ = own_store
    copy = tmp_path / "data"
    shutil.copytree(data, copy, symlinks=True)
    path = (copy / "store").resolve() / COUNTS_FILE
    real = json.loads(path.read_text(encoding="utf-8"))
    if content is None:
        path.unlink()
    else:
        path.write_text(content, encoding="utf-8")
    assert open_store(copy).counts is None
    with _client(copy) as c:
        assert c.get("/healthz").json() == {"status": "ok", "triples": real["triples"]}
        assert c.get("/api/stats").json() == real


def test_a_rebuild_replaces_the_counts(tmp_path):
    """Counts belong to a generation: after a rebuild with more input, the server reports the new ones."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "a.md")
    data = tmp_path / "data"
    first = build_corpus([corpus], data)
    with _client(data) as c:
        assert c.get("/api/stats").json()["documents"] == first.documents == 10
        shutil.copy(SAMPLE, corpus / "b.md")
        second = build_corpus([corpus], data)
        stats = c.get("/api/stats").json()
        assert stats["documents"] == second.documents == 20
        assert stats["triples"] == second.triples == c.get("/healthz").json()["triples"]
