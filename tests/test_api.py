"""The FastAPI service against a store built from the bundled sample (no mocks).

Expected numbers come from the sample text itself (see ``expected_tasks``) or
are cross-checked between two independent paths (REST vs SPARQL vs the
counts materialised at build time).
"""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote

import pytest

from graph import instances
from graph import queries as Q

DEPT = "市科技局"
KJJ_ID = "suzhou.kjj"
KJJ_LABEL = "苏州市科学技术局"
ANNEX1 = "suzhou_2022_01-1-a1"
ANNEX2 = "suzhou_2022_01-1-a2"
TASK_10 = f"{ANNEX1}:1.10"  # annex 1, task 10: （市工信局牵头，市发改委、市委网信办、市科技局、市商务局、苏州通管办等参与)

# an assignment parenthetical: （…） with one nested （…） allowed; closer ） or )
_GROUP = re.compile(r"（(?:[^（）()]|（[^（）]*）)*[）)]")
_ITEM = re.compile(r"\*\*\d+[.．]")
_REMOTE = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)


def expected_tasks(text: str, name: str, lead_only: bool = False) -> int:
    """Tasks naming ``name`` in their assignment, counted from the text.

    A parenthetical with 牵头/参与/负责 that names ``name`` assigns one task; when it
    is a section's introduction (no numbered item before it in the section),
    the numbered items of that section inherit it, so each counts too.
    """
    total = 0
    for m in _GROUP.finditer(text):
        group = m.group(0)
        if not re.search("牵头|参与|负责", group):
            continue
        if lead_only:
            lead_part = group.split("牵头")[0] if "牵头" in group else ""
            if not re.search(rf"(?:^|[（、，,\s]){name}", lead_part):
                continue
        elif not re.search(rf"(?:^|[（、，,\s]){name}", group):
            continue
        total += 1
        heading = text.rfind("\n#", 0, m.start())
        nxt = text.find("\n#", m.end())
        if not _ITEM.search(text, heading, m.start()):
            total += len(_ITEM.findall(text, m.end(), nxt if nxt >= 0 else len(text)))
    return total


def assert_error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "detail"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def sparql_count(client, query: str) -> int:
    r = client.get("/sparql", params={"query": Q.PREFIXES + query})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def distinct_tasks(sparql_json: dict) -> set[str]:
    return {b["task"]["value"] for b in sparql_json["results"]["bindings"]}


# ---------------------------------------------------------------- the 市科技局 question

def test_expected_count_read_from_the_text(sample_text):
    # 28 parentheticals name 市科技局 (23 in annex 1, 5 section introductions in annex 2);
    # those 5 sections have 3+2+3+2+3 = 13 numbered items that inherit the assignment.
    assert expected_tasks(sample_text, DEPT) == 41
    assert expected_tasks(sample_text, DEPT, lead_only=True) == 8


def test_sparql_get_answers_the_department_question(client, sample_text):
    r = client.get("/sparql", params={"query": Q.example_query(DEPT)})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert len(distinct_tasks(r.json())) == expected_tasks(sample_text, DEPT)


def test_sparql_post_form_and_body_give_the_same_answer(client):
    query = Q.example_query(DEPT)
    get = distinct_tasks(client.get("/sparql", params={"query": query}).json())
    form = client.post("/sparql", data={"query": query})
    body = client.post("/sparql", content=query.encode("utf-8"),
                       headers={"content-type": "application/sparql-query"})
    assert form.status_code == body.status_code == 200
    assert distinct_tasks(form.json()) == distinct_tasks(body.json()) == get


def test_rest_tasks_by_department_matches_sparql(client, sample_text):
    expected = expected_tasks(sample_text, DEPT)
    r = client.get("/api/tasks", params={"department": DEPT, "limit": 1000})
    assert r.status_code == 200
    data = r.json()
    assert data["total"] == len(data["items"]) == expected
    assert data["departments"] == [KJJ_ID]
    keys = {instances.iri("task", t["key"]) for t in data["items"]}
    assert keys == distinct_tasks(client.get("/sparql", params={"query": Q.example_query(DEPT)}).json())
    for item in data["items"]:
        assert any(p["id"] == KJJ_ID for people in item["departments"].values() for p in people)


