"""The streamed build (N-Triples per file, summed aggregates, bulk load, the shapes compiled to
SPARQL) stores the same graph as mapping the whole corpus at once, and is as strict as pySHACL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from extract.pipeline import extract_paths, read_texts
from graph import build_corpus
from graph.build import to_graph
from graph.materialise import materialised_ntriples
from graph.provenance import EvidenceTriples
from graph.shapes import validate
from graph.store import build_store, open_store
from graph.store_files import SPOOL_PREFIX
from graph.shape_checks import ConformanceError, UnsupportedShape, compile_checks, verify, violations
from graph.shapes import shapes_graph
from graph.memory import select_rows

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
    g = to_graph(result.documents, read_texts(paths), evidence)
    mem.bulk_load(input=g.serialize(format="nt", encoding="utf-8") + evidence.ntriples()
                  + materialised_ntriples(result.documents),
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


def test_every_constraint_of_the_shapes_is_compiled():
    checks = {(c.shape.rsplit("#", 1)[-1], c.path.rsplit("#", 1)[-1], c.what) for c in compile_checks()}
    assert ("DepartmentShape", "resolved", "sh:maxCount 1") in checks
    assert ("DepartmentShape", "resolved", "sh:datatype boolean") in checks
    assert ("TaskShape", "inDocument", "sh:class Document") in checks
    assert ("TargetShape", "comparator", "sh:in") in checks
    assert ("EvidenceShape", "spanStart", "sh:lessThanOrEquals spanEnd") in checks
    # one check per constraint of graph/shapes.ttl: count them in the shapes themselves
    from rdflib.namespace import SH

    g = shapes_graph()
    constraints = sum(1 for prop in g.objects(None, SH.property) for key, _ in g.predicate_objects(prop)
                      if key != SH.path)
    assert len(checks) == len(compile_checks()) == constraints


def _select(store: ox.Store):
    """``select(sparql)`` -> rows as {variable: plain string}, as the build reads them."""
    return lambda q: list(select_rows(store, q))


@pytest.fixture(scope="module")
def sample_nt() -> bytes:
    """The sample's graph with its evidence, as the build stores it."""
    result, evidence = extract_paths([SAMPLE]), EvidenceTriples()
    g = to_graph(result.documents, read_texts([SAMPLE]), evidence)
    return g.serialize(format="nt", encoding="utf-8") + evidence.ntriples()


XSD_ = "http://www.w3.org/2001/XMLSchema#"
TASK = "https://w3id.org/policykg/id/task/suzhou_2022_01-1-a1%3A1.1"
KJJ = "https://w3id.org/policykg/id/dept/suzhou.kjj"
EV = "https://w3id.org/policykg/id/evidence/x"
TARGET = "https://w3id.org/policykg/id/target/suzhou_2022_01-1-a1%3A1.1%230"
EVIDENCE = (f'<{EV}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PKG}Evidence> .\n'
            f'<{EV}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <{TASK}> .\n'
            f'<{EV}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <{PKG}lead> .\n'
            f'<{EV}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <{KJJ}> .\n'
            f'<{EV}> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/policykg/id/doc/suzhou_2022_01-1-a1> .\n')

