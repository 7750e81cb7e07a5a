"""Incremental builds (graph.incremental): a changed file is the only one extracted again, only
its triples are replaced, and the store then equals a fresh build of the same corpus, triple for
triple and figure for figure; `policykg add` / `remove` likewise; a bad file or an unknown
document changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.counts import count_graph, read_counts
from graph.incremental import add_files, remove_documents
from graph.ledger import Ledger
from graph.parts import MAPPING_MODULES, part_key, rules_version
from graph.pipeline import BuildError, build_corpus, parts_dir
from graph.store import _select
from graph.store_files import current_generation

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
REAL = ROOT / "tests" / "fixtures" / "real"
SMALL = [REAL / "anhui_2022_rcep_opening.md", REAL / "pingtan_2023_new_pollutants.md"]
PKG = "https://w3id.org/policykg/ontology#"


def _store(data: Path) -> ox.Store:
    return ox.Store.read_only(str(current_generation(data)))


def _triples(data: Path) -> set:
    return {q.triple for q in _store(data)}


def _same_as_fresh(data: Path, fresh_paths: list, tmp_path: Path) -> None:
    """The store in ``data`` holds exactly what a fresh build of ``fresh_paths`` stores, and keeps
    the same figures (policykg-counts.json)."""
    fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    build_corpus(fresh_paths, fresh, jobs=1)
    assert _triples(data) == _triples(fresh)
    assert read_counts(current_generation(data)) == read_counts(current_generation(fresh))


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "suzhou.md")
    for path in SMALL:
        shutil.copy(path, folder / path.name)
    return folder


def test_one_changed_file_is_the_only_one_extracted_and_the_store_equals_a_fresh_build(corpus, tmp_path):
    data = tmp_path / "data"
    first = build_corpus([corpus], data, jobs=2)
    assert (first.mode, first.extracted, first.reused) == ("full", 3, 0)
    generation, stored = current_generation(data), _triples(data)

    again = build_corpus([corpus], data, jobs=2)  # nothing changed: nothing extracted, the same triples
    assert (again.mode, again.extracted, again.reused, again.change) == ("unchanged", 0, 3, (0, 0))
    assert current_generation(data) != generation and _triples(data) == stored
    generation = current_generation(data)

    sample = corpus / "suzhou.md"
    sample.write_text(sample.read_text(encoding="utf-8").replace("市科技局", "市科学技术局"), encoding="utf-8")
    second = build_corpus([corpus], data, jobs=2)
    assert (second.mode, second.extracted, second.reused, second.removed) == ("incremental", 1, 2, 0)
    removed, added = second.change
    assert 0 < removed < first.triples / 4 and 0 < added < first.triples / 4
    assert current_generation(data) != generation
    _same_as_fresh(data, [corpus], tmp_path)
    assert second.triples == len(_store(data)) == read_counts(current_generation(data))["triples"]
    # the workload of 市科技局 moved to the name as now written (an aggregate of the ledger)
    rows = list(_store(data).query(f"SELECT ?n WHERE {{ <https://w3id.org/policykg/id/dept/suzhou.kjj> "
                                    f"<{PKG}taskCount> ?n }}"))
    assert [int(r["n"].value) for r in rows] == [41]

    (corpus / SMALL[0].name).unlink()  # a file gone from the corpus leaves the store
    third = build_corpus([corpus], data, jobs=1)
    assert (third.mode, third.extracted, third.removed) == ("incremental", 0, 1)
    _same_as_fresh(data, [corpus], tmp_path)


def test_the_cli_says_what_was_extracted(corpus, tmp_path):
    data = tmp_path / "data"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = [sys.executable, "-m", "api.cli", "build", str(corpus), "--data", str(data), "--jobs", "1"]
    out = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert "files: extracted 3, reused 0, removed 0" in out and "update: full" in out
    small = corpus / SMALL[1].name
    small.write_text(small.read_text(encoding="utf-8") + "\n（一）市生态环境局负责新增任务。\n", encoding="utf-8")
    out = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert "files: extracted 1, reused 2, removed 0" in out
    assert "update: incremental (-" in out


def test_add_and_remove_equal_fresh_builds(corpus, tmp_path):
    data, extra = tmp_path / "data", tmp_path / "extra"
    build_corpus([corpus], data, jobs=1)
    extra.mkdir()
    new = shutil.copy(REAL / "guangan_2023_market_vitality_measures.md", extra / "market.md")
    added = add_files([new], data, parts_dir(data), jobs=1)
    assert (added.mode, added.extracted) == ("incremental", 1)
    _same_as_fresh(data, [corpus, new], tmp_path)

    doc_ids = [d for (d,) in Ledger(current_generation(data) / "policykg-ledger.sqlite").db.execute(
        "SELECT doc_id FROM docs WHERE name = 'market.md'")]
    assert doc_ids == ["market-1", "market-1-a1"]  # the notice and its annex
    removed = remove_documents(["market-1"], data, parts_dir(data))  # by document id
    assert (removed.mode, removed.removed, removed.extracted) == ("incremental", 1, 0)
    _same_as_fresh(data, [corpus], tmp_path)

    add_files([new], data, parts_dir(data))
    remove_documents([str(new)], data, parts_dir(data))  # by the path given to add
    remove_documents(["corpus/" + SMALL[0].name], data, parts_dir(data))  # by the recorded name
    rest = tmp_path / "rest" / "corpus"  # the same folder name: the same recorded file names
    shutil.copytree(corpus, rest)
    (rest / SMALL[0].name).unlink()
    _same_as_fresh(data, [rest], tmp_path)


def test_a_bad_file_or_an_unknown_document_changes_nothing(corpus, tmp_path):
    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    generation, before = current_generation(data), _triples(data)
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    with pytest.raises(BuildError, match="empty.md"):
        add_files([empty], data, parts_dir(data))
    with pytest.raises(BuildError, match="missing.md: no such file"):
        add_files([tmp_path / "missing.md"], data, parts_dir(data))
    with pytest.raises(BuildError, match="DOC 'nope-1' is not in the store"):
        remove_documents(["nope-1"], data, parts_dir(data))
    with pytest.raises(BuildError, match="would leave the store empty"):
        remove_documents(["corpus/suzhou.md", SMALL[0].name.replace(".md", "-1"), "corpus/" + SMALL[1].name],
                         data, parts_dir(data))
    assert current_generation(data) == generation and _triples(data) == before
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "api.cli", "remove", "nope-1", "--data", str(data)],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 1 and "remove: DOC 'nope-1' is not in the store" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "api.cli", "add", str(empty), "--data", str(data)],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 1 and "empty.md" in proc.stderr
    assert current_generation(data) == generation


def test_an_update_killed_before_the_swap_loses_nothing(corpus, tmp_path):
    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    before = _triples(data)
    new = shutil.copy(REAL / "guangan_2023_market_vitality_measures.md", tmp_path / "market.md")
    env = dict(os.environ, PYTHONPATH=str(ROOT), POLICYKG_FAULT_AT="loaded")
    proc = subprocess.run([sys.executable, "-m", "api.cli", "add", str(new), "--data", str(data)],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == -9  # killed by the fault point, after the update, before the swap
    assert _triples(data) == before
    add_files([new], data, parts_dir(data))  # the next update goes through
    _same_as_fresh(data, [corpus, new], tmp_path)


def test_the_ledger_gives_the_figures_the_store_gives(tmp_path):
    """The per-file partial counts add up to what count_graph counts on the whole store."""
    data = tmp_path / "data"
    summary = build_corpus([REAL, SAMPLE], data, jobs=2)
    gen = current_generation(data)
    store = _store(data)
    from_store = count_graph(lambda q: _select(store, q), len(store))
    with Ledger(gen / "policykg-ledger.sqlite") as led:
        assert led.counts() == from_store
        assert len(led.files()) == len(list(REAL.glob("*.md"))) + 1
    assert from_store["coparticipating_pairs"] > 1000 and from_store["triples"] == summary.triples


def test_a_rule_change_gives_every_file_a_new_key(tmp_path):
    copy = tmp_path / "checkout"
    shutil.copytree(ROOT / "extract", copy / "extract", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "graph").mkdir()
    for name in MAPPING_MODULES:
        if (ROOT / "graph" / name).exists():
            shutil.copy(ROOT / "graph" / name, copy / "graph" / name)
    assert rules_version(copy) == rules_version()
    rule = copy / "extract" / "rules" / "assignments.yaml"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# a new comment\n", encoding="utf-8")
    changed = rules_version.__wrapped__(copy)  # not the cached answer for this directory
    assert changed != rules_version()
    item = (SAMPLE, "suzhou.md", "suzhou")
    assert part_key(item, changed) != part_key(item)
    assert part_key(item) == part_key(item, rules_version())


def test_a_store_built_under_other_rules_is_rebuilt_whole(corpus, tmp_path):
    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    with Ledger(current_generation(data) / "policykg-ledger.sqlite") as led:
        led.db.execute("UPDATE meta SET value = 'older-rules' WHERE key = 'rules'")
    with pytest.raises(BuildError, match="the extraction rules changed"):
        add_files([SMALL[0]], data, parts_dir(data))
    again = build_corpus([corpus], data, jobs=1)
    assert again.mode == "full"
    with Ledger(current_generation(data) / "policykg-ledger.sqlite") as led:
        assert led.meta("rules") == rules_version()
    json.dumps(again.phases)  # plain figures


def test_two_files_recorded_under_one_name_are_built_whole(tmp_path):
    """a/x.md and b/x.md given as files are both recorded as x.md: the ledger could not tell them
    apart, so such a build keeps none, the next one is full again, and add says why it cannot run."""
    for folder, source in (("a", SMALL[0]), ("b", SMALL[1])):
        (tmp_path / folder).mkdir()
        shutil.copy(source, tmp_path / folder / "x.md")
    paths, data = [tmp_path / "a" / "x.md", tmp_path / "b" / "x.md"], tmp_path / "data"
    first = build_corpus(paths, data, jobs=1)
    again = build_corpus(paths, data, jobs=1)
    assert (first.mode, again.mode, again.extracted, first.documents) == ("full", "full", 2, 3)
    with pytest.raises(BuildError, match="add: .*no store here that keeps a ledger of its files"):
        add_files([SAMPLE], data, parts_dir(data))


ENDPOINTS = ["/healthz", "/api/stats", "/api/documents", "/api/tasks?department=suzhou.kjj", "/api/departments",
             "/api/departments/suzhou.kjj", "/api/workload", "/api/coparticipation", "/api/districts",
             "/api/platforms", "/api/queries/coparticipation",
             "/sparql?query=" + "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]


def test_a_served_store_answers_after_add_and_remove_as_after_a_fresh_build(corpus, tmp_path):
    """A running service picks up an add and a remove, and every endpoint here answers exactly as
    it does on a fresh build of the same files."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    def client(data):
        return TestClient(create_app(Settings(data=data, build_if_empty=False, allowed_hosts=["testserver"])))

    def answers(c) -> dict:
        out = {}
        for url in ENDPOINTS:
            r = c.get(url, headers={"Accept": "application/json"} if url.startswith("/sparql") else {})
            assert r.status_code == 200, url
            out[url] = r.text
        return out

    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    new = shutil.copy(REAL / "guangan_2023_market_vitality_measures.md", tmp_path / "market.md")
    fresh_with, fresh_without = tmp_path / "fresh-with", tmp_path / "fresh-without"
    build_corpus([corpus, new], fresh_with, jobs=1)
    build_corpus([corpus], fresh_without, jobs=1)
    with client(data) as served, client(fresh_with) as expected_with, client(fresh_without) as expected_without:
        before = answers(served)
        assert before == answers(expected_without)
        add_files([new], data, parts_dir(data))
        after_add = answers(served)
        assert after_add == answers(expected_with) and after_add != before
        assert json.loads(after_add["/healthz"])["triples"] == read_counts(current_generation(fresh_with))["triples"]
        remove_documents(["market-1"], data, parts_dir(data))
        assert answers(served) == before


