"""What the build-CPU round of helper h12b changed keeps the build's output and its gate: a file's
role counts without its pairs, the per-file checks passing the evidence run over, and the pairs'
lines checked while the store loads and compacts (the store waits for that check and refuses to be
swapped in when it did not finish)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import graph.pipeline as pipeline
from extract.pipeline import extract_file, plan_files
from graph import build_corpus, materialise
from graph.engines import file_checks
from graph.file_checks import check_lines, plainly_written
from graph.file_graph import file_graph
from graph.shape_checks import _EVIDENCE
from graph.store_files import GENERATIONS, current_generation

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
REAL = sorted(p for p in (ROOT / "tests" / "fixtures" / "real").glob("*.md") if p.stem.islower())[:6]
PKG = "https://w3id.org/policykg/ontology#"


@pytest.fixture(scope="module")
def sample():
    return file_graph(plan_files([SAMPLE])[0])


@pytest.mark.parametrize("path", [SAMPLE, *REAL], ids=lambda p: p.stem)
def test_role_counts_are_the_partials_roles(path):
    """``role_counts`` is ``partial(...).roles`` (the worker no longer counts pairs twice)."""
    docs = extract_file(plan_files([path])[0])[0]
    assert materialise.role_counts(docs) == materialise.partial(docs).roles
    if path == SAMPLE:
        assert sum(materialise.role_counts(docs).values()) > 400  # participants and responsible units of 212 tasks


def test_the_evidence_run_is_where_the_file_says(sample):
    start, end = sample.evidence_at
    run = sample.ntriples[start:end]
    every = [line for line in sample.ntriples.split(b"\n") if line.startswith(_EVIDENCE)]
    assert run.count(b"\n") == len(every) > 5_000 and run.splitlines() == every
    assert not sample.ntriples[:start].count(_EVIDENCE) and not sample.ntriples[end:].count(_EVIDENCE)


def _broken(fg, old: bytes, new: bytes, after: int = 0):
    """``fg`` with the first ``old`` of its lines from byte ``after`` on replaced (the evidence run
    moved along)."""
    at = fg.ntriples.index(old, after)
    start, end = fg.evidence_at
    shift = len(new) - len(old)
    fg = type(fg)(**{**fg.__dict__})
    fg.ntriples = fg.ntriples[:at] + new + fg.ntriples[at + len(old):]
    if at < start:
        fg.evidence_at = (start + shift, end + shift)
    elif at < end:
        fg.evidence_at = (start, end + shift)
    return fg


def test_the_checks_without_the_evidence_run_give_the_same_verdicts(sample):
    """On the sample as made and with breaks (a missing count, a wrong datatype, a \\\\u escape in an
    evidence value, which makes the whole file read as not plainly written, and a tab), the checks
    that skip the evidence run report what the checks of all the lines report."""
    start, _ = sample.evidence_at
    cases = [sample,
             _broken(sample, f"<{PKG}spanStart> \"".encode(), f"<{PKG}spanStart> \"x".encode()),
             _broken(sample, f" <{PKG}key> ".encode(), f" <{PKG}keyX> ".encode()),
             _broken(sample, b'"@zh .\n', b'\\u0041"@zh .\n'),  # the first @zh line: a task's title
             _broken(sample, b'"@zh .\n', b'\\u0041"@zh .\n', after=start),  # an evidence value
             _broken(sample, b"> <", b">\t<")]
    seen = set()
    for fg in cases:
        whole = check_lines(fg.ntriples + fg.shared)
        assert file_checks(fg) == whole
        seen.add(bool(whole))
        a, b = fg.evidence_at
        assert plainly_written(fg.ntriples, fg.shared) == plainly_written(fg.ntriples[:a] + fg.ntriples[b:] + fg.shared + fg.ntriples[a:b])
    assert seen == {True, False}  # some cases break a constraint, the sample does not
    assert file_checks(sample) == []
    assert check_lines(sample.ntriples + sample.shared) == []
    escaped = cases[4]
    a, b = escaped.evidence_at
    assert not plainly_written(escaped.ntriples) and plainly_written(escaped.ntriples[:a] + escaped.ntriples[b:])


def test_a_file_without_its_evidence_run_is_checked_whole(sample):
    """A part read back from disk does not know where its evidence is: all its lines are read."""
    fg = type(sample)(**{**sample.__dict__, "evidence_at": None})
    assert file_checks(fg) == check_lines(sample.ntriples + sample.shared) == []
    fg.ntriples = fg.ntriples.replace(f"<{PKG}spanStart> \"".encode(), f"<{PKG}spanStart> \"x".encode(), 1)
    assert file_checks(fg) and file_checks(fg) == check_lines(fg.ntriples + fg.shared)


def test_the_store_waits_for_the_pairs_check(tmp_path, monkeypatch):
    """The pairs' lines are checked after the spool is closed, while the store loads and compacts;
    a slow check is waited for (the store's checks then leave the pairs out, as before)."""
    real = pipeline.check_written
    done: list[float] = []

    def slow(*args, **kwargs):
        time.sleep(1.0)
        out = real(*args, **kwargs)
        done.append(time.perf_counter())
        return out

    checked: list[float] = []
    verify_files = pipeline.verify_files

    def spy(select, types, reported, written):
        checked.append(time.perf_counter())
        assert [w.cls for w in written] == [pipeline.CO_PARTICIPATION] and not written[0].violations
        return verify_files(select, types, reported, written)

    monkeypatch.setattr(pipeline, "check_written", slow)
    monkeypatch.setattr(pipeline, "verify_files", spy)
    summary = build_corpus([SAMPLE], tmp_path / "data")
    assert summary.tasks == 212 and len(done) == len(checked) == 1 and checked[0] > done[0]
    assert summary.phases["pairs checked (beside the store)"] >= 1.0
    import pyoxigraph as ox

    stored = ox.Store.read_only(str(current_generation(tmp_path / "data")))  # the checked store was swapped in
    assert summary.triples > 10_000 and len(stored) == summary.triples


def test_a_pairs_check_that_fails_leaves_no_store(tmp_path, monkeypatch):
    """When the pairs' check raises, the build raises it and the store being loaded is not swapped in."""
    def boom(*args, **kwargs):
        raise RuntimeError("pairs check failed")

    monkeypatch.setattr(pipeline, "check_written", boom)
    with pytest.raises(RuntimeError, match="pairs check failed"):
        build_corpus([SAMPLE], tmp_path / "data")
    assert current_generation(tmp_path / "data") is None
    assert not list((tmp_path / "data" / GENERATIONS).glob("*"))
