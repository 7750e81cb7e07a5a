"""The gallery of example queries (graph/examples/*.rq): each runs on the sample with checked answers,
through the API, the CLI and the query page; and the query page's HTML behaviour (TestClient)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from test_api import DEPT, assert_error, expected_tasks

from graph import gallery
from graph import instances
from graph import queries as Q

ROOT = Path(__file__).resolve().parents[1]
JSON = {"accept": "application/sparql-results+json"}
HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # what Chromium sends


def select(client, name: str) -> list[dict]:
    """The rows of gallery query ``name`` over /sparql, as {variable: value}."""
    r = client.get("/sparql", params={"query": gallery.example(name).sparql}, headers=JSON)
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def key_of(iri: str) -> str:
    return instances.local_id(iri)


# ---------------------------------------------------------------- the files

def test_every_example_has_a_title_description_and_a_query():
    examples = gallery.examples()
    assert [e.name for e in examples] == sorted(p.stem for p in gallery.EXAMPLES_DIR.glob("*.rq"))
    assert {"department-tasks-by-role", "department-workload", "coparticipation", "targets-due-by-year",
            "tasks-by-district", "tasks-by-platform", "documents-by-issuer"} <= {e.name for e in examples}
    for e in examples:
        assert e.title and len(e.description) > 20, e.name
        assert not e.sparql.startswith("#") and re.search(r"\b(SELECT|ASK|CONSTRUCT)\b", e.sparql), e.name


def test_a_file_without_a_title_is_refused_naming_it(tmp_path):
    (tmp_path / "bad.rq").write_text("# description: no title\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(gallery.GalleryError, match=r"bad\.rq:1: no '# title"):
        gallery.examples(tmp_path)
    (tmp_path / "bad.rq").write_text("# title: t\n# oops this is not a field\nASK {}\n", encoding="utf-8")
    with pytest.raises(gallery.GalleryError, match=r"bad\.rq:2"):
        gallery.examples(tmp_path)


def test_an_unknown_example_lists_the_names():
    with pytest.raises(gallery.UnknownExample, match="the examples are coparticipation, department-tasks"):
        gallery.example("nope")


# ---------------------------------------------------------------- checked answers on the sample

def test_department_tasks_by_role_is_the_readme_question(client, sample_text):
    rows = select(client, "department-tasks-by-role")
    assert len(rows) == expected_tasks(sample_text, DEPT) == 41
    assert sum(r["role"] == "lead" for r in rows) == expected_tasks(sample_text, DEPT, lead_only=True) == 8
    rest = client.get("/api/tasks", params={"department": DEPT, "limit": 1000}).json()["items"]
    assert {r["key"] for r in rows} == {t["key"] for t in rest}


def _numbers(key: str) -> tuple:
    doc, _, path = key.partition(":")
    return (doc, *(int(n) for n in path.split(".")))


@pytest.mark.parametrize("name", ["department-tasks-by-role", "tasks-by-district"])
def test_task_lists_come_in_the_natural_order_of_their_keys(client, name):
    keys = [r["key"] for r in select(client, name)]
    assert keys == sorted(keys, key=_numbers) != sorted(keys)  # 1.9 before 1.10, 8 before 8.1


def test_department_workload_matches_the_analytics(client):
    rows = select(client, "department-workload")
    workload = {w["id"]: w for w in client.get("/api/workload").json()["items"]}
    groups = {key_of(b["d"]["value"]) for b in client.get("/sparql", params={
        "query": Q.PREFIXES + "SELECT ?d { ?d a pkg:DepartmentGroup }"}, headers=JSON).json()["results"]["bindings"]}
    assert len(rows) == len([i for i in workload if i not in groups]) == 83
    for r in rows:
        w = workload[key_of(r["department"])]
        assert [int(r[k]) for k in ("tasks", "lead", "participant", "responsible")] == \
            [w["tasks"], w["lead"], w["participant"], w["responsible"]], r["label"]
    assert (rows[0]["label"], rows[0]["tasks"]) == ("苏州市发展和改革委员会", "70")
    assert [int(r["tasks"]) for r in rows] == sorted((int(r["tasks"]) for r in rows), reverse=True)


def test_coparticipation_matches_the_analytics(client):
    rows = select(client, "coparticipation")
    pairs = client.get("/api/coparticipation", params={"limit": 5000}).json()["items"]
    shared = {frozenset((p["a"]["id"], p["b"]["id"])): p["shared"] for p in pairs}
    assert len(rows) == 50
    for r in rows:
        assert int(r["shared"]) == shared[frozenset((key_of(r["a"]), key_of(r["b"])))], (r["labelA"], r["labelB"])
    # the 50 rows are the 50 largest pairs
    assert sorted((int(r["shared"]) for r in rows), reverse=True) == sorted(shared.values(), reverse=True)[:50]
    assert {rows[0]["labelA"], rows[0]["labelB"]} == {"苏州市发展和改革委员会", "苏州市工业和信息化局"}


def test_targets_due_by_2025_match_the_year_filter(client):
    rows = select(client, "targets-due-by-year")
    by_year = client.get("/api/tasks", params={"year": 2025, "limit": 1000}).json()
    assert {r["key"] for r in rows} == {t["key"] for t in by_year["items"]} and by_year["total"] == 37
    assert len(rows) == 70 and {r["due"] for r in rows} == {"2025"}
    task = [(r["indicator"], r["value"], r.get("unit")) for r in rows if r["key"] == "suzhou_2022_01-1-a2:8.1"]
    assert ("新增苏州市级以上台资智能车间", "100", "个") in task and ("新增有效台资高新技术企业", "40", "家") in task


def test_tasks_by_district_name_the_district(client):
    rows = select(client, "tasks-by-district")
    assert len(rows) == 9
    for r in rows:
        task = client.get(f"/api/tasks/{quote(r['key'], safe='')}").json()
        assert "昆山市" in [d["label"] for d in task["districts"]], r["key"]
        assert "昆山" in task["evidence"]["text"] or "昆山" in task["title"], r["key"]


def test_tasks_by_platform_count_the_tasks_that_name_them(client):
    rows = select(client, "tasks-by-platform")
    assert len(rows) == 67
    for r in rows:
        assert int(r["tasks"]) == len(r["keys"].split()), r["label"]
    lab = next(r for r in rows if r["label"] == "姑苏实验室")
    assert (lab["type"], lab["tasks"]) == ("laboratory", "6")
    named = client.get("/api/tasks", params={"q": "姑苏实验室", "limit": 100}).json()["items"]
    assert set(lab["keys"].split()) == {t["key"] for t in named}


def test_documents_by_issuer_match_the_document_list(client):
    rows = select(client, "documents-by-issuer")
    docs = {d["id"]: d for d in client.get("/api/documents").json()["items"]}
    assert len(rows) == len(docs) == 10
    for r in rows:
        d = docs[key_of(r["document"])]
        assert (int(r["tasks"]), r.get("issuer")) == (d["tasks"], d["issuer"]), r["title"]
    assert [r.get("issuer") for r in rows[:3]] == ["中共苏州市委"] * 3 and "issuer" not in rows[3]


def test_lead_departments_match_the_workload(client):
    rows = select(client, "lead-departments")
    workload = {w["id"]: w for w in client.get("/api/workload").json()["items"]}
    assert len(rows) == len([w for w in workload.values() if w["lead"] > 0]) == 40
    for r in rows:
        assert (int(r["lead"]), int(r["tasks"])) == (workload[key_of(r["department"])]["lead"],
                                                     workload[key_of(r["department"])]["tasks"])


# ---------------------------------------------------------------- API

def test_api_lists_the_gallery(client):
    r = client.get("/api/queries")
    assert r.status_code == 200
    data = r.json()
    assert data["total"] == len(gallery.examples()) == len(data["items"])
    first = data["items"][0]
    assert set(first) == {"name", "title", "description", "sparql", "run"}
    assert parse_qs(urlsplit(first["run"]).query)["query"] == [gallery.example(first["name"]).sparql]
    one = client.get("/api/queries/tasks-by-district").json()
    assert one["sparql"] == gallery.example("tasks-by-district").sparql and one["title"] == "Tasks by district"
    rows = list(csv.DictReader(io.StringIO(client.get("/api/queries", params={"format": "csv"}).text.lstrip("\ufeff"))))
    assert [r["name"] for r in rows] == [e.name for e in gallery.examples()]


def test_api_unknown_query_and_parameter(client):
    err = assert_error(client.get("/api/queries/nope"), 404, "not-found")
    assert "tasks-by-district" in err["detail"]["available"]
    assert_error(client.get("/api/queries", params={"name": "x"}), 422, "invalid-parameter")


# ---------------------------------------------------------------- CLI

def _cli(*args):
    return subprocess.run([sys.executable, "-m", "api.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True)


def test_cli_lists_and_runs_examples(built_store):
    listed = _cli("query", "--list-examples")
    assert listed.returncode == 0
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [e.name for e in gallery.examples()]
    r = _cli("query", "--example", "department-tasks-by-role", "--data", built_store)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("(41 rows)")
    r = _cli("query", "--example", "tasks-by-district", "--format", "csv", "--data", built_store)
    assert len(list(csv.reader(io.StringIO(r.stdout)))) == 1 + 9


def test_cli_bad_example_and_bad_usage(built_store):
    r = _cli("query", "--example", "nope", "--data", built_store)
    assert r.returncode == 2 and "no example query 'nope'" in r.stderr and "tasks-by-district" in r.stderr
    r = _cli("query", "--data", built_store)
    assert r.returncode == 2 and "--example NAME" in r.stderr


# ---------------------------------------------------------------- the query page (HTML)

def test_page_shows_the_editor_gallery_and_terms(client):
    r = client.get("/sparql", headers=HTML)
    assert r.status_code == 200
    html = r.text
    assert '<form id="query-form" method="get" action="/sparql">' in html
    assert "/static/vendor/codemirror-5.65.18/codemirror.js" in html and "/static/sparql-page.js" in html
    for e in gallery.examples():
        assert f'data-example="{e.name}"' in html
    terms = re.search(r'<script type="application/json" id="sparql-terms">(.*?)</script>', html, re.S).group(1)
    assert '"local": "lead"' in terms and '"pkg": "https://w3id.org/policykg/ontology#"' in terms


def test_vendored_files_are_served(client):
    for name in ("codemirror.js", "codemirror.css", "sparql.js", "show-hint.js", "show-hint.css",
                 "matchbrackets.js", "LICENSE"):
        r = client.get(f"/static/vendor/codemirror-5.65.18/{name}")
        assert r.status_code == 200 and len(r.content) > 500, name
    assert 'CodeMirror.defineMode("sparql"' in client.get("/static/vendor/codemirror-5.65.18/sparql.js").text
    assert client.get("/static/sparql-page.js").status_code == 200


def test_page_results_link_entities_and_carry_numbers(client):
    query = gallery.example("department-workload").sparql
    r = client.get("/sparql", params={"query": query}, headers=HTML)
    assert r.status_code == 200 and "<h2>83 results</h2>" in r.text
    assert re.search(r'<span class="hint" id="elapsed">answered in \d+ ms</span>', r.text)
    row = re.search(r"<tbody><tr>(.*?)</tr>", r.text).group(1)
    assert '<a href="/departments/suzhou.fgw">id:dept/suzhou.fgw</a>' in row
    assert 'class="num" data-num="70.0"' in row
    links = dict(re.findall(r'<a href="([^"]+)" class="download" download>(\w+)</a>', r.text))
    assert sorted(links.values()) == ["CSV", "JSON", "TSV"]
    for href, label in links.items():
        q = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert q["format"] == [label.lower()] and q["query"] == [query]
    graph = re.search(r'<a href="([^"]+)" class="button" id="see-graph">', r.text).group(1)
    assert graph.startswith("/viz/sparql?query=") and parse_qs(urlsplit(graph.replace("&amp;", "&")).query)["query"] == [query]


def test_page_task_links_and_other_iris(client):
    query = Q.PREFIXES + ("SELECT ?t ?c ?s WHERE { ?t pkg:key \"suzhou_2022_01-1-a1:1.10\" ; a ?c ; "
                          "pkg:inSection ?s }")
    html = client.get("/sparql", params={"query": query}, headers=HTML).text
    assert '<a href="/tasks/suzhou_2022_01-1-a1%3A1.10">id:task/suzhou_2022_01-1-a1:1.10</a>' in html
    assert '<a href="https://w3id.org/policykg/ontology#Task">pkg:Task</a>' in html
    assert re.search(r'<a href="/id/section/[^"]+">id:section/', html)


@pytest.mark.parametrize("query,status,code,words", [
    ("SELECT ?x WHERE { ?x pkg:lead ?y }", 400, "bad-query", "add PREFIX pkg: &lt;https://w3id.org/policykg/ontology#&gt;"),
    ("SELECT ?x WHERE { ?x ?y  ", 400, "bad-query", "syntax error at line 1"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/q> { ?s ?p ?o } }", 400, "service-disabled", "disabled"),
])
def test_page_errors_are_inline_with_the_query_kept(client, query, status, code, words):
    r = client.get("/sparql", params={"query": query}, headers=HTML)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    box = re.search(r'<div class="query-error" id="query-error" role="alert" data-code="([\w-]+)">(.*?)</div>', r.text, re.S)
    assert box and box.group(1) == code and words in box.group(2)
    kept = re.search(r'<textarea id="query" name="query"[^>]*>(.*?)</textarea>', r.text, re.S).group(1)
    assert kept == query.replace("<", "&lt;").replace(">", "&gt;")
    # a program asking the same gets the JSON error shape
    assert_error(client.get("/sparql", params={"query": query}), status, code)


def test_page_limit_errors_are_inline(built_store):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    settings = Settings(data=built_store, build_if_empty=False, allowed_hosts=["testserver"], query_max_rows=10)
    with TestClient(create_app(settings)) as c:
        r = c.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, headers=HTML)
        assert r.status_code == 400 and 'data-code="too-many-rows"' in r.text
        assert "more than 10 rows" in r.text and "POLICYKG_QUERY_MAX_ROWS" in r.text
        assert_error(c.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }", "format": "html"}), 400, "too-many-rows")


def test_a_long_query_posted_by_the_page_is_answered_as_html(client):
    values = " ".join(f'"v{i}"' for i in range(900))
    query = f"SELECT (COUNT(*) AS ?n) {{ VALUES ?x {{ {values} }} }}"
    r = client.post("/sparql", data={"query": query}, headers=HTML)
    assert r.status_code == 200 and "<h2>1 result</h2>" in r.text and 'data-num="900.0"' in r.text
    assert 'id="share-link"' in r.text


def test_a_construct_answer_offers_graph_downloads(client):
    query = Q.PREFIXES + 'CONSTRUCT { ?t rdfs:label ?l } WHERE { ?t pkg:key "suzhou_2022_01-1-a1:1.10" ; rdfs:label ?l }'
    r = client.get("/sparql", params={"query": query}, headers=HTML)
    assert r.status_code == 200 and "<h2>1 result</h2>" in r.text
    assert re.findall(r'class="download" download>([\w-]+)</a>', r.text) == ["Turtle", "N-Triples", "JSON-LD"]
    assert '<a href="/tasks/suzhou_2022_01-1-a1%3A1.10">' in r.text and ">10. 加快推进数字产业化<" in r.text


# ---------------------------------------------------------------- completion terms

def test_completion_terms_cover_the_ontology():
    from graph.terms import completion_terms, prefixes
    from graph.vocab import PKG

    terms = {f"{t['prefix']}:{t['local']}": t for t in completion_terms()}
    assert {f"pkg:{name}" for name in PKG.__annotations__} <= set(terms)
    assert terms["pkg:Task"]["kind"] == "class" and terms["pkg:Task"]["label"] == "Task / 任务"
    assert terms["pkg:lead"]["kind"] == "property" and "牵头" in terms["pkg:lead"]["label"]
    assert terms["pkg:Task"]["iri"] == "https://w3id.org/policykg/ontology#Task"
    assert terms["dcterms:title"]["iri"] == "http://purl.org/dc/terms/title"
    assert prefixes()["pkg"] == "https://w3id.org/policykg/ontology#" and set(prefixes()) >= {"rdfs", "dcterms", "skos", "xsd"}