@pytest.mark.parametrize("ident", [DEPT, KJJ_ID, KJJ_LABEL])
def test_department_filter_accepts_name_id_and_label(client, ident, sample_text):
    r = client.get("/api/tasks", params={"department": ident, "limit": 1})
    assert r.json()["total"] == expected_tasks(sample_text, DEPT)


def test_role_filter(client, sample_text):
    r = client.get("/api/tasks", params={"department": DEPT, "role": "lead", "limit": 1000}).json()
    assert r["total"] == expected_tasks(sample_text, DEPT, lead_only=True)
    assert all(any(p["id"] == KJJ_ID for p in t["departments"]["lead"]) for t in r["items"])


def test_document_filter_counts_annex_1(client, sample_text):
    # annex 1 numbers its tasks 1..100
    annex = sample_text[sample_text.index("## 附件 1"):sample_text.index("## 附件 2")]
    numbers = [int(n) for n in re.findall(r"\*\*(\d+)[.．]", annex)]
    assert numbers == list(range(1, 101))
    r = client.get("/api/tasks", params={"document": ANNEX1, "limit": 1}).json()
    assert r["total"] == 100


def test_year_filter_keeps_tasks_with_a_target_due_by_then(client):
    early = client.get("/api/tasks", params={"year": 1900}).json()
    assert early["total"] == 0
    due = client.get("/api/tasks", params={"year": 2025, "limit": 1000}).json()
    assert due["total"] > 0
    for item in due["items"][:10]:
        task = client.get(f"/api/tasks/{quote(item['key'])}").json()
        ends = [t["due_year"] or (t["period"] or [None, None])[1] for t in task["targets"]]
        assert any(e is not None and e <= 2025 for e in ends)


def test_text_filter(client, sample_text):
    r = client.get("/api/tasks", params={"q": "姑苏实验室", "limit": 1000}).json()
    assert r["total"] > 0
    for item in r["items"]:
        detail = client.get(f"/api/tasks/{quote(item['key'])}").json()
        assert "姑苏实验室" in detail["evidence"]["text"] + detail["title"]


def test_paging(client):
    first = client.get("/api/tasks", params={"limit": 10, "offset": 0}).json()
    second = client.get("/api/tasks", params={"limit": 10, "offset": 10}).json()
    both = client.get("/api/tasks", params={"limit": 20}).json()
    assert first["total"] == second["total"] == both["total"]
    assert [t["key"] for t in first["items"] + second["items"]] == [t["key"] for t in both["items"]]


def test_tasks_bad_parameters_use_the_shared_shape(client):
    assert_error(client.get("/api/tasks", params={"limit": 0}), 422, "invalid-parameter")
    assert_error(client.get("/api/tasks", params={"role": "boss"}), 422, "invalid-parameter")
    assert_error(client.get("/api/tasks", params={"limit": 10**6}), 422, "invalid-parameter")


# ---------------------------------------------------------------- tasks, documents

def test_task_detail_has_roles_targets_and_evidence(client, sample_text):
    r = client.get(f"/api/tasks/{TASK_10}")
    assert r.status_code == 200
    t = r.json()
    assert (t["number"], t["title"], t["document"]) == ("10", "加快推进数字产业化", ANNEX1)
    assert [p["name_as_written"] for p in t["departments"]["lead"]] == ["市工信局"]
    assert {p["name_as_written"] for p in t["departments"]["participant"]} == {
        "市发改委", "市委网信办", "市科技局", "市商务局", "苏州通管办"}
    assert [g["text"] for g in t["targets"]] == ["培育行业“头雁”企业50家"]
    start, end = t["evidence"]["span"]
    source = sample_text[start:end]
    assert source.startswith("10. 加快推进数字产业化")
    assert source.endswith("（市工信局牵头，市发改委、市委网信办、市科技局、市商务局、苏州通管办等参与)")
    assert t["evidence"]["text"].endswith("苏州通管办等参与）")


