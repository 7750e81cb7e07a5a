"""A file whose own nodes break the shapes is reported (constraint, node, span) and left out; the
other files are stored (a full build), or nothing changes (``policykg add``, strict).

The break is put into the real stored part of a real file (a task given a second ``pkg:number``):
the build reuses the part as it reuses any, and its checks have to find it."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from extract.pipeline import plan_files
from graph.file_refusal import refusal
from graph.incremental import add_files
from graph.parts import load_part, part_key, save_part
from graph.pipeline import BuildError, build_corpus, parts_dir
from graph.store import open_store
from graph.store_files import current_generation
from graph.vocab import PKG

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
OTHER = ROOT / "tests" / "fixtures" / "real" / "anhui_2022_rcep_opening.md"


def _break(ntriples: bytes) -> tuple[bytes, str]:
    """``ntriples`` with a second pkg:number on its first task; that task's IRI."""
    typed = rb"^(<[^>]+>) <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <" + re.escape(str(PKG.Task).encode())
    task = re.search(typed + rb"> \.$", ntriples, re.MULTILINE).group(1)
    assert re.search(b"^" + re.escape(task) + b" <" + re.escape(str(PKG.number).encode()) + b">", ntriples, re.MULTILINE)
    return ntriples + task + b" <" + str(PKG.number).encode() + b'> "999" .\n', task[1:-1].decode()


def _corrupt_part(parts: Path, path: Path) -> str:
    item = next(i for i in plan_files([path]) if Path(i[0]) == path)
    key = part_key(item)
    fg = load_part(parts, key)
    assert fg is not None, "the first build keeps the file's part"
    fg.ntriples, task = _break(fg.ntriples)
    save_part(parts, key, fg)
    return task


def _documents(data: Path) -> set[str]:
    store = ox.Store.read_only(str(current_generation(data)))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return {q.subject.value for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(PKG.Document)))}


def test_refusal_names_the_constraint_the_node_and_its_span(tmp_path):
    build_corpus([SAMPLE], tmp_path / "d")
    fg = load_part(parts_dir(tmp_path / "d"), part_key(plan_files([SAMPLE])[0]))
    assert refusal(fg.ntriples + fg.shared) is None  # the file as made conforms
    broken, task = _break(fg.ntriples)
    why = refusal(broken + fg.shared)
    assert why.startswith("breaks graph/shapes.ttl, not stored: TaskShape: number breaks sh:maxCount 1: ")
    assert f"<{task}>" in why and re.search(r"characters \d+–\d+ of the source", why)


def test_a_build_leaves_out_the_file_that_breaks_and_stores_the_others(tmp_path):
    data = tmp_path / "data"
    build_corpus([SAMPLE, OTHER], data)
    both = _documents(data)
    task = _corrupt_part(parts_dir(data), SAMPLE)
    summary = build_corpus([SAMPLE, OTHER], data, full=True)
    assert [Path(s.path).name for s in summary.skipped] == [SAMPLE.name]
    assert "number breaks sh:maxCount 1" in summary.skipped[0].reason and task in summary.skipped[0].reason
    assert any(line.startswith(f"skipped: {SAMPLE}") for line in summary.lines())
    stored = _documents(data)
    assert stored and stored < both  # the other file's documents, none of the sample's
    assert summary.documents == len(stored)
    assert not any("suzhou" in d for d in stored)


def test_policykg_add_refuses_the_file_and_changes_nothing(tmp_path):
    data = tmp_path / "data"
    build_corpus([OTHER], data)
    build_corpus([SAMPLE], tmp_path / "scratch")  # makes the sample's part, copied into this store's parts
    part = next(parts_dir(tmp_path / "scratch").rglob("*.part"))
    (parts_dir(data) / part.parent.name).mkdir(parents=True, exist_ok=True)
    (parts_dir(data) / part.parent.name / part.name).write_bytes(part.read_bytes())
    _corrupt_part(parts_dir(data), SAMPLE)
    before = open_store(data).generation
    with pytest.raises(BuildError, match=rf"{re.escape(str(SAMPLE))}: breaks graph/shapes.ttl.*nothing was changed"):
        add_files([SAMPLE], data, parts_dir(data))
    assert open_store(data).generation == before