#: one graph change per kind of constraint: ((subject, predicate) whose triples are removed, N-Triples added,
#: the pySHACL component, the compiled check's words)
BREAKS = {
    "minCount": ((TASK, f"{PKG}key"), "", "MinCountConstraintComponent", "key breaks sh:minCount 1"),
    "maxCount": (None, f'<{KJJ}> <{PKG}taskCount> "40"^^<{XSD_}integer> .\n', "MaxCountConstraintComponent",
                 "taskCount breaks sh:maxCount 1"),
    "datatype": ((TASK, f"{PKG}spanEnd"), f'<{TASK}> <{PKG}spanEnd> "many" .\n', "DatatypeConstraintComponent",
                 "spanEnd breaks sh:datatype integer"),
    "ill-formed": ((TASK, f"{PKG}spanStart"), f'<{TASK}> <{PKG}spanStart> "twelve"^^<{XSD_}integer> .\n',
                   "DatatypeConstraintComponent", "spanStart breaks sh:datatype integer"),
    "class": (None, f'<{TASK}> <{PKG}lead> <https://w3id.org/policykg/id/dept/nowhere> .\n',
              "ClassConstraintComponent", "lead breaks sh:class Department"),
    "in": ((TARGET, f"{PKG}comparator"), f'<{TARGET}> <{PKG}comparator> "!=" .\n',
           "InConstraintComponent", "comparator breaks sh:in"),
    "nodeKind": (None, EVIDENCE.replace(f"<{KJJ}>", '"市科技局"') + f'<{EV}> <http://www.w3.org/ns/prov#value> "x" .\n',
                 "NodeKindConstraintComponent", "object breaks sh:nodeKind IRI"),
    "minLength": (None, EVIDENCE + f'<{EV}> <http://www.w3.org/ns/prov#value> "" .\n',
                  "MinLengthConstraintComponent", "value breaks sh:minLength 1"),
    "lessThanOrEquals": (None, EVIDENCE + f'<{EV}> <http://www.w3.org/ns/prov#value> "x" .\n'
                         f'<{EV}> <{PKG}spanStart> "10"^^<{XSD_}integer> .\n<{EV}> <{PKG}spanEnd> "5"^^<{XSD_}integer> .\n',
                         "LessThanOrEqualsConstraintComponent", "spanStart breaks sh:lessThanOrEquals spanEnd"),
    "minInclusive": (None, EVIDENCE + f'<{EV}> <http://www.w3.org/ns/prov#value> "x" .\n'
                     f'<{EV}> <{PKG}line> "0"^^<{XSD_}integer> .\n',
                     "MinInclusiveConstraintComponent", "line breaks sh:minInclusive 1"),
}


def _broken(nt: bytes, drop, extra: str) -> bytes:
    lines = nt.decode("utf-8").splitlines(keepends=True)
    if drop:
        lines = [ln for ln in lines if not ln.startswith(f"<{drop[0]}> <{drop[1]}> ")]
    return ("".join(lines) + extra).encode("utf-8")


def test_the_sample_conforms_for_both(sample_nt):
    from rdflib import Graph

    store = ox.Store()
    store.bulk_load(input=sample_nt, format=ox.RdfFormat.N_TRIPLES)
    assert violations(_select(store)) == []
    assert validate(Graph().parse(data=sample_nt, format="nt"))[0]


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_the_compiled_checks_and_pyshacl_agree(sample_nt, kind):
    """Each kind of constraint the shapes use, broken once: pySHACL and the compiled checks both refuse."""
    from rdflib import Graph

    drop, extra, component, words = BREAKS[kind]
    nt = _broken(sample_nt, drop, extra)
    store = ox.Store()
    store.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    found = violations(_select(store))
    assert len(found) == 1 and words in found[0], found
    ok, report = validate(Graph().parse(data=nt, format="nt"))
    assert not ok and component in report


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_the_checks_of_touched_nodes_find_what_the_whole_graphs_checks_find(sample_nt, kind):
    """An update's checks (``focus``: each constraint asked about the touched nodes of its class
    only) report the broken node as the whole graph's checks do, and nothing when it is not touched."""
    drop, extra, _, _ = BREAKS[kind]
    nt = _broken(sample_nt, drop, extra)
    store = ox.Store()
    store.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    broken = drop[0] if drop else extra.split(">", 1)[0][1:]
    others = [n for n in (TASK, KJJ, TARGET, EV, "https://w3id.org/policykg/id/dept/nowhere") if n != broken]
    assert violations(_select(store), focus=[broken, *others]) == violations(_select(store))
    assert violations(_select(store), focus=others) == []


