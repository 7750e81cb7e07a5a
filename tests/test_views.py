"""The network views and their JSON twins, SVG and PNG exports (served by the real app on the sample store).

Browser checks (drawing, console, overlap of drawn labels, script payloads)
are in tests/test_views_browser.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest

from api.layout import footprint
from api.viz_style import BODY_STYLES, EDGE_STYLES, ROLE_COLORS, edge_style, node_style
from graph import instances
from graph import queries as Q

ROOT = Path(__file__).resolve().parents[1]
DEPT = "市科技局"
TASK = "suzhou_2022_01-1-a2:3"
CONSTRUCT = ("PREFIX pkg: <https://w3id.org/policykg/ontology#> "
             "CONSTRUCT { ?t pkg:lead ?d } WHERE { ?t pkg:lead ?d } LIMIT 25")
SELECT = ("PREFIX pkg: <https://w3id.org/policykg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?source ?target (\"lead\" AS ?label) WHERE { ?source pkg:lead ?d . ?d rdfs:label ?target } LIMIT 30")
#: every view and its JSON twin
VIEWS = [
    (f"/viz/department/{quote(DEPT)}", f"/api/departments/{quote(DEPT)}/graph"),
    ("/viz/workload", "/api/workload/graph"),
    ("/viz/coparticipation?top=60", "/api/coparticipation/graph?top=60"),
    (f"/viz/task/{quote(TASK)}", f"/api/tasks/{quote(TASK)}/graph"),
    (f"/viz/district/{quote('昆山市')}", f"/api/districts/{quote('昆山市')}/graph"),
    ("/viz/platform/platform.gusu_lab", "/api/platforms/platform.gusu_lab/graph"),
    (f"/viz/sparql?query={quote(CONSTRUCT)}", f"/api/sparql/graph?query={quote(CONSTRUCT)}"),
    (f"/viz/sparql?query={quote(SELECT)}", f"/api/sparql/graph?query={quote(SELECT)}"),
]


def vis_nodes(page: str) -> list[dict]:
    m = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    assert m, "no vis DataSet in the page"
    return json.loads(m.group(1))


def vis_edges(page: str) -> list[dict]:
    m = re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    assert m, "no vis edge DataSet in the page"
    return json.loads(m.group(1))


def rows(client, sparql: str) -> list[dict]:
    r = client.get("/sparql", params={"query": Q.PREFIXES + sparql, "format": "json"})
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def overlapping(graph: dict) -> list[tuple[str, str]]:
    """Pairs of nodes whose shape-plus-label boxes overlap, at the twin's positions."""
    boxes = []
    for n in graph["nodes"]:
        st = node_style(n)
        w, h, off = footprint({"label": n["label"], "size": st["size"], "shape": st["shape"]})
        boxes.append((n["id"], n["x"], n["y"] + off, w, h))
    bad = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if abs(a[1] - b[1]) < (a[3] + b[3]) / 2 and abs(a[2] - b[2]) < (a[4] + b[4]) / 2:
                bad.append((a[0], b[0]))
    return bad


@pytest.mark.parametrize("view,twin", VIEWS)
def test_each_view_draws_exactly_its_twin_at_its_positions(client, view, twin):
    page = client.get(view)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    data = client.get(twin).json()
    drawn = {n["id"]: (n["x"], n["y"], n["label"]) for n in vis_nodes(page.text)}
    assert drawn == {n["id"]: (n["x"], n["y"], n["label"]) for n in data["nodes"]}
    assert len(vis_edges(page.text)) == len(data["edges"]) == data["counts"]["edges"]
    assert page.text.split("var options = ", 1)[1].startswith('{"physics": {"enabled": false')
    assert len(drawn) >= 3 and data["empty_reason"] is None
    # the same URL gives the same picture
    assert client.get(twin).json()["nodes"] == data["nodes"]
    assert overlapping(data) == []