def test_unknown_task_is_404(client):
    assert_error(client.get("/api/tasks/no-such-task"), 404, "not-found")


def test_documents_list(client):
    r = client.get("/api/documents")
    assert r.status_code == 200
    docs = r.json()["items"]
    assert r.json()["total"] == len(docs) == sparql_count(
        client, "SELECT (COUNT(?d) AS ?n) WHERE { ?d a pkg:Document }")
    annex2 = next(d for d in docs if d["id"] == ANNEX2)
    assert annex2["title"] == "江苏省第十四次党代会报告明确对苏州提出有关任务专项分解方案"
    assert annex2["part_of"] == "suzhou_2022_01-1"


def test_document_detail_lists_its_tasks(client, sample_text):
    r = client.get(f"/api/documents/{ANNEX2}")
    assert r.status_code == 200
    doc = r.json()
    annex = sample_text[sample_text.index("## 附件 2"):]
    annex = annex[:annex.index("## 苏州市数字经济时代产业创新集群发展大会召开")]
    special = re.findall(r"^#+\s*[一二三四五六七八九十]+、", annex, flags=re.M)
    items = _ITEM.findall(annex)
    assert len(special) == 8
    assert doc["tasks"] == len(doc["task_list"]) == len(special) + len(items)


def test_unknown_document_is_404(client):
    assert_error(client.get("/api/documents/nope"), 404, "not-found")


# ---------------------------------------------------------------- departments, analytics

def test_departments_list_with_workload(client):
    r = client.get("/api/departments")
    assert r.status_code == 200
    items = r.json()["items"]
    kjj = next(d for d in items if d["id"] == KJJ_ID)
    assert kjj["label"] == KJJ_LABEL and kjj["names_as_written"] == [DEPT]
    assert kjj["workload"] == {"tasks": 41, "lead": 8, "participant": 33, "responsible": 0}
    # README "What counts as a department": groups (各成员单位 …) are listed with groups=true only
    assert r.json()["total"] == sparql_count(
        client, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?t pkg:involves ?d FILTER NOT EXISTS { ?d a pkg:DepartmentGroup } }")
    assert client.get("/api/departments", params={"groups": "true"}).json()["total"] == sparql_count(
        client, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?t pkg:involves ?d }")


def test_departments_unresolved_filter_partitions_the_list(client):
    everything = client.get("/api/departments").json()["items"]
    unresolved = client.get("/api/departments", params={"unresolved": "true"}).json()["items"]
    resolved = client.get("/api/departments", params={"unresolved": "false"}).json()["items"]
    assert all(not d["resolved"] for d in unresolved) and all(d["resolved"] for d in resolved)
    assert sorted(d["id"] for d in unresolved + resolved) == sorted(d["id"] for d in everything)


@pytest.mark.parametrize("ident", [DEPT, KJJ_ID, KJJ_LABEL])
def test_department_detail_by_name_id_or_label(client, ident, sample_text):
    r = client.get(f"/api/departments/{quote(ident)}")
    assert r.status_code == 200
    d = r.json()
    assert d["id"] == KJJ_ID
    assert len(d["tasks"]["lead"]) == expected_tasks(sample_text, DEPT, lead_only=True)
    assert len(d["tasks"]["lead"]) + len(d["tasks"]["participant"]) == expected_tasks(sample_text, DEPT)


@pytest.mark.parametrize("url", ["/api/departments/市不存在局", "/api/departments/市不存在局/graph",
                                 "/viz/department/市不存在局"])
def test_unknown_department_is_404(client, url):
    err = assert_error(client.get(url), 404, "not-found")
    assert "市不存在局" in err["message"]


def test_department_graph(client, sample_text):
    g = client.get(f"/api/departments/{quote(DEPT)}/graph").json()
    tasks = [n for n in g["nodes"] if n["kind"] == "task"]
    depts = [n for n in g["nodes"] if n["kind"] == "department"]
    assert len(tasks) == expected_tasks(sample_text, DEPT)
    assert [n["id"] for n in depts if n["focus"]] == [f"dept:{KJJ_ID}"]
    assert sum(1 for t in tasks if t["role"] == "lead") == expected_tasks(sample_text, DEPT, lead_only=True)
    ids = {n["id"] for n in g["nodes"]}
    assert len(ids) == len(g["nodes"])
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])


