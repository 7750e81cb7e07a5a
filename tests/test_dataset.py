"""`policykg validate` and `policykg export` on real stores on disk (and a real `oxigraph serve`)."""

from __future__ import annotations

import re

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef

from api.cli import main
from extract.pipeline import extract_paths, read_texts
from graph.build import to_graph
from graph.remote import RemoteStore
from graph.store import build_store, open_store
from graph.vocab import PKG
from oxigraph_support import needs_server, oxigraph_server, post

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
#: the README's question, read from the README's quick start as printed there
README_QUERY = re.search(r"--data-urlencode query='\n(.*?)'\n", (ROOT / "README.md").read_text(encoding="utf-8"),
                         re.S).group(1)
TASK = URIRef("https://w3id.org/policykg/id/task/suzhou_2022_01-1-a1%3A1.1")


# ---------------------------------------------------------------- validate

@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A store on disk built from the sample with two violations planted: task 1.1 without its
    number, and a target whose comparator is not one of the allowed ones."""
    result = extract_paths([SAMPLE])
    g = to_graph(result.documents, read_texts([SAMPLE]))
    g.remove((TASK, PKG.number, None))
    target = sorted(g.objects(TASK, PKG.hasTarget))[0]
    g.set((target, PKG.comparator, Literal("~")))
    data = tmp_path_factory.mktemp("planted")
    build_store(data, g.serialize(format="nt", encoding="utf-8"))
    text = read_texts([SAMPLE])["suzhou_2022_01.md"]
    return data, g, target, text


def _expected_task_source(text: str) -> tuple[int, int, int]:
    start = text.index("1. 增强基础研究和原始创新能力**")  # the task's span starts at its number
    end = text.index("\n", start)
    return text.count("\n", 0, start) + 1, start, end


def test_validate_names_the_planted_violations_with_their_source(planted, capsys):
    data, g, target, text = planted
    assert main(["validate", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    line, start, end = _expected_task_source(text)
    block = out.split(f"violation: <{TASK}>\n")[1].split("violation:")[0]
    assert "  rule: pkg:TaskShape / pkg:number: MinCount\n" in block
    assert f"  source: suzhou_2022_01.md:{line} (characters {start}-{end})\n" in block
    assert "  as written: 1. 增强基础研究和原始创新能力**，深入实施创新驱动发展战略" in block
    # the target is traced through the evidence of its pkg:hasTarget link
    t_start, t_end = int(g.value(target, PKG.spanStart)), int(g.value(target, PKG.spanEnd))
    t_line = text.count("\n", 0, t_start) + 1
    assert "  rule: pkg:TargetShape / pkg:comparator: In\n" in out
    assert f"  source: suzhou_2022_01.md:{t_line} (characters {t_start}-{t_end})\n" in out
    assert f"  as written: {' '.join(text[t_start:t_end].split())}" in out
    assert out.count("violation: ") == 2
    assert out.rstrip().endswith(f"{len(g)} triples, 2 violations of graph/shapes.ttl")


def test_validate_passes_on_a_clean_build_and_fails_without_a_store(built_store, tmp_path, capsys):
    assert main(["validate", "--data", str(built_store)]) == 0
    assert capsys.readouterr().out.strip().endswith("triples, 0 violations of graph/shapes.ttl")
    assert main(["validate", "--data", str(tmp_path / "none")]) == 1
    assert "no store here" in capsys.readouterr().err


@pytest.mark.server
@needs_server
def test_validate_and_export_a_sparql_server(planted, tmp_path, free_port, capsys):
    data, g, _, text = planted
    with oxigraph_server(tmp_path / "ox", free_port()) as base:
        post(f"{base}/store?default", g.serialize(format="nt", encoding="utf-8"), "application/n-triples")
        assert main(["validate", "--sparql", f"{base}/query"]) == 1
        # export reads a server too: every triple, each document's in its named graph
        out = tmp_path / "server.trig"
        assert main(["export", "--format", "trig", "-o", str(out), "--sparql", f"{base}/query"]) == 0
        ds = Dataset(default_union=True)
        ds.parse(out, format="trig")
        assert len(list(ds.quads((None, None, None, None)))) == len(g)
        assert len([c for c in ds.graphs() if c.identifier != ds.default_context.identifier]) == 10
    out = capsys.readouterr().out
    line, start, end = _expected_task_source(text)
    assert f"  source: suzhou_2022_01.md:{line} (characters {start}-{end})\n" in out
    assert out.count("violation: ") == 2


# ---------------------------------------------------------------- export

def _export(store_dir, fmt: str, path: Path, *extra: str) -> Path:
    assert main(["export", "--format", fmt, "-o", str(path), "--data", str(store_dir), *extra]) == 0
    return path


def _count(store, query: str) -> int:
    return int(store.query(query).rows()[1][0][0])


@pytest.mark.parametrize("fmt, parser", [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_rdf_exports_keep_a_named_graph_per_document(built_store, tmp_path, fmt, parser):
    store = open_store(built_store)
    path = _export(built_store, fmt, tmp_path / f"out.{fmt}")
    ds = Dataset(default_union=True)
    ds.parse(path, format=parser)
    quads = list(ds.quads((None, None, None, None)))
    assert len(quads) == len(store)
    docs = {str(d) for d in ds.subjects(RDF.type, PKG.Document)}
    named = {str(c.identifier) for c in ds.graphs() if c.identifier != ds.default_context.identifier}
    assert len(docs) == 10 and named == docs
    # a task's triples sit in its document's graph; departments in the default graph
    doc = URIRef("https://w3id.org/policykg/id/doc/suzhou_2022_01-1-a1")
    assert (TASK, PKG.inDocument, doc, ds.graph(doc)) in ds
    kjj = URIRef("https://w3id.org/policykg/id/dept/suzhou.kjj")
    assert (kjj, PKG.resolved, None, ds.default_context) in ds
    assert len(list(ds.query(README_QUERY))) == 41


def test_turtle_export_is_the_same_triples(built_store, tmp_path):
    path = _export(built_store, "turtle", tmp_path / "out.ttl")
    g = Graph().parse(path, format="turtle")
    assert len(g) == len(open_store(built_store))
    assert len(list(g.query(README_QUERY))) == 41


@pytest.mark.server
@needs_server
def test_an_nquads_export_loaded_into_a_fresh_oxigraph_server_answers_the_readme_query(
        built_store, tmp_path, free_port):
    path = _export(built_store, "nquads", tmp_path / "out.nq")
    with oxigraph_server(tmp_path / "ox", free_port(), "--union-default-graph") as base:
        post(f"{base}/store", path.read_bytes(), "application/n-quads")
        server = RemoteStore(f"{base}/query")
        assert len(server.query(README_QUERY).rows()[1]) == 41
        assert _count(server, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == 10
        assert len(server) == len(open_store(built_store))


def _csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_tasks_one_row_per_task_department_role(built_store, tmp_path):
    rows = _csv(_export(built_store, "csv-tasks", tmp_path / "tasks.csv"))
    store = open_store(built_store)
    links = _count(store, """PREFIX pkg: <https://w3id.org/policykg/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?t ?p ?d WHERE {
          ?t ?p ?d . VALUES ?p { pkg:lead pkg:participant pkg:responsible } } }""")
    assert len(rows) == links == 725
    assert len({(r["task"], r["role"], r["department"]) for r in rows}) == len(rows)
    kjj = [r for r in rows if r["department"] == "suzhou.kjj"]
    assert len({r["task"] for r in kjj}) == 41
    first = next(r for r in rows if r["task"] == "suzhou_2022_01-1-a1:1.1" and r["role"] == "lead")
    assert (first["department_label"], first["line"], first["evidence"]) == (
        "苏州市科学技术局", "131", "市科技局牵头，市工信局、市发改委等参与")


def test_csv_departments_and_graphml_match_the_api(client, built_store, tmp_path):
    # the exports list every assignee, groups marked in their `group` column: /api/departments?groups=true
    api = {d["id"]: d for d in client.get("/api/departments", params={"groups": "true"}).json()["items"]}
    rows = _csv(_export(built_store, "csv-departments", tmp_path / "departments.csv"))
    departments = client.get("/api/departments").json()["total"]
    assert sum(1 for r in rows if r["group"] == "false") == departments
    assert {r["department"] for r in rows} == set(api)
    for r in rows:
        w = api[r["department"]]["workload"]
        assert [int(r[k]) for k in ("tasks", "lead", "participant", "responsible")] == \
            [w["tasks"], w["lead"], w["participant"], w["responsible"]]
        assert r["label"] == api[r["department"]]["label"]
    g = nx.read_graphml(_export(built_store, "graphml", tmp_path / "departments.graphml"))
    assert g.number_of_nodes() == len(api)
    for node, attrs in g.nodes(data=True):
        d = api[attrs["local_id"]]
        assert node == d["iri"] and attrs["label"] == d["label"]
        assert (attrs["tasks"], attrs["lead"], attrs["participant"], attrs["responsible"]) == tuple(
            d["workload"][k] for k in ("tasks", "lead", "participant", "responsible"))
    assert g.nodes["https://w3id.org/policykg/id/dept/suzhou.kjj"]["jurisdiction"] == "suzhou"
    pairs = client.get("/api/coparticipation").json()
    assert g.number_of_edges() == pairs["total"]


def test_gexf_and_the_bipartite_network(client, built_store, tmp_path):
    api_total = client.get("/api/departments", params={"groups": "true"}).json()["total"]
    g = nx.read_gexf(_export(built_store, "gexf", tmp_path / "d.gexf"))
    assert g.number_of_nodes() == api_total
    kjj = g.nodes["https://w3id.org/policykg/id/dept/suzhou.kjj"]
    assert (kjj["label"], kjj["tasks"], kjj["body"]) == ("苏州市科学技术局", 41, "government")
    b = nx.read_graphml(_export(built_store, "graphml", tmp_path / "b.graphml", "--network", "bipartite"))
    tasks = [n for n, k in b.nodes(data="kind") if k == "task"]
    assert len(tasks) == 212 and b.number_of_nodes() == 212 + api_total
    assert b.degree("https://w3id.org/policykg/id/dept/suzhou.kjj") == 41
    assert b.edges["https://w3id.org/policykg/id/dept/suzhou.kjj", str(TASK)]["roles"] == "lead"
    bg = nx.read_gexf(_export(built_store, "gexf", tmp_path / "b.gexf", "--network", "bipartite"))
    assert bg.number_of_edges() == b.number_of_edges()


def test_export_to_stdout_and_bad_options(built_store, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "api.cli", "export", "--format", "csv-departments", "-o", "-",
                          "--data", str(built_store)], capture_output=True, env=env, cwd=ROOT)
    assert run.returncode == 0 and run.stdout.startswith(b"\xef\xbb\xbfdepartment,label,")
    assert "wrote 97 rows as csv-departments to stdout" in run.stderr.decode()
    run = subprocess.run([sys.executable, "-m", "api.cli", "export", "--format", "parquet", "-o", "-",
                          "--data", str(built_store)], capture_output=True, env=env, cwd=ROOT)
    assert run.returncode == 2 and "invalid choice: 'parquet'" in run.stderr.decode()
    assert main(["export", "--format", "trig", "-o", str(tmp_path / "no" / "x.trig"),
                 "--data", str(built_store)]) == 1
    assert main(["export", "--format", "trig", "-o", str(tmp_path / "x.trig"),
                 "--data", str(tmp_path / "none")]) == 1
    assert not (tmp_path / "x.trig").exists() and list(tmp_path.iterdir()) == []