def test_department_view_labels_tasks_by_short_title_and_groups_them(client):
    g = client.get(f"/api/departments/{quote(DEPT)}/graph").json()
    tasks = [n for n in g["nodes"] if n["kind"] == "task"]
    assert len(tasks) == 41
    facts = {r["key"]: r for r in rows(client, """SELECT ?key ?title ?n ?dt WHERE {
        ?t pkg:key ?key ; dcterms:title ?title ; pkg:number ?n ; pkg:inDocument ?d . ?d dcterms:title ?dt }""")}
    for t in tasks:
        f = facts[t["key"]]
        assert t["label"] != f["n"] and f["title"].startswith(t["label"].rstrip("…"))
        assert len(t["label"]) <= 10
        assert t["title"].splitlines()[0] == f["title"]
        assert f"编号 {f['n']} · {f['dt']}" in t["title"] and "原文：" in t["title"]
        assert t["href"] == "/tasks/" + quote(t["key"], safe="")
    # tasks of one document sit together round the ring: angles sorted by document are contiguous
    import math
    order = sorted(tasks, key=lambda t: math.atan2(t["y"], t["x"]) % (2 * math.pi))
    docs = [t["document"] for t in order]
    changes = sum(1 for a, b in zip(docs, docs[1:] + docs[:1]) if a != b)
    assert changes == len(set(docs)) if len(set(docs)) > 1 else changes == 0
    focus = [n for n in g["nodes"] if n.get("focus")]
    assert [(f["label"], f["x"], f["y"], f["href"]) for f in focus] == [("市科技局", 0.0, 0.0, "/departments/suzhou.kjj")]
    partners = [n for n in g["nodes"] if n["kind"] == "department" and not n.get("focus")]
    assert len(partners) == 31 and all(n["shared"] >= 1 and n["href"].startswith("/departments/") for n in partners)


def test_department_view_legend_explains_every_colour_shape_and_edge_style(client):
    for view, twin in VIEWS:
        g = client.get(twin).json()
        legend = g["legend"]
        node_keys = {(e["color"], e["shape"]) for e in legend if e["kind"] == "node"}
        for n in g["nodes"]:
            st = node_style(n)
            assert (st["color"], st["shape"]) in node_keys, (view, n["id"], st)
        edge_keys = {(e["color"], tuple(e["dashes"] or ())) for e in legend if e["kind"] == "edge"}
        for e in g["edges"]:
            st = edge_style(e)
            assert (st["color"], tuple(st["dashes"] or ())) in edge_keys, (view, e)
        assert all(re.search(r"[\u4e00-\u9fff]", e["label"]) for e in legend)
        if any("load" in n for n in g["nodes"]):
            assert any(e["kind"] == "size" for e in legend)


def test_department_view_edges_show_the_role(client):
    g = client.get(f"/api/departments/{quote(DEPT)}/graph").json()
    expected = rows(client, """SELECT (COUNT(*) AS ?n) WHERE { ?t pkg:involves ?me ; ?p ?d .
        ?me pkg:nameAsWritten "市科技局"@zh . FILTER(?p IN (pkg:lead, pkg:participant, pkg:responsible)) }""")
    assert len(g["edges"]) == int(expected[0]["n"]) == 255
    styles = {(edge_style(e)["color"], edge_style(e)["dashes"] or None) for e in g["edges"] if e["role"] == "lead"}
    assert styles == {(ROLE_COLORS["lead"], None)}
    assert {edge_style(e)["dashes"] != False for e in g["edges"] if e["role"] == "participant"} == {True}  # noqa: E712


