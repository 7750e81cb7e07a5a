"""The build's bulk load skips pyoxigraph's check of each IRI (``lenient``) only for its own lines,
whose IRIs are vocabulary terms or minted by graph.instances under a base that is a valid IRI; any
other base, and every other caller of ``build_store``, loads strictly as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import graph.instances
import graph.pipeline
from graph import build_corpus
from graph.store import StoreError, build_store, minted_iris_valid, open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
FIXTURES = ROOT / "tests" / "fixtures"
PKG = "https://w3id.org/policykg/ontology#"


def _dump(data: Path) -> list[str]:
    store = ox.Store.read_only(str(open_store(data).generation))
    return sorted(str(q) for q in store)


@pytest.mark.parametrize("base, valid", [
    ("https://w3id.org/policykg/id/", True),
    ("http://example.org/x?y=1/", True),  # minted IRIs then go on in the query: still IRIs
    ("http://host:port/id/", False),  # passes graph.vocab.base_iri's pattern, not the IRI grammar
    ("http://a%zz/id/", False),
    ("http://[::1/id/", False),
    ("https://w3id.org/policykg/id", False),  # the kind would be glued to the last segment
])
def test_which_bases_mint_valid_iris(base, valid):
    assert minted_iris_valid(base) is valid


def test_the_default_base_mints_valid_iris_for_any_key():
    assert minted_iris_valid()
    for key in ("市科技局", "a b/c?d#e%f", "<>\"{}|\\^`", "copy_000-1:1.2#task", "\u00a0\u3000x"):
        for kind in ("dept", "task", "evidence"):
            ox.NamedNode(graph.instances.iri(kind, key))  # the strict IRI parser accepts each


def test_a_base_that_is_no_iri_is_loaded_strictly_and_refused(monkeypatch, tmp_path):
    build_store(tmp_path, b'<https://w3id.org/policykg/id/doc/a> <http://purl.org/dc/terms/title> "a" .\n')
    before = _dump(tmp_path)
    monkeypatch.setattr(graph.instances, "BASE", "http://host:port/id/")
    line = b'<http://host:port/id/doc/a> <http://purl.org/dc/terms/title> "a" .\n'
    with pytest.raises(StoreError, match="cannot build the store"):
        build_store(tmp_path, line, minted=True)
    assert _dump(tmp_path) == before  # the store already there is left as it was


def test_only_minted_lines_are_loaded_leniently(tmp_path):
    """Without ``minted`` an ill-formed IRI is refused as before; with it (and a valid base) the
    loader does not look, which is why only the build's own lines are given that way."""
    line = b'<https://w3id.org/policykg/id/doc/a b> <http://purl.org/dc/terms/title> "a" .\n'
    with pytest.raises(StoreError):
        build_store(tmp_path / "strict", line)
    assert build_store(tmp_path / "lenient", line, minted=True) == 1


def test_every_line_the_build_loads_parses_strictly(monkeypatch, tmp_path):
    """Each part of the spool (the sample and four sets of real documents: files, shared lines,
    aggregates, pairs, document order, platforms) parses with the strict parser, every line, and
    the store loaded leniently holds the same triples as the same parts loaded strictly."""
    kept = tmp_path / "spool"
    kept.mkdir()
    ready = graph.pipeline._Spool.ready

    def keep(self, unlink=False):
        for part in ready(self, unlink=False):
            shutil.copy(part, kept / part.name)
            yield part

    monkeypatch.setattr(graph.pipeline._Spool, "ready", keep)
    paths = [SAMPLE] + [FIXTURES / n for n in ("real", "real_unseen", "real_unseen2", "real_unseen3")]
    summary = build_corpus(paths, tmp_path / "data", jobs=2)
    strict = ox.Store()
    parsed = 0
    for part in sorted(kept.iterdir()):
        data = part.read_bytes()
        parsed += sum(1 for _ in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        strict.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    assert parsed >= summary.triples == len(strict) > 30_000
    # the files' lines end a part (graph.pipeline._Spool.cut): the last part holds only the lines
    # made for the whole corpus (the summed figures, the pairs, the documents' order, the platforms)
    *_, before_last, last = [p.read_bytes() for p in sorted(kept.iterdir())]
    # and a part ends when only the last two files (jobs=2) are still being made: they load alone
    documents = f"> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PKG}Document> .".encode()
    assert 1 <= before_last.count(documents) < summary.documents / 4
    assert f"<{PKG}taskCount>".encode() in last and f"<{PKG}CoParticipation>".encode() in last
    assert b"/id/evidence/" not in last and f"<{PKG}Task>".encode() not in last
    store = ox.Store.read_only(str(open_store(tmp_path / "data").generation))
    assert {q.triple for q in store} == {q.triple for q in strict}
    assert ox.Quad(ox.NamedNode(graph.instances.iri("dept", "suzhou.kjj")), ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(PKG + "Department")) in strict


def test_a_part_cut_short_is_handed_to_the_store_at_once(monkeypatch, tmp_path):
    """``_Spool.cut`` ends the part being written however few lines it holds; the next line opens
    another part, and closing the spool hands that one over too."""
    monkeypatch.setattr(graph.pipeline, "SPOOL_PART_TRIPLES", 1000)
    spool = graph.pipeline._Spool(tmp_path)
    parts = spool.ready(unlink=True)
    spool.write(b"<a:s> <a:p> <a:o1> .\n<a:s> <a:p> <a:o2> .\n")
    spool.cut()
    first = next(parts)
    assert first.read_bytes() == b"<a:s> <a:p> <a:o1> .\n<a:s> <a:p> <a:o2> .\n"
    spool.cut()  # nothing written since: no empty part
    spool.write(b"<a:s> <a:p> <a:o3> .\n")
    spool.close()
    second = next(parts)
    assert not first.exists() and second.read_bytes() == b"<a:s> <a:p> <a:o3> .\n"
    assert list(parts) == []