def test_the_compiler_refuses_what_it_does_not_know(monkeypatch):
    from rdflib import Graph

    import graph.shape_checks as checks

    shapes = Graph().parse(data=f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix pkg: <{PKG}> .
        pkg:S a sh:NodeShape ; sh:targetClass pkg:Task ; sh:property [ sh:path pkg:key ; sh:pattern "^a" ] .""",
                           format="turtle")
    monkeypatch.setattr(checks, "shapes_graph", lambda: shapes)
    checks.compile_checks.cache_clear()
    try:
        with pytest.raises(UnsupportedShape, match="S: pattern is not compiled"):
            checks.compile_checks()
    finally:
        checks.compile_checks.cache_clear()


def test_a_union_that_breaks_a_max_count_is_refused(sample_nt):
    """Two files can each look fine while their union is not: a department named in both with a
    different value of a property that allows one."""
    store = ox.Store()
    store.bulk_load(input=sample_nt, format=ox.RdfFormat.N_TRIPLES)
    extra = f'<{KJJ}> <{PKG}resolved> "false"^^<{XSD_}boolean> .\n'
    store.bulk_load(input=extra.encode(), format=ox.RdfFormat.N_TRIPLES)
    with pytest.raises(ConformanceError, match=f"resolved breaks sh:maxCount 1: <{KJJ}> \\(2 values\\)"):
        verify(_select(store))


def test_a_graph_refused_by_the_checks_leaves_the_store_as_it_was(tmp_path):
    data = tmp_path / "data"
    build_corpus([SAMPLE], data)
    before = open_store(data).generation
    a = "https://w3id.org/policykg/id/dept/x"
    bad = (f'<{a}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PKG}Department> .\n'
           f'<{a}> <{PKG}resolved> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
           f'<{a}> <{PKG}resolved> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n').encode()
    with pytest.raises(ConformanceError, match="resolved breaks sh:maxCount 1"):
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


def test_a_subclass_instance_is_checked_as_pyshacl_checks_it(sample_nt):
    """sh:targetClass reaches instances of subclasses declared in the data graph."""
    from rdflib import Graph

    extra = (f"<urn:x:t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:x:SubTask> .\n"
             f"<urn:x:SubTask> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{PKG}Task> .\n").encode()
    store = ox.Store()
    store.bulk_load(input=sample_nt + extra, format=ox.RdfFormat.N_TRIPLES)
    found = violations(_select(store))
    assert "TaskShape: key breaks sh:minCount 1: <urn:x:t> (0 values)" in found
    assert all("<urn:x:t>" in line for line in found) and len(found) == 6  # inDocument key number text spans
    ok, report = validate(Graph().parse(data=sample_nt + extra, format="nt"))
    assert not ok and report.count("Focus Node: <urn:x:t>") == 6 and "Results (6)" in report


def test_the_build_checks_all_but_the_evidence(sample_nt):
    """As before the streamed build: evidence is written as it is and checked by `policykg validate`."""
    from graph.shape_checks import verify_build

    drop, extra, _, _ = BREAKS["minLength"]  # an evidence node with an empty value
    store = ox.Store()
    store.bulk_load(input=_broken(sample_nt, drop, extra), format=ox.RdfFormat.N_TRIPLES)
    verify_build(_select(store))  # passes
    with pytest.raises(ConformanceError, match="value breaks sh:minLength 1"):
        verify(_select(store))
    drop, extra, _, _ = BREAKS["ill-formed"]
    store.bulk_load(input=_broken(b"", None, extra), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    with pytest.raises(ConformanceError, match="spanStart breaks sh:datatype integer"):
        verify_build(_select(store))


def test_a_spool_in_many_parts_loads_the_same_graph(monkeypatch, tmp_path):
    """The spool is cut every SPOOL_PART_TRIPLES lines (pyoxigraph's bulk loader holds each part
    in memory); parts of 2,000 lines (the sample makes nine) give the same store."""
    import graph.pipeline

    monkeypatch.setattr(graph.pipeline, "SPOOL_PART_TRIPLES", 2000)
    summary = build_corpus([SAMPLE], tmp_path / "data")
    expected = _whole_graph_store([SAMPLE])
    assert summary.triples == len(expected) > 8 * 2000
    assert _triples(_stored(tmp_path / "data")) == _triples(expected)
    # the parts, loaded one by one, are compacted once (Store.optimize), in a thread started once the
    # store is loaded, beside the checks and the answers; the build waits for it before the swap
    steps = list(summary.phases)
    assert (steps.index("load (store)") < steps.index("compact (store)") < steps.index("checks (store)")
            < steps.index("answers (store)") < steps.index("compact wait (store)"))
    assert summary.phases["compact (store)"] > 0


def test_no_compact_leaves_the_loaded_store_as_it_is_with_the_same_graph(tmp_path):
    run = [sys.executable, "-m", "api.cli", "build", str(SAMPLE), "--data", str(tmp_path / "d"), "--no-compact"]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "load (store)" in done.stdout and "checks (store)" in done.stdout
    assert "compact (store)" not in done.stdout
    assert _triples(_stored(tmp_path / "d")) == _triples(_whole_graph_store([SAMPLE]))


def test_a_files_own_checks_find_what_the_whole_stores_checks_find(sample_nt):
    """check_file runs the constraints of the classes a file owns (documents, sections, tasks,
    targets, warnings) on a store of that file's triples alone, as the build's workers do, and
    reports each kind of break as the checks of the whole store do."""
    from graph.shape_checks import check_file
    from graph.store import select_in_memory

    assert check_file(sample_nt, select_in_memory) == []
    for kind in ("minCount", "datatype", "ill-formed", "class", "in"):
        drop, extra, _, words = BREAKS[kind]
        found = check_file(_broken(sample_nt, drop, extra), select_in_memory)
        assert len(found) == 1 and words in found[0], (kind, found)
    # evidence is left to `policykg validate`, as at build before; departments are checked on the store
    assert check_file(_broken(sample_nt, *BREAKS["minLength"][:2]), select_in_memory) == []
    assert check_file(_broken(sample_nt, None, BREAKS["maxCount"][1]), select_in_memory) == []


def _file_class_counts(store: ox.Store) -> dict[str, int]:
    from graph.shape_checks import FILE_CLASSES

    return {c: int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a <{c}> }}")))["n"].value)
            for c in FILE_CLASSES}


def test_the_store_is_checked_whole_when_the_files_checks_cannot_vouch_for_it(sample_nt):
    """verify_files trusts the files' own checks only when the store holds exactly the nodes they
    checked and none of them reported a break; otherwise every constraint runs on the whole store."""
    from graph.shape_checks import check_file, verify_files
    from graph.store import select_in_memory

    store = ox.Store()
    store.bulk_load(input=sample_nt, format=ox.RdfFormat.N_TRIPLES)
    counts = _file_class_counts(store)
    assert counts[f"{PKG}Task"] == 212
    verify_files(_select(store), counts, False)  # the sample conforms
    # a department's break is found on the store: departments are described by many files
    store.bulk_load(input=BREAKS["maxCount"][1].encode(), format=ox.RdfFormat.N_TRIPLES)
    with pytest.raises(ConformanceError, match="taskCount breaks sh:maxCount 1"):
        verify_files(_select(store), counts, False)
    # a task minted by two files (each checked it alone and counted it): the store's count differs,
    # so the whole store is checked and the second key is found
    store = ox.Store()
    store.bulk_load(input=sample_nt + f'<{TASK}> <{PKG}key> "again" .\n'.encode(), format=ox.RdfFormat.N_TRIPLES)
    twice = {**counts, f"{PKG}Task": counts[f"{PKG}Task"] + 1}
    with pytest.raises(ConformanceError, match="key breaks sh:maxCount 1"):
        verify_files(_select(store), twice, False)
    # a file whose department is typed only by another file: its own check reports it, and the
    # whole store, where the department is typed, decides (it conforms)
    dept_type = f"<{KJJ}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PKG}Department> .\n"
    alone = sample_nt.replace(dept_type.encode(), b"")
    assert alone != sample_nt
    found = check_file(alone, select_in_memory)
    assert found and all("breaks sh:class Department" in line for line in found)
    whole = ox.Store()
    whole.bulk_load(input=sample_nt, format=ox.RdfFormat.N_TRIPLES)
    verify_files(_select(whole), counts, True)


def test_the_spool_hands_each_part_to_the_store_once_it_is_complete(monkeypatch, tmp_path):
    """The store loads part k while the build writes part k+1 (graph.pipeline._Spool.ready); a
    loaded part is deleted; a build that stops makes the loader stop too."""
    import graph.pipeline
    from graph.pipeline import BuildAborted, _Spool

    monkeypatch.setattr(graph.pipeline, "SPOOL_PART_TRIPLES", 2)
    spool = _Spool(tmp_path)
    parts = spool.ready(unlink=True)
    spool.write(b"<a:s> <a:p> <a:o1> .\n<a:s> <a:p> <a:o2> .\n")
    spool.write(b"<a:s> <a:p> <a:o3> .\n")  # starts the second part: the first is complete
    first = next(parts)
    assert first.read_bytes().count(b"\n") == 2
    spool.close()
    second = next(parts)
    assert not first.exists() and second.read_bytes() == b"<a:s> <a:p> <a:o3> .\n"
    assert list(parts) == [] and not second.exists()
    spool = _Spool(tmp_path / "b")
    (tmp_path / "b").mkdir()
    parts = spool.ready()
    spool.write(b"<a:s> <a:p> <a:o1> .\n")
    spool.abort()
    with pytest.raises(BuildAborted):
        next(parts)


def test_a_full_build_with_nothing_to_load_leaves_the_store_as_it_was(tmp_path):
    """The store's loader starts with the files (it waits for the spool's parts): when no file can
    be read, the fresh generation it began is removed and the store already there is kept."""
    from graph.pipeline import BuildError

    data = tmp_path / "data"
    build_corpus([SAMPLE], data)
    before = open_store(data).generation
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00\x00" * 100)
    with pytest.raises(BuildError, match="nothing to build: .*bad.md"):
        build_corpus([bad], data, full=True)
    assert open_store(data).generation == before
    assert sorted(p.name for p in (data / "stores").iterdir()) == [before.name]
    assert not list(data.glob(f"{SPOOL_PREFIX}*"))


def test_a_part_keeps_a_files_contribution_and_a_damaged_part_is_made_again(tmp_path):
    """A part is a JSON header and the raw N-Triples, zlib'd (graph.parts): it gives back the same
    FileGraph; a truncated or foreign file under its name reads as no part (the file is extracted again)."""
    from extract.pipeline import plan_files
    from graph.file_graph import file_graph
    from graph.parts import _part_path, load_part, save_part

    fg = file_graph(plan_files([SAMPLE])[0])
    fg.violations = ["not kept"]
    save_part(tmp_path, "ab" * 32, fg)
    back = load_part(tmp_path, "ab" * 32)
    assert back is not None and back.violations is None
    fg.violations = None
    assert back == fg and back.ntriples.count(b"\n") > 10_000 and back.tasks == 212
    path = _part_path(tmp_path, "ab" * 32)
    assert path.name.endswith(".part")
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    assert load_part(tmp_path, "ab" * 32) is None
    import zlib

    path.write_bytes(zlib.compress(b'{"lengths": [5, 0]}\n<a:b>'))
    assert load_part(tmp_path, "ab" * 32) is None