def test_department_filters(client):
    base = f"/api/departments/{quote(DEPT)}/graph"
    lead = client.get(base, params={"role": "lead"}).json()
    lead_rows = rows(client, 'SELECT DISTINCT ?t WHERE { ?t pkg:lead ?d . ?d pkg:nameAsWritten "市科技局"@zh }')
    tasks = [n for n in lead["nodes"] if n["kind"] == "task"]
    assert len(tasks) == len(lead_rows) == 8 and {t["role"] for t in tasks} == {"lead"}
    assert lead["filters"] == {"role": "lead"} and "8 项任务" in lead["title"]
    everything = client.get(base).json()
    per_doc = {}
    for n in everything["nodes"]:
        if n["kind"] == "task":
            per_doc.setdefault(n["document"], set()).add(n["id"])
    assert len(per_doc) >= 2
    for doc, ids in per_doc.items():
        by_doc = client.get(base, params={"document": doc}).json()
        assert {n["id"] for n in by_doc["nodes"] if n["kind"] == "task"} == ids
    same = client.get(base, params={"jurisdiction": "suzhou"}).json()
    assert len(same["nodes"]) == 73
    none = client.get(base, params={"jurisdiction": "nowhere"}).json()
    assert [n["id"] for n in none["nodes"]] == ["dept:suzhou.kjj"]
    assert none["empty_reason"] == "苏州市科学技术局 在筛选条件（jurisdiction=nowhere）下没有任务"
    page = client.get(f"/viz/department/{quote(DEPT)}", params={"jurisdiction": "nowhere"}).text
    assert 'id="viz-empty">苏州市科学技术局 在筛选条件（jurisdiction=nowhere）下没有任务<' in page
    r = client.get(base, params={"role": "boss"})
    assert r.status_code == 422 and "role" in r.json()["error"]["message"]


def test_workload_view_sizes_by_load_and_colours_by_body(client):
    g = client.get("/api/workload/graph", params={"min_shared": 1}).json()
    load = {r["d"]: int(r["n"]) for r in rows(client, "SELECT ?d (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pkg:involves ?d } GROUP BY ?d")}
    assert {n["id"]: n["load"] for n in g["nodes"]} == {"dept:" + instances.local_id(d): n for d, n in load.items()}
    bodies = {"dept:" + instances.local_id(r["d"]): r.get("b") for r in rows(
        client, "SELECT ?d ?b WHERE { ?d a ?c . VALUES ?c { pkg:Department pkg:DepartmentGroup } OPTIONAL { ?d pkg:body ?b } }")}
    for n in g["nodes"]:
        expected = bodies[n["id"]] or ("group" if n["group_unit"] else "other")
        assert node_style(n)["color"] == BODY_STYLES[expected if expected in BODY_STYLES else "other"][0]
    big = max(g["nodes"], key=lambda n: n["load"])
    small = min(g["nodes"], key=lambda n: n["load"])
    assert node_style(big)["size"] > node_style(small)["size"]
    assert big["label"] == "市发改委" and big["load"] == 70
    two = client.get("/api/workload/graph").json()
    assert two["min_shared"] == 2 and all(e["weight"] >= 2 for e in two["edges"])
    assert len(two["edges"]) < len(g["edges"]) and len(two["nodes"]) == len(g["nodes"])
    page = client.get("/viz/workload").text
    assert 'id="viz-threshold"' in page and f'max="{two["max_weight"]}"' in page
    assert all(e["weight"] == w["weight"] for e, w in zip(vis_edges(page), two["edges"]))


def test_workload_filters_by_document_and_jurisdiction(client):
    doc = "suzhou_2022_01-1-a1"
    g = client.get("/api/workload/graph", params={"document": doc, "min_shared": 1}).json()
    expected = rows(client, f"""SELECT ?d (COUNT(DISTINCT ?t) AS ?n) WHERE {{
        ?t pkg:involves ?d ; pkg:inDocument {instances.term('doc', doc)} }} GROUP BY ?d""")
    assert {n["id"]: n["load"] for n in g["nodes"]} == {"dept:" + instances.local_id(r["d"]): int(r["n"]) for r in expected}
    empty = client.get("/api/workload/graph", params={"jurisdiction": "nowhere"}).json()
    assert empty["nodes"] == [] and empty["empty_reason"] == "筛选条件（jurisdiction=nowhere）下没有任何任务"
    assert 'id="viz-empty"' in client.get("/viz/workload", params={"jurisdiction": "nowhere"}).text


def test_coparticipation_is_capped_and_says_so(client):
    g = client.get("/api/coparticipation/graph", params={"top": 5000}).json()
    assert g["drawn"] == len(g["edges"]) == 400 < g["asked"] == g["pairs"]
    assert f"共 {g['asked']} 对中只画前 400 对" in g["title"] and g["legend"]
    empty = client.get("/api/coparticipation/graph", params={"min_shared": 1000}).json()
    assert empty["nodes"] == [] and empty["empty_reason"] == "没有部门对共同承担 1000 项以上任务"
    page = client.get("/viz/coparticipation", params={"min_shared": 1000}).text
    assert "没有部门对共同承担 1000 项以上任务" in page and 'id="viz-legend"' not in page


