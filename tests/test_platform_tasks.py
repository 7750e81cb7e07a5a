"""The tasks naming each platform, stored by the build (``pkg:PlatformTasks``, graph.materialise):
the gallery's tasks by platform reads them, and gives the rows the text before them gave (which read
the key of every mention), on a built store and after ``policykg add`` / ``remove`` and an
incremental build; a broken node is refused by the build's checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.gallery import example
from graph.incremental import add_files, remove_documents
from graph.materialise import platform_ntriples, platform_tasks, platform_tasks_iri, sort_key
from graph.memory import select_in_memory
from graph.pipeline import build_corpus, parts_dir
from graph.shape_checks import ConformanceError, verify
from graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
REAL = ROOT / "tests" / "fixtures" / "real"
PKG = "https://w3id.org/policykg/ontology#"

#: the gallery's text before the stored answer: every mention's task key, grouped per platform
BEFORE = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?platform ?label ?type (COUNT(DISTINCT ?task) AS ?tasks) (GROUP_CONCAT(DISTINCT ?key; SEPARATOR=" ") AS ?keys) WHERE {
  ?platform a pkg:Platform ; rdfs:label ?label ; pkg:platformType ?type .
  ?task pkg:mentionsPlatform ?platform ; pkg:key ?key .
}
GROUP BY ?platform ?label ?type
ORDER BY DESC(?tasks) ?label"""


def _gallery_text() -> str:
    return example("tasks-by-platform").sparql


def _rows_match(data: Path) -> list[list]:
    """The gallery's rows on the store of ``data`` are the rows of :data:`BEFORE` (the keys in the
    order of pkg:sortKey, where GROUP_CONCAT gives them in no set order); returns them."""
    store = open_store(data)
    names, now = store.query(_gallery_text()).rows()
    before_names, before = store.query(BEFORE).rows()
    assert names == before_names == ["platform", "label", "type", "tasks", "keys"]
    assert [r[:4] for r in now] == [r[:4] for r in before]  # the same platforms, counts and order
    for got, was in zip(now, before):
        assert got[4] == " ".join(sorted(was[4].split(), key=lambda k: (sort_key(k), k))), got[1]
        assert int(got[3]) == len(got[4].split())
    # one node per platform some task names (typed or not), none left for a platform no task names
    _, nodes = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a <{PKG}PlatformTasks> }}").rows()
    _, named = store.query(f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?t <{PKG}mentionsPlatform> ?p }}").rows()
    assert nodes == named and int(named[0][0]) >= len(now)
    return now


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "suzhou.md")
    shutil.copy(SAMPLE, folder / "suzhou_copy.md")  # the same platforms named by the tasks of two files
    shutil.copy(REAL / "anhui_2022_rcep_opening.md", folder / "anhui.md")
    return folder


def test_the_stored_platform_tasks_give_the_rows_of_every_mention_after_add_and_remove(corpus, tmp_path):
    data = tmp_path / "data"
    build_corpus([corpus], data, jobs=1)
    rows = _rows_match(data)
    lab = next(r for r in rows if r[1] == "姑苏实验室")
    assert (lab[2], lab[3]) == ("laboratory", "12") and len(rows) > 60  # six tasks in each copy
    assert lab[4].split()[:3] == ["suzhou-1:2.1", "suzhou-1-a1:1.3", "suzhou-1-a2:1"]  # in key order

    copy = corpus / "suzhou_copy.md"  # an incremental build (one changed file) rewrites them
    copy.write_text(copy.read_text(encoding="utf-8").replace("姑苏实验室", "太湖实验室"), encoding="utf-8")
    assert build_corpus([corpus], data, jobs=1).mode == "incremental"
    rows = _rows_match(data)
    assert [r[3] for r in rows if r[1] in ("姑苏实验室", "太湖实验室")] == ["6", "6"]

    extra = tmp_path / "extra"
    extra.mkdir()
    new = shutil.copy(REAL / "guangan_2023_market_vitality_measures.md", extra / "market.md")
    assert add_files([new], data, parts_dir(data), jobs=1).mode == "incremental"
    _rows_match(data)
    remove_documents(["corpus/suzhou_copy.md"], data, parts_dir(data))
    rows = _rows_match(data)
    assert next(r for r in rows if r[1] == "姑苏实验室")[3] == "6" and not [r for r in rows if r[1] == "太湖实验室"]
    remove_documents(["corpus/suzhou.md"], data, parts_dir(data))  # no task names 姑苏实验室 now
    rows = _rows_match(data)
    assert not [r for r in rows if r[1] == "姑苏实验室"] and rows  # the other files' platforms stay
    store = open_store(data)
    _, left = store.query(f"PREFIX pkg: <{PKG}> SELECT ?n WHERE {{ ?n pkg:tasksPlatform ?p . "
                          "?p <http://www.w3.org/2000/01/rdf-schema#label> \"姑苏实验室\" }").rows()
    assert left == []  # its node left with the last task naming it


def test_per_file_platform_tasks_add_up_to_the_corpus_nodes():
    from extract.pipeline import extract_paths

    docs = extract_paths([SAMPLE]).documents
    whole = platform_tasks(docs)
    summed: dict[str, list[str]] = {}
    for part in (docs[:2], docs[2:]):
        for p, keys in platform_tasks(part).items():
            summed.setdefault(p, []).extend(keys)
    assert platform_ntriples(summed) == platform_ntriples(whole) and len(whole) == 67
    assert platform_ntriples({"https://w3id.org/policykg/id/platform/x": []}) == b""


def test_a_broken_platform_tasks_node_is_refused_by_the_build_checks():
    node = platform_tasks_iri("https://w3id.org/policykg/id/platform/x")
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    select = select_in_memory((f"<{node}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PKG}PlatformTasks> .\n"
                           f'<{node}> <{PKG}platformTaskCount> "0"^^{integer} .\n'
                           f'<{node}> <{PKG}platformTaskKeys> "a" .\n<{node}> <{PKG}platformTaskKeys> "b" .\n').encode())

    with pytest.raises(ConformanceError) as err:
        verify(lambda q: list(select(q)))
    message = str(err.value)
    assert "tasksPlatform breaks sh:minCount 1" in message and "platformTaskCount breaks sh:minInclusive 1" in message
    assert "platformTaskKeys breaks sh:maxCount 1" in message
