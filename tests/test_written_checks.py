"""The co-participation nodes the build writes itself are checked from its lines
(graph.written_checks) and left out of the store's checks only when the store holds exactly those
lines; each kind of break is reported, as the SPARQL checks on the store report it, and a full
build checks neither the files' own classes nor the pairs on the whole store again."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import graph.shape_checks as shape_checks
from extract.pipeline import plan_files
from graph import build_corpus, materialise
from graph.file_graph import file_graph
from graph.ledger import lines
from graph.pipeline import CO_PARTICIPATION, typing_lines
from graph.shape_checks import ConformanceError, verify_files, violations
from graph.written_checks import check_written
from graph.memory import select_rows

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
PKG = "https://w3id.org/policykg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


@pytest.fixture(scope="module")
def sample():
    """(the pair lines of the sample, the lines typing its departments, all its lines)."""
    fg = file_graph(plan_files([SAMPLE])[0])
    pairs = materialise.pair_ntriples(fg.pairs)
    return pairs, typing_lines(lines(fg.shared)), fg.ntriples + fg.shared + pairs


def _select(store: ox.Store):
    """``select(sparql)`` -> rows as {variable: plain string}, as the build reads them."""
    return lambda q: list(select_rows(store, q))


def _store(data: bytes) -> ox.Store:
    store = ox.Store()
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    return store


def _first_pair(pairs: bytes) -> str:
    return pairs.split(b" ", 1)[0].decode()[1:-1]


def _on_store(data: bytes) -> list[str]:
    """The reference: the compiled SPARQL checks of pkg:CoParticipation on a store of ``data``."""
    return violations(_select(_store(data)), threads=1, only=frozenset({CO_PARTICIPATION}))


def _what(found) -> set[str]:
    return {line.split(": <", 1)[0] for line in found}


def test_the_sample_pairs_pass_and_vouch_for_a_store_holding_them(sample):
    pairs, typing, everything = sample
    written = check_written(pairs, CO_PARTICIPATION, typing)
    n = pairs.count(f" <{RDF_TYPE}> <{CO_PARTICIPATION}> .\n".encode())
    assert n > 100 and written.violations == ()
    assert (written.nodes, written.triples) == (n, 4 * n)
    assert written.vouches(_select(_store(everything)))
    assert _on_store(everything) == []


def _break(pairs: bytes, kind: str) -> tuple[bytes, str]:
    """The pair lines with one constraint broken, and the words of the broken constraint."""
    node = _first_pair(pairs)
    first = [ln for ln in pairs.splitlines(True) if ln.startswith(f"<{node}> ".encode())]
    a = next(ln for ln in first if f"{PKG}departmentA".encode() in ln)
    shared = next(ln for ln in first if f"{PKG}sharedTasks".encode() in ln)
    other = pairs.split(f"<{PKG}departmentB> ".encode(), 1)[1].split(b" ", 1)[0]  # some department
    return {
        "minCount": (pairs.replace(a, b""), "departmentA breaks sh:minCount 1"),
        "maxCount": (pairs + f"<{node}> <{PKG}departmentA> ".encode() + other + b" .\n",
                     "departmentA breaks sh:maxCount 1"),
        "class": (pairs.replace(a, f"<{node}> <{PKG}departmentA> <https://example.org/nobody> .\n".encode()),
                  "departmentA breaks sh:class Department"),
        "datatype": (pairs.replace(shared, f'<{node}> <{PKG}sharedTasks> "3" .\n'.encode()),
                     "sharedTasks breaks sh:datatype integer"),
        "minInclusive": (pairs.replace(shared, f'<{node}> <{PKG}sharedTasks> "0"^^{INTEGER} .\n'.encode()),
                         "sharedTasks breaks sh:minInclusive 1"),
    }[kind]


@pytest.mark.parametrize("kind", ["minCount", "maxCount", "class", "datatype", "minInclusive"])
def test_each_kind_of_break_is_reported_as_the_store_reports_it(sample, kind):
    pairs, typing, everything = sample
    broken, words = _break(pairs, kind)
    written = check_written(broken, CO_PARTICIPATION, typing)
    reference = _on_store(everything.replace(pairs, b"") + broken)
    assert any(words in line for line in written.violations), written.violations
    # never fewer than the store (an odd line is reported as well), and the break itself as the store
    assert f"CoParticipationShape: {words}" in _what(reference)
    assert _what(reference) <= _what(written.violations)
    store = _store(everything.replace(pairs, b"") + broken)
    assert not written.vouches(_select(store))
    # the build's check: the class goes to the store's checks, which find the break
    types = _file_types(store)
    with pytest.raises(ConformanceError, match=words):
        verify_files(_select(store), types, False, [written])


def _file_types(store: ox.Store) -> dict[str, int]:
    return {c: int(next(iter(_select(store)(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x <{RDF_TYPE}> <{c}> }}")))["n"])
            for c in shape_checks.FILE_CLASSES}


def test_a_triple_the_lines_did_not_hold_stops_it_vouching(sample):
    """A file that states more about a pair node, or types another node as a pair: the store holds
    more than was read, so the class is checked on the store, which decides."""
    pairs, typing, everything = sample
    written = check_written(pairs, CO_PARTICIPATION, typing)
    node = _first_pair(pairs)
    dept = pairs.rsplit(f"<{PKG}departmentB> ".encode(), 1)[1].split(b" ", 1)[0]  # the last pair's
    assert f"<{node}> <{PKG}departmentB> ".encode() + dept not in pairs
    extra_value = f"<{node}> <{PKG}departmentB> ".encode() + dept + b" .\n"
    extra_label = f'<{node}> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n'.encode()
    extra_node = f"<https://example.org/p> <{RDF_TYPE}> <{CO_PARTICIPATION}> .\n".encode()
    for extra, broken in ((extra_label, False), (extra_value, True), (extra_node, True)):
        store = _store(everything + extra)
        assert not written.vouches(_select(store)), extra
        if broken:  # the store's checks run and find it
            with pytest.raises(ConformanceError, match="CoParticipationShape"):
                verify_files(_select(store), _file_types(store), False, [written])
        else:
            verify_files(_select(store), _file_types(store), False, [written])


def test_a_department_typed_elsewhere_or_an_odd_line_is_reported_for_the_store_to_decide(sample):
    pairs, typing, everything = sample
    # without the lines typing the departments, sh:class is reported (the store, where they are typed, passes)
    alone = check_written(pairs, CO_PARTICIPATION)
    assert alone.violations and all("breaks sh:class Department" in v for v in alone.violations)
    store = _store(everything)
    assert not alone.vouches(_select(store))
    verify_files(_select(store), _file_types(store), False, [alone])
    # a count written "05" is the same number but not the line the build writes: reported
    shared = next(ln for ln in pairs.splitlines(True) if f"{PKG}sharedTasks".encode() in ln)
    odd = pairs.replace(shared, shared.replace(b'> "', b'> "0', 1))
    found = check_written(odd, CO_PARTICIPATION, typing).violations
    assert len(found) == 1 and "not written canonically" in found[0]


def test_a_full_build_checks_neither_the_files_classes_nor_the_pairs_on_the_store(tmp_path, monkeypatch):
    """The build's own nodes were checked in the workers and the pairs from their lines: the store's
    checks run only on the shared classes (departments, jurisdictions, mentions)."""
    checked: list[frozenset] = []
    real = shape_checks.verify

    def spy(select, skip=frozenset(), focus=None):
        checked.append(frozenset(skip))
        return real(select, skip=skip, focus=focus)

    monkeypatch.setattr(shape_checks, "verify", spy)
    summary = build_corpus([SAMPLE], tmp_path / "data")
    assert summary.tasks == 212
    assert checked == [shape_checks.NOT_AT_BUILD | shape_checks.FILE_CLASSES | {CO_PARTICIPATION}]