def test_task_view_holds_departments_targets_mentions_and_hierarchy(client):
    g = client.get(f"/api/tasks/{quote(TASK)}/graph").json()
    kids = rows(client, f'SELECT ?k WHERE {{ ?c pkg:parentTask ?t ; pkg:key ?k . ?t pkg:key "{TASK}" }}')
    kinds = {n["id"]: n["kind"] for n in g["nodes"]}
    children = {e["target"] for e in g["edges"] if e["role"] == "parent"}
    assert children == {f"task:{r['k']}" for r in kids} and len(children) == 3
    depts = rows(client, f'SELECT DISTINCT ?d WHERE {{ ?t pkg:key "{TASK}" ; pkg:involves ?d }}')
    assert {i for i, k in kinds.items() if k == "department"} == {"dept:" + instances.local_id(r["d"]) for r in depts}
    assert [n for n in g["nodes"] if n.get("focus")][0]["id"] == f"task:{TASK}"
    assert any(k == "platform" for k in kinds.values())
    assert client.get("/api/tasks/no-such-task/graph").status_code == 404


def test_district_and_platform_views(client):
    g = client.get(f"/api/districts/{quote('昆山市')}/graph").json()
    tasks = rows(client, "SELECT ?t WHERE { ?t pkg:mentionsDistrict ?m . ?m rdfs:label \"昆山市\"@zh }") or rows(
        client, "SELECT ?t WHERE { ?t pkg:mentionsDistrict ?m . ?m rdfs:label ?l FILTER(STR(?l) = \"昆山市\") }")
    assert sum(1 for n in g["nodes"] if n["kind"] == "task") == len(tasks) == 9
    assert g["title"] == "板块 昆山市：9 项任务提及"
    same = client.get("/api/districts/district.kunshan/graph").json()
    assert same["nodes"] == g["nodes"]
    p = client.get(f"/api/platforms/{quote('姑苏实验室')}/graph").json()
    assert sum(1 for n in p["nodes"] if n["kind"] == "task") == 6
    r = client.get("/viz/platform/nowhere")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not-found"