def test_workload_matches_the_counts_materialised_at_build_time(client):
    r = client.get("/api/workload")
    assert r.status_code == 200
    mine = {w["id"]: (w["tasks"], w["lead"]) for w in r.json()["items"]}
    q = Q.PREFIXES + "SELECT ?d ?n ?l WHERE { ?d pkg:taskCount ?n ; pkg:leadCount ?l }"
    built = {instances.local_id(b["d"]["value"]): (int(b["n"]["value"]), int(b["l"]["value"]))
             for b in client.get("/sparql", params={"query": q}).json()["results"]["bindings"]}
    assert mine == built
    assert client.get("/api/workload", params={"limit": 3}).json()["items"] == r.json()["items"][:3]


def test_coparticipation_counts_match_sparql(client):
    r = client.get("/api/coparticipation", params={"limit": 5})
    assert r.status_code == 200
    pairs = r.json()["items"]
    assert len(pairs) == 5
    assert [p["shared"] for p in pairs] == sorted((p["shared"] for p in pairs), reverse=True)
    for p in pairs[:3]:
        a, b = instances.term("dept", p["a"]["id"]), instances.term("dept", p["b"]["id"])
        n = sparql_count(client, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t pkg:involves {a}, {b} }}")
        assert p["shared"] == n
    total = r.json()["total"]
    assert client.get("/api/coparticipation", params={"min_shared": 1}).json()["total"] == total


def test_coparticipation_graph_top_n(client):
    g = client.get("/api/coparticipation/graph", params={"top": 10}).json()
    assert len(g["edges"]) == 10
    ids = {n["id"] for n in g["nodes"]}
    assert ids == {e["source"] for e in g["edges"]} | {e["target"] for e in g["edges"]}


def test_stats(client):
    s = client.get("/api/stats").json()
    assert s["tasks"] == client.get("/api/tasks", params={"limit": 1}).json()["total"]
    assert s["documents"] == client.get("/api/documents").json()["total"]
    assert s["triples"] == client.get("/healthz").json()["triples"]
    assert s["departments_with_tasks"] == client.get("/api/departments").json()["total"]


def test_healthz(client, built_store):
    from graph.store import open_store

    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "triples": len(open_store(built_store))}


# ---------------------------------------------------------------- SPARQL protocol details