def _workload_views_match(data: Path) -> None:
    """The workload view drawn from the pairs of its drawn departments alone (a fresh
    StoredAnalytics) is the one drawn from every pair (networkx over the role links)."""
    from api.viz_graphs import workload_view
    from graph.analytics import Analytics, StoredAnalytics
    from graph.store import open_store

    store = open_store(data)
    every = Analytics.from_store(store)
    for min_shared in (1, 2):
        fresh = StoredAnalytics.from_store(store)
        got = workload_view(store, fresh, min_shared)
        assert "_pairs" not in fresh.__dict__
        assert got == workload_view(store, every, min_shared)
        assert got["drawn"] == 25 < got["departments"] and got["edges"]


def test_the_workload_view_after_add_and_remove_draws_the_pairs_of_the_store_then(corpus, tmp_path, monkeypatch):
    """After ``policykg add``/``remove`` and an incremental build, the first workload view reads the
    pairs the store holds then (25 departments drawn, so the cut falls among the sample's)."""
    import api.viz_graphs

    monkeypatch.setattr(api.viz_graphs, "WORKLOAD_NODE_CAP", 25)
    data, extra = tmp_path / "data", tmp_path / "extra"
    build_corpus([corpus], data, jobs=1)
    _workload_views_match(data)
    sample = corpus / "suzhou.md"
    sample.write_text(sample.read_text(encoding="utf-8").replace("市科技局", "市科学技术局"), encoding="utf-8")
    assert build_corpus([corpus], data, jobs=1).mode == "incremental"
    _workload_views_match(data)
    extra.mkdir()
    new = shutil.copy(REAL / "guangan_2023_market_vitality_measures.md", extra / "market.md")
    assert add_files([new], data, parts_dir(data), jobs=1).mode == "incremental"
    _workload_views_match(data)
    assert remove_documents(["corpus/" + SMALL[0].name], data, parts_dir(data)).mode == "incremental"
    _workload_views_match(data)