def test_sparql_view_draws_construct_and_select_and_refuses_the_rest(client):
    g = client.get("/api/sparql/graph", params={"query": CONSTRUCT}).json()
    assert len(g["edges"]) == 25 and {e["label"] for e in g["edges"]} == {"lead"}
    assert all(n["href"].startswith("/id/") for n in g["nodes"])
    s = client.get("/api/sparql/graph", params={"query": SELECT}).json()
    assert len(s["edges"]) == 30 and any(n["kind"] == "literal" for n in s["nodes"])
    bad = client.get("/viz/sparql", params={"query": "SELECT ?a ?b WHERE { ?a ?x ?b } LIMIT 1"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "not-a-graph"
    assert "?a, ?b" in bad.json()["error"]["message"]
    svc = client.get("/viz/sparql", params={"query": "SELECT ?source ?target WHERE { SERVICE <http://x/> { ?source ?p ?target } }"})
    assert svc.status_code == 400 and svc.json()["error"]["code"] == "service-disabled"
    upd = client.get("/viz/sparql", params={"query": "INSERT DATA { <a:b> <a:c> <a:d> }"})
    assert upd.status_code == 400 and upd.json()["error"]["code"] == "read-only"
    none = client.get("/viz/sparql")
    assert none.status_code == 400 and none.json()["error"]["code"] == "missing-query"
    empty = client.get("/api/sparql/graph", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(false) }"})
    assert empty.json()["empty_reason"] == "查询没有返回任何三元组或行"


def test_embed_fills_its_frame_and_carries_a_caption(client):
    page = client.get(f"/viz/department/{quote(DEPT)}", params={"embed": 1}).text
    assert "#mynetwork { width: 100% !important; height: 100% !important;" in page
    assert 'class="viz-bar"' not in page and 'class="viz-title"' not in page
    cap = re.search(r'id="viz-caption">(.*?)</div>', page).group(1)
    assert cap.startswith("苏州市科学技术局：41 项任务，31 个协同部门 · 32 个部门，41 项任务，255 条边 · 数据来源：")
    assert re.search(r"构建：\d{4}-\d\d-\d\d \d\d:\d\d UTC$", cap)
    full = client.get(f"/viz/department/{quote(DEPT)}").text
    snippet = re.search(r"<textarea[^>]*>(.*?)</textarea>", full).group(1)
    assert snippet.startswith("&lt;iframe src=&quot;http://testserver/viz/department/") and "embed=1" in snippet


@pytest.mark.parametrize("view", [v for v, _ in VIEWS[:6]])
def test_embed_views_may_be_framed_but_their_twins_may_not(client, view):
    sep = "&" if "?" in view else "?"
    r = client.get(view + sep + "embed=1")
    assert r.status_code == 200 and "x-frame-options" not in r.headers
    assert r.headers["content-security-policy"].endswith("frame-ancestors *")
    assert client.get(view).headers["x-frame-options"] == "DENY"


def test_svg_export_holds_the_same_labels_and_the_caption(client):
    for view, twin in VIEWS[:6]:
        sep = "&" if "?" in view else "?"
        r = client.get(view + sep + "format=svg")
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        root = ET.fromstring(r.content)
        ns = "{http://www.w3.org/2000/svg}"
        labels = [t.text for t in root.iter(ns + "text") if t.get("class") == "label"]
        g = client.get(twin).json()
        assert sorted(labels) == sorted(n["label"] for n in g["nodes"])
        texts = [t.text for t in root.iter(ns + "text")]
        assert texts[0] == g["title"] and "数据来源：" in texts[1]
        assert "图例" in texts


def test_png_export_is_a_png_drawn_with_a_cjk_font(client):
    r = client.get(f"/viz/department/{quote(DEPT)}", params={"format": "png"})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
    from api.svg import png_size
    w, h = png_size(r.content)
    svg = ET.fromstring(client.get(f"/viz/department/{quote(DEPT)}", params={"format": "svg"}).content)
    sw, sh = float(svg.get("width")), float(svg.get("height"))
    zoom = min(1.0, 2000 / max(sw, sh))
    assert (w, h) == (round(sw * zoom), round(sh * zoom)) and max(w, h) <= 2000 and min(w, h) > 1000


def test_png_without_a_cjk_font_fails_clearly(api_settings, tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app

    settings = api_settings.model_copy(update={"cjk_font": str(tmp_path / "missing.ttc")})
    with TestClient(create_app(settings)) as c:
        r = c.get("/viz/workload", params={"format": "png"})
    assert r.status_code == 503
    err = r.json()["error"]
    assert err["code"] == "no-cjk-font" and "missing.ttc" in err["message"]


def test_no_font_anywhere_names_the_package(monkeypatch, tmp_path):
    from api import svg

    monkeypatch.setattr(svg, "KNOWN_FONTS", {})
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list either
    with pytest.raises(svg.NoCjkFont, match="fonts-wqy-microhei"):
        svg.find_cjk_font()


def test_an_unknown_format_is_a_422_naming_it(client):
    r = client.get(f"/viz/department/{quote(DEPT)}", params={"format": "pdf"})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid-parameter" and "'pdf'" in err["message"] and "format" in err["message"]


def test_text_from_documents_is_escaped_in_every_export():
    from api.svg import to_svg
    from api.views import render_network
    from api.viz_graphs import arrange

    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    graph = {"title": evil, "nodes": [
        {"id": "dept:x", "kind": "department", "label": evil, "title": evil + " href", "focus": True},
        {"id": "task:y", "kind": "task", "label": evil, "title": evil, "role": "lead"}],
        "edges": [{"source": "task:y", "target": "dept:x", "role": "lead", "title": evil}], "empty_reason": evil}
    arrange(graph, [["dept:x"], ["task:y"]])
    page = render_network(graph, evil, caption=evil, page_url="http://h/viz/x?a=<b>")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "onerror=alert(2)>" not in page.replace("&lt;img src=x onerror=alert(2)&gt;", "")
    svg = to_svg(graph, [evil, evil])
    root = ET.fromstring(svg)
    assert evil in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<script" not in svg


def test_cli_exports_every_format(built_store, tmp_path):
    outputs = {}
    for view, ident in [("department", DEPT), ("workload", None), ("task", TASK), ("district", "昆山市"),
                        ("platform", "姑苏实验室"), ("coparticipation", None), ("sparql", CONSTRUCT)]:
        for fmt in (("html", "svg", "png") if view == "department" else ("svg",)):
            out = tmp_path / f"{view}.{fmt}"
            args = [sys.executable, "-m", "api.cli", "viz", view, *([ident] if ident else []), "-o", str(out),
                    "--data", str(built_store)]
            r = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
            outputs[(view, fmt)] = out.read_bytes()
    assert outputs[("department", "png")][:4] == b"\x89PNG"
    assert b"vis.DataSet" in outputs[("department", "html")] and b"viz-caption" in outputs[("department", "html")]
    root = ET.fromstring(outputs[("department", "svg")])
    assert root.find("{http://www.w3.org/2000/svg}text").text == "苏州市科学技术局：41 项任务，31 个协同部门"
    bad = subprocess.run([sys.executable, "-m", "api.cli", "viz", "department", DEPT, "-o", str(tmp_path / "x.pdf"),
                          "--data", str(built_store)], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "x.pdf" in bad.stderr and ".png" in bad.stderr
    missing = subprocess.run([sys.executable, "-m", "api.cli", "viz", "task", "nope", "-o", str(tmp_path / "x.svg"),
                              "--data", str(built_store)], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 1 and "no task 'nope'" in missing.stderr


def test_five_busiest_departments_have_no_overlapping_labels(client):
    busiest = client.get("/api/workload", params={"limit": 5}).json()
    items = busiest.get("items") or busiest.get("departments") or busiest
    assert len(items) == 5
    for item in items:
        ident = item.get("id") or item["department"]["id"]
        g = client.get(f"/api/departments/{quote(ident, safe='')}/graph").json()
        assert overlapping(g) == [], ident
        assert len(g["nodes"]) > 20


def test_a_large_query_result_is_cut_and_says_so(client):
    r = client.get("/api/sparql/graph", params={"query": "SELECT ?source ?target WHERE { ?source ?p ?target } LIMIT 3100"})
    g = r.json()
    assert r.status_code == 200 and len(g["edges"]) == 3000 and g["edges_in_result"] == 3100
    assert g["title"].endswith("（共 3100 条，只画前 3000 条）")


def test_department_page_offers_its_documents_and_jurisdictions_as_filters(client):
    g = client.get(f"/api/departments/{quote(DEPT)}/graph", params={"role": "lead"}).json()
    docs = sorted({n["document"] for n in client.get(f"/api/departments/{quote(DEPT)}/graph").json()["nodes"]
                   if n["kind"] == "task"})
    assert sorted(g["choices"]["document"]) == docs and g["choices"]["jurisdiction"] == ["suzhou"]
    page = client.get(f"/viz/department/{quote(DEPT)}", params={"document": docs[0]}).text
    assert f'<option value="{docs[0]}" selected>{docs[0]}</option>' in page
    assert all(f'<option value="{d}"' in page for d in docs) and '<option value="suzhou">' in page


def test_pages_share_one_compiled_template_and_draw_what_pyvis_alone_draws(client, monkeypatch):
    """pyvis makes a Jinja environment per Network (its page template compiled for every page):
    api.views shares one; the page is the same as with the Network's own environment."""
    from pyvis.network import Network

    from api import views

    graph = client.get("/api/workload/graph").json()
    shared = views.render_network(json.loads(json.dumps(graph)))
    first, second = views.build_network(json.loads(json.dumps(graph))), views.build_network(graph)
    assert first.templateEnv is second.templateEnv
    monkeypatch.setattr(views, "_templates", lambda folder: Network().templateEnv)
    own = views.render_network(json.loads(json.dumps(graph)))
    assert views.build_network(json.loads(json.dumps(graph))).templateEnv is not first.templateEnv
    assert own == shared and len(graph["nodes"]) == 97 and "vis.Network" in own
