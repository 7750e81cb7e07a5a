"""The streaming build (one graph per file, validated per file, summed aggregates, bulk load)
stores the same graph as mapping the whole corpus at once, and is as strict."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from extract.pipeline import extract_paths
from graph import build_corpus
from graph.build import to_graph
from graph.provenance import EvidenceTriples
from graph.shapes import validate
from graph.store import build_store, open_store
from graph.store_files import SPOOL_PREFIX
from graph.union_checks import ConformanceError, max_count_checks, verify, violations

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
FIXTURES = ROOT / "tests" / "fixtures"
REAL = [FIXTURES / n for n in ("real", "real_unseen", "real_unseen2", "real_unseen3", "real_unseen4")]
PKG = "https://w3id.org/policykg/ontology#"


def _triples(store: ox.Store) -> set:
    return {q.triple for q in store}


def _whole_graph_store(paths) -> ox.Store:
    """The graph the earlier build stored: every document mapped into one rdflib Graph, and the evidence."""
    mem = ox.Store()
    result, evidence = extract_paths(paths), EvidenceTriples()
    g = to_graph(result.documents, result.texts, evidence)
    mem.bulk_load(input=g.serialize(format="nt", encoding="utf-8") + evidence.ntriples(),
                  format=ox.RdfFormat.N_TRIPLES)
    return mem


def _stored(data: Path) -> ox.Store:
    return ox.Store.read_only(str(open_store(data).generation))


@pytest.mark.parametrize("paths", [[SAMPLE], REAL + [SAMPLE]], ids=["sample", "real-fixtures-and-sample"])
def test_the_same_graph_as_the_whole_corpus_mapping(paths, tmp_path):
    summary = build_corpus(paths, tmp_path / "data", jobs=2)
    expected = _whole_graph_store(paths)
    got = _stored(tmp_path / "data")
    assert summary.triples == len(expected)
    assert _triples(got) == _triples(expected)
    # the summed aggregates: one figure per department, e.g. 市科技局 of the sample
    if paths == [SAMPLE]:
        rows = list(got.query(f"""SELECT ?n ?l WHERE {{ <https://w3id.org/policykg/id/dept/suzhou.kjj>
                                   <{PKG}taskCount> ?n ; <{PKG}leadCount> ?l }}"""))
        assert [(int(r["n"].value), int(r["l"].value)) for r in rows] == [(41, 8)]


def test_max_count_checks_are_compiled_from_the_shapes():
    checks = {(c.shape.rsplit("#", 1)[-1], c.path.rsplit("#", 1)[-1], c.limit) for c in max_count_checks()}
    assert ("DepartmentShape", "resolved", 1) in checks
    assert ("DepartmentShape", "taskCount", 1) in checks
    assert ("TaskShape", "inDocument", 1) in checks
    assert ("TargetShape", "comparator", 1) in checks
    assert not any(shape == "DepartmentShape" and path == "label" for shape, path, _ in checks)  # no maxCount


def _select(store: ox.Store):
    def select(q: str) -> list[dict]:
        res = store.query(q)
        names = [v.value for v in res.variables]
        return [{n: sol[n].value for n in names} for sol in res]
    return select


def test_a_union_that_breaks_a_max_count_is_found_as_pyshacl_finds_it():
    """Two files can each conform while their union does not: a department named in both with a
    different value of a property that allows one.  The compiled check and pySHACL agree."""
    g = to_graph(extract_paths([SAMPLE]).documents)
    store = ox.Store()
    nt = g.serialize(format="nt", encoding="utf-8")
    store.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES)
    assert violations(_select(store)) == []
    dept = "https://w3id.org/policykg/id/dept/suzhou.kjj"
    extra = f'<{dept}> <{PKG}taskCount> "40"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    store.bulk_load(input=extra.encode(), format=ox.RdfFormat.N_TRIPLES)
    found = violations(_select(store))
    assert len(found) == 1 and "DepartmentShape" in found[0] and f"<{dept}> (2 values)" in found[0]
    with pytest.raises(ConformanceError, match="taskCount has sh:maxCount 1"):
        verify(_select(store))
    from rdflib import Graph

    whole = Graph().parse(data=nt + extra.encode(), format="nt")
    ok, report = validate(whole)
    assert not ok and "taskCount" in report


def test_a_graph_refused_by_the_checks_leaves_the_store_as_it_was(tmp_path):
    data = tmp_path / "data"
    build_corpus([SAMPLE], data)
    before = open_store(data).generation
    a = "https://w3id.org/policykg/id/dept/x"
    bad = (f'<{a}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PKG}Department> .\n'
           f'<{a}> <{PKG}resolved> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
           f'<{a}> <{PKG}resolved> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n').encode()
    with pytest.raises(ConformanceError, match="resolved has sh:maxCount 1"):
        build_store(data, bad, verify=verify)
    assert open_store(data).generation == before
    assert sorted(p.name for p in (data / "stores").iterdir()) == [before.name]


def test_no_spool_is_left_and_a_killed_builds_spool_is_removed(tmp_path):
    data = tmp_path / "data"
    build_corpus([SAMPLE], data)
    assert not list(data.glob(f"{SPOOL_PREFIX}*"))
    # what a build killed while extracting leaves (its pid is gone), and one of a running build
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale, live = data / f"{SPOOL_PREFIX}{dead}-abc", data / f"{SPOOL_PREFIX}{os.getpid()}-def"
    for d in (stale, live):
        d.mkdir()
        (d / "graph.nt").write_bytes(b"<a:b> <a:c> <a:d> .\n")
    build_corpus([SAMPLE], data)
    assert not stale.exists() and live.exists()


def test_an_unreadable_file_is_skipped_and_the_others_built(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "b.md").write_bytes(b"\xff\xfe\x00\x00" * 100)
    summary = build_corpus([corpus], tmp_path / "data", jobs=2)
    assert summary.documents == 10 and summary.tasks == 212
    assert [Path(s.path).name for s in summary.skipped] == ["b.md"]
