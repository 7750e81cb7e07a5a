"""Extraction in a process pool (``policykg build --jobs N``) gives what one process gives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from extract.export import to_dict
from extract.pipeline import extract_paths
from graph import build_corpus
from graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Real published documents in two sub-folders, the sample, and two files that are skipped."""
    root = tmp_path_factory.mktemp("jobs") / "corpus"
    for name in ("real_unseen2", "real_unseen4"):
        shutil.copytree(FIXTURES / name, root / name, ignore=shutil.ignore_patterns("gold"))
    shutil.copy(ROOT / "data" / "suzhou_2022_01.md", root / "suzhou_2022_01.md")
    (root / "empty.md").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 4)
    return root


def test_the_same_records_in_the_same_order(corpus):
    one, two = extract_paths([corpus], jobs=1), extract_paths([corpus], jobs=2)
    assert len(one.documents) > 20
    assert [d.id for d in two.documents] == [d.id for d in one.documents]
    assert to_dict(two) == to_dict(one)
    assert [(s.path, s.reason) for s in two.skipped] == [(s.path, s.reason) for s in one.skipped]
    assert sorted(Path(s.path).name for s in one.skipped) == ["binary.txt", "empty.md"]


def _dump(data: Path) -> bytes:
    store = ox.Store.read_only(str(open_store(data).generation))
    return store.dump(format=ox.RdfFormat.N_QUADS)


def test_the_same_store_whatever_the_number_of_jobs(corpus, tmp_path):
    one = build_corpus([corpus], tmp_path / "one", jobs=1)
    two = build_corpus([corpus], tmp_path / "two", jobs=2)
    assert (two.documents, two.tasks, two.departments, two.triples, two.warnings) == (
        one.documents, one.tasks, one.departments, one.triples, one.warnings)
    assert two.warning_lines == one.warning_lines
    assert [(s.path, s.reason) for s in two.skipped] == [(s.path, s.reason) for s in one.skipped]
    quads_one = _dump(tmp_path / "one")
    assert quads_one.count(b"\n") == one.triples
    assert _dump(tmp_path / "two") == quads_one


def test_cli_jobs(corpus, tmp_path):
    run = [sys.executable, "-m", "api.cli", "build", str(corpus / "real_unseen4"), "--data", str(tmp_path / "d")]
    ok = subprocess.run(run + ["--jobs", "2"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "documents: " in ok.stdout and "phases: files " in ok.stdout and "graph (in workers)" in ok.stdout
    bad = subprocess.run(run + ["--jobs", "0"], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2
    assert "--jobs: expected a whole number of at least 1, not '0'" in bad.stderr