def test_sparql_csv(client, sample_text):
    r = client.get("/sparql", params={"query": Q.example_query(DEPT)}, headers={"accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == ["task", "number", "title", "role"]
    assert len({row["task"] for row in rows}) == expected_tasks(sample_text, DEPT)


def test_sparql_tsv(client):
    r = client.get("/sparql", params={"query": Q.example_query(DEPT)},
                   headers={"accept": "text/tab-separated-values"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    assert r.text.splitlines()[0] == "?task\t?number\t?title\t?role"


def test_sparql_xml(client):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                   headers={"accept": "application/sparql-results+xml"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<boolean>true</boolean>" in r.text


@pytest.mark.parametrize("accept,media,marker", [
    ("text/turtle", "text/turtle", f"<https://w3id.org/policykg/id/dept/{KJJ_ID}>"),
    ("application/n-triples", "application/n-triples", f"<https://w3id.org/policykg/id/dept/{KJJ_ID}> "),
    ("application/rdf+xml", "application/rdf+xml", "rdf:RDF"),
    ("application/ld+json", "application/ld+json", f"https://w3id.org/policykg/id/dept/{KJJ_ID}"),
    (None, "text/turtle", KJJ_LABEL),
])
def test_sparql_graph_results(client, accept, media, marker):
    query = f"DESCRIBE <https://w3id.org/policykg/id/dept/{KJJ_ID}>"
    r = client.get("/sparql", params={"query": query}, headers={"accept": accept} if accept else {})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    assert marker in r.text


def test_sparql_format_parameter_overrides_accept(client):
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "format": "csv"},
                   headers={"accept": "application/sparql-results+json"})
    assert r.headers["content-type"].startswith("text/csv")
    assert_error(client.get("/sparql", params={"query": "ASK {}", "format": "turtle"}), 400, "bad-format")


def test_sparql_unacceptable_accept_is_406(client):
    assert_error(client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "image/png"}),
                 406, "not-acceptable")


def test_sparql_bad_query_is_400(client):
    err = assert_error(client.get("/sparql", params={"query": "SELEC ?x WHERE {"}), 400, "bad-query")
    assert err["detail"]["query"] == "SELEC ?x WHERE {"
    assert (err["detail"]["line"], err["detail"]["column"]) == (1, 10)
    assert err["message"].startswith("syntax error at line 1, column 10")
    assert_error(client.post("/sparql", data={"query": "SELECT WHERE"}), 400, "bad-query")


def test_sparql_unknown_prefix_says_which_prefix_line_to_add(client):
    err = assert_error(client.get("/sparql", params={"query": "SELECT * WHERE {\n ?t pkg:leadDepartment ?d }"}),
                       400, "bad-query")
    assert err["message"] == ("unknown prefix pkg: at line 2, column 5 — "
                              "add PREFIX pkg: <https://w3id.org/policykg/ontology#>")
    assert err["detail"]["line"] == 2


@pytest.mark.parametrize("send", ["get", "form-query", "form-update", "update-body"])
def test_sparql_updates_are_refused(client, send):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    if send == "get":
        r = client.get("/sparql", params={"query": update})
    elif send == "form-query":
        r = client.post("/sparql", data={"query": update})
    elif send == "form-update":
        r = client.post("/sparql", data={"update": update})
    else:
        r = client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"})
    assert "read-only" in assert_error(r, 400, "read-only")["message"]
    assert sparql_count(client, "SELECT (COUNT(*) AS ?n) WHERE { <urn:a> ?p ?o }") == 0


def test_sparql_service_is_refused(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/q> { ?s ?p ?o } }"})
    assert_error(r, 400, "service-disabled")


def test_sparql_wrong_content_type_is_415(client):
    r = client.post("/sparql", content="{}", headers={"content-type": "application/json"})
    assert_error(r, 415, "unsupported-media-type")


def test_sparql_without_query(client):
    assert_error(client.get("/sparql"), 400, "missing-query")
    page = client.get("/sparql", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<form" in page.text and "市科技局" in page.text


def test_sparql_html_results_table(client, sample_text):
    r = client.get("/sparql", params={"query": Q.example_query(DEPT), "format": "html"})
    assert r.status_code == 200
    assert f"<h2>{expected_tasks(sample_text, DEPT)} results</h2>" in r.text


# ---------------------------------------------------------------- HTML pages

def test_home_page_links(client):
    r = client.get("/", headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert 'href="/sparql?query=' in html and "/viz/coparticipation" in html
    assert f"/viz/department/{KJJ_ID}" in html and "/api/departments" in html and "/api/tasks" in html


def test_home_json_twin(client):
    via_accept = client.get("/", headers={"accept": "application/json"})
    via_api = client.get("/api")
    assert via_accept.status_code == via_api.status_code == 200
    assert via_accept.json() == via_api.json()
    data = via_api.json()
    assert data["example_query"]["sparql"] == Q.example_query(DEPT)
    assert any(e["path"] == "/sparql" for e in data["endpoints"])


def test_openapi_is_served_but_no_cdn_backed_docs(client):
    assert client.get("/openapi.json").json()["info"]["title"] == "policykg"
    assert_error(client.get("/docs"), 404, "not-found")


def _vis_nodes(html: str) -> list[dict]:
    m = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", html, re.DOTALL)
    assert m, "no vis DataSet in the page"
    return json.loads(m.group(1))


def test_department_view_matches_its_json_twin(client):
    r = client.get(f"/viz/department/{quote(DEPT)}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    twin = client.get(f"/api/departments/{quote(DEPT)}/graph").json()
    assert {n["id"] for n in _vis_nodes(r.text)} == {n["id"] for n in twin["nodes"]}
    assert KJJ_LABEL in r.text and 'class="viz-title"' in r.text
    embed = client.get(f"/viz/department/{quote(DEPT)}", params={"embed": 1}).text
    assert 'class="viz-title"' not in embed and len(_vis_nodes(embed)) == len(twin["nodes"])


def test_coparticipation_view_matches_its_json_twin(client):
    r = client.get("/viz/coparticipation", params={"top": 25})
    twin = client.get("/api/coparticipation/graph", params={"top": 25}).json()
    assert {n["id"] for n in _vis_nodes(r.text)} == {n["id"] for n in twin["nodes"]}


def test_views_draw_a_fixed_server_side_layout(client):
    """Every view, small or large, draws without physics at the positions its JSON twin lists."""
    for view, twin in [("/viz/coparticipation?top=200", "/api/coparticipation/graph?top=200"),
                       ("/viz/coparticipation?top=3", "/api/coparticipation/graph?top=3"),
                       (f"/viz/department/{quote(DEPT)}", f"/api/departments/{quote(DEPT)}/graph")]:
        page = client.get(view).text
        assert page.split("var options = ", 1)[1].startswith('{"physics": {"enabled": false')
        drawn = {n["id"]: (n["x"], n["y"]) for n in _vis_nodes(page)}
        listed = {n["id"]: (n["x"], n["y"]) for n in client.get(twin).json()["nodes"]}
        assert drawn == listed and len(drawn) > 2


@pytest.mark.parametrize("url", ["/", "/sparql", f"/viz/department/{DEPT}", f"/viz/department/{DEPT}?embed=1",
                                 "/viz/coparticipation", "/viz/coparticipation?top=5000&embed=1",
                                 f"/sparql?format=html&query={quote(Q.example_query(DEPT))}"])
def test_html_pages_load_nothing_remote(client, url):
    r = client.get(url, headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert not _REMOTE.search(r.text)
    assert "cdn.jsdelivr" not in r.text and "cdnjs" not in r.text


def test_view_titles_and_headings_are_escaped():
    from api.views import render_network

    graph = {"nodes": [{"id": "a", "kind": "department", "label": "<b>x</b>", "title": "<script>alert(1)</script> href"}],
             "edges": []}
    page = render_network(graph, "<script>alert(2)</script>", links=[("J", "/x?a=1&b=<2>")])
    assert "<script>alert(2)</script>" not in page and "&lt;script&gt;alert(2)" in page
    assert "href" not in json.dumps(_vis_nodes(page))


# ---------------------------------------------------------------- startup

def test_startup_builds_the_sample_when_the_store_is_missing(tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(data=tmp_path / "fresh", allowed_hosts=["testserver"]))) as c:
        assert c.get("/healthz").json()["triples"] > 0
        assert c.get("/api/tasks", params={"department": DEPT}).json()["total"] == 41


def test_startup_without_store_and_without_building_names_the_directory(tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from graph.store import StoreError

    with pytest.raises(StoreError, match="empty"):
        with TestClient(create_app(Settings(data=tmp_path / "empty", build_if_empty=False))):
            pass


def test_settings_from_environment(monkeypatch, tmp_path):
    from api.settings import Settings

    monkeypatch.setenv("POLICYKG_DATA", str(tmp_path))
    monkeypatch.setenv("POLICYKG_PORT", "8765")
    monkeypatch.setenv("POLICYKG_BUILD_IF_EMPTY", "false")
    s = Settings()
    assert (s.data, s.port, s.build_if_empty, s.host) == (tmp_path, 8765, False, "127.0.0.1")


def test_query_page_escapes_what_it_echoes(client):
    evil = 'SELECT ("</textarea><script>alert(1)</script>" AS ?x) WHERE {}'
    r = client.get("/sparql", params={"query": evil, "format": "html"})
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)" in r.text
