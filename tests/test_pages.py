"""HTML pages for every thing, their JSON twins, /api/districts and /api/platforms, HTML 404s for
browsers, and escaping of hostile document text (a store built from a file full of markup).

Expected values come from the JSON twins cross-checked with SPARQL, or from the sample text.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote

import pytest

from graph import instances
from graph import queries as Q

from test_api import ANNEX1, ANNEX2, DEPT, KJJ_ID, TASK_10, assert_error, sparql_count

HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TOP_DOC = "suzhou_2022_01-1"


def page(client, url: str) -> str:
    r = client.get(url, headers=HTML)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert 'action="/search"' in r.text  # the search box is on every page
    return r.text


def task_links(html: str) -> list[str]:
    return re.findall(r'<td><a href="/tasks/([^"]+)">', html)


def sparql_rows(client, query: str) -> list[dict]:
    r = client.get("/sparql", params={"query": Q.PREFIXES + query})
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


# ---------------------------------------------------------------- departments

def test_department_page_lists_its_tasks_by_role_as_its_json_twin(client):
    twin = client.get(f"/api/departments/{quote(DEPT)}").json()
    html = page(client, f"/departments/{quote(DEPT)}")
    assert f"<h1>{twin['label']}</h1>" in html
    for role, heading in (("lead", "Leads"), ("participant", "Participates in")):
        assert f"{heading} ({len(twin['tasks'][role])})" in html
    expected = [quote(t["key"], safe="") for role in ("lead", "responsible", "participant")
                for t in twin["tasks"][role]]
    assert task_links(html) == expected
    assert len(set(expected)) == twin["workload"]["tasks"] > 30
    assert f'href="/viz/department/{KJJ_ID}"' in html and f'href="/api/departments/{KJJ_ID}"' in html
    assert f'href="/documents/{ANNEX1}"' in html


def test_departments_page_and_its_filters(client):
    twin = client.get("/api/departments").json()
    html = page(client, "/departments")
    assert f"{twin['total']} departments" in html
    assert html.count('<td><a href="/departments/') == twin["total"]
    unresolved = client.get("/api/departments?unresolved=true").json()["total"]
    assert f"{unresolved} departments (unresolved only)" in page(client, "/departments?unresolved=true")
    assert 'href="/api/departments?format=csv"' in html


# ---------------------------------------------------------------- tasks

def test_tasks_page_has_the_filters_of_the_api(client):
    twin = client.get(f"/api/tasks?department={quote(DEPT)}&role=lead").json()
    html = page(client, f"/tasks?department={quote(DEPT)}&role=lead")
    assert f"{twin['total']} tasks" in html
    assert task_links(html) == [quote(t["key"], safe="") for t in twin["items"]]
    assert f'href="/api/tasks?department={quote(DEPT)}&amp;role=lead&amp;format=csv"' in html
    # the form sends empty fields: they mean "no filter"
    same = page(client, f"/tasks?department={quote(DEPT)}&role=lead&document=&year=&q=")
    assert task_links(same) == task_links(html)


def test_tasks_page_pages(client):
    total = client.get("/api/tasks").json()["total"]
    html = page(client, "/tasks?limit=20&offset=20")
    assert task_links(html) == [quote(t["key"], safe="")
                                for t in client.get("/api/tasks?limit=20&offset=20").json()["items"]]
    assert f"21–40 of {total}" in html
    assert 'href="/tasks?offset=40&amp;limit=20"' in html and 'href="/tasks?offset=0&amp;limit=20"' in html


@pytest.mark.parametrize("query", ["year=abc", "year=1800", "role=boss", "nope=1", "q=a&q=b"])
def test_tasks_page_bad_parameters_are_422(client, query):
    assert_error(client.get(f"/tasks?{query}"), 422, "invalid-parameter")


def test_task_page_highlights_the_assignment_sentence_in_its_paragraph(client, sample_text):
    twin = client.get(f"/api/tasks/{TASK_10}").json()
    start, end = twin["evidence"]["sentence"]
    sentence = twin["evidence"]["text"][start:end]
    assert sentence == "（市工信局牵头，市发改委、市委网信办、市科技局、市商务局、苏州通管办等参与）"
    assert twin["evidence"]["assignment"] == sentence[1:-1]
    # the paragraph is the task in the source file, the sentence its assignment
    span = twin["evidence"]["span"]
    assert "苏州通管办等参与" in sample_text[span[0]:span[1]]
    html = page(client, f"/tasks/{quote(TASK_10)}")
    assert f"<mark>{sentence}</mark></blockquote>" in html
    assert '<blockquote class="evidence" id="evidence">加快推进数字产业化' in html
    assert f'href="/documents/{ANNEX1}"' in html
    for role in ("lead", "participant"):
        for p in twin["departments"][role]:
            assert f'href="/departments/{quote(p["id"], safe="")}"' in html
    assert f'href="/api/tasks/{quote(TASK_10, safe="")}"' in html
    assert f'href="/viz/task/{quote(TASK_10, safe="")}"' in html


def test_every_task_with_an_assignment_in_its_text_has_its_sentence(client, sample_text):
    rows = sparql_rows(client, "SELECT ?key ?text ?a WHERE { ?t a pkg:Task ; pkg:key ?key ; pkg:text ?text ; "
                               "pkg:assignmentText ?a }")
    assert len(rows) == 110  # the sample's 108 assignment parentheticals (see FACTS.md) and two prose duties
    flat = re.sub(r"\s+", "", sample_text)
    assert all(re.sub(r"\s+", "", r["a"]) in flat for r in rows)  # as written in the source
    assert all(re.search("牵头|参与|负责|会同", r["a"]) for r in rows if not r["a"].endswith("要"))
    assert [r["a"] for r in rows if r["a"].endswith("要")] == ["各级宣传部门要"]  # the prose duty
    for r in rows:
        ev = client.get(f"/api/tasks/{quote(r['key'], safe='')}").json()["evidence"]
        start, end = ev["sentence"]
        assert r["a"] in ev["text"][start:end]


def test_task_page_of_an_inherited_assignment_links_its_parent(client):
    rows = sparql_rows(client, "SELECT ?key ?parent WHERE { ?t pkg:inheritedAssignment true ; pkg:key ?key ; "
                               "pkg:parentTask ?p . ?p pkg:key ?parent } ORDER BY ?key LIMIT 1")
    assert rows, "the sample has tasks that inherit their parent's departments"
    html = page(client, f"/tasks/{quote(rows[0]['key'], safe='')}")
    assert f'href="/tasks/{quote(rows[0]["parent"], safe="")}"' in html
    assert "departments inherited from it" in html


# ---------------------------------------------------------------- documents

def test_documents_page_and_document_page(client):
    twin = client.get("/api/documents").json()
    html = page(client, "/documents")
    assert html.count('<tr><td><a href="/documents/') == twin["total"] == 10
    doc = client.get(f"/api/documents/{ANNEX1}").json()
    html = page(client, f"/documents/{ANNEX1}")
    assert f"<h1>{doc['title']}</h1>" in html
    assert task_links(html) == [quote(t["key"], safe="") for t in doc["task_list"]]
    assert f"Tasks ({doc['tasks']})" in html
    assert f'href="/documents/{TOP_DOC}"' in html  # part of
    top = page(client, f"/documents/{TOP_DOC}")
    assert f'href="/documents/{ANNEX1}"' in top and f'href="/documents/{ANNEX2}"' in top  # its annexes


# ---------------------------------------------------------------- districts and platforms

@pytest.mark.parametrize("kind,cls,prop", [("districts", "pkg:District", "pkg:mentionsDistrict"),
                                           ("platforms", "pkg:Platform", "pkg:mentionsPlatform")])
def test_district_and_platform_lists_count_the_tasks_that_mention_them(client, kind, cls, prop):
    body = client.get(f"/api/{kind}").json()
    assert body["total"] == len(body["items"]) == sparql_count(
        client, f"SELECT (COUNT(?m) AS ?n) WHERE {{ ?m a {cls} }}")
    counts = {instances.local_id(r["m"]): int(r["n"]) for r in sparql_rows(
        client, f"SELECT ?m (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t {prop} ?m }} GROUP BY ?m")}
    assert {m["id"]: m["tasks"] for m in body["items"] if m["tasks"]} == counts
    assert [m["tasks"] for m in body["items"]] == sorted((m["tasks"] for m in body["items"]), reverse=True)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/{kind}?format=csv").content.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [m["id"] for m in body["items"]]
    html = page(client, f"/{kind}")
    assert html.count(f'<td><a href="/{kind}/') == body["total"]


def test_district_page_and_twin(client, sample_text):
    body = client.get("/api/districts/district.kunshan").json()
    assert (body["label"], body["kind"]) == ("昆山市", "district")
    keys = [r["key"] for r in sparql_rows(client, "SELECT ?key WHERE { ?t pkg:mentionsDistrict "
                                                 "<https://w3id.org/policykg/id/district/district.kunshan> ; "
                                                 "pkg:key ?key }")]
    assert sorted(t["key"] for t in body["tasks"]) == sorted(keys) and body["total"] == len(keys) > 0
    assert all("昆山" in client.get(f"/api/tasks/{quote(k, safe='')}").json()["evidence"]["text"] for k in keys)
    html = page(client, "/districts/district.kunshan")
    assert "<h1>昆山市</h1>" in html and sorted(task_links(html)) == sorted(quote(k, safe="") for k in keys)
    assert 'href="/viz/district/district.kunshan"' in html


def test_platform_page_and_twin(client):
    body = client.get("/api/platforms/platform.usts").json()
    assert (body["label"], body["type"]) == ("苏州科技大学", "university")
    assert body["total"] == len(body["tasks"]) >= 1
    html = page(client, "/platforms/platform.usts")
    assert "<h1>苏州科技大学</h1>" in html and 'href="/api/platforms/platform.usts"' in html
    assert len(task_links(html)) == body["total"]


@pytest.mark.parametrize("url", ["/api/districts/district.nowhere", "/api/platforms/nothing"])
def test_unknown_district_or_platform_is_a_json_404(client, url):
    assert_error(client.get(url), 404, "not-found")


# ---------------------------------------------------------------- 404s

def test_browsers_get_an_html_404_with_close_department_names(client):
    r = client.get(f"/departments/{quote('市科技')}", headers=HTML)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no department &#39;市科技&#39;" in r.text
    assert f'<a href="/departments/{KJJ_ID}">市科技局</a>' in r.text
    assert f'href="/search?q={quote("市科技")}"' in r.text


def test_browsers_get_close_task_keys(client):
    r = client.get(f"/tasks/{quote(ANNEX1)}:1.100", headers=HTML)
    assert r.status_code == 404
    assert f'href="/tasks/{quote(TASK_10, safe="")}"' in r.text


def test_an_unknown_path_gives_browsers_the_html_page(client):
    r = client.get("/no/such/page", headers=HTML)
    assert r.status_code == 404 and "<h1>Not found</h1>" in r.text
    assert 'href="/search?q=page"' in r.text


@pytest.mark.parametrize("headers", [{}, {"accept": "application/json"}, {"accept": "*/*"}])
@pytest.mark.parametrize("url", [f"/api/departments/{quote('市科技')}", "/api/tasks/nope", "/tasks/nope",
                                 "/no/such/page"])
def test_api_clients_keep_the_json_404(client, url, headers):
    assert_error(client.get(url, headers=headers), 404, "not-found")


# ---------------------------------------------------------------- hostile text

EVIL = """# 苏州市关于<script>alert("title")</script>的实施方案

## 一、重点任务

**1. 推进<script>alert(1)</script>平台建设**，加快实施<img src=x onerror=alert(2)>创新工程。（市科技局牵头，市工信局等参与）

**2. 完善&lt;b&gt;服务体系**，提升服务能力。（市工信局牵头，市科技局参与）
"""


@pytest.fixture(scope="module")
def evil_client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from graph import build_corpus

    root = tmp_path_factory.mktemp("evil")
    (root / "evil.md").write_text(EVIL, encoding="utf-8")
    build_corpus([root / "evil.md"], root / "data")
    settings = Settings(data=root / "data", build_if_empty=False, allowed_hosts=["testserver"])
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.parametrize("url", ["/tasks/evil-1:1.1", "/documents/evil-1", "/documents",
                                 "/departments/suzhou.kjj", f"/tasks?department={quote(DEPT)}",
                                 f"/search?q={quote('平台建设')}", f"/search?q={quote('<script>alert(1)')}",
                                 f"/departments/{quote('<script>alert(3)</script>')}"])
def test_markup_in_documents_and_urls_is_shown_as_text(evil_client, url):
    r = evil_client.get(url, headers=HTML)
    assert r.status_code in (200, 404), r.text[:300]
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert" in r.text


def test_task_page_keeps_the_text_of_escaped_entities(evil_client):
    html = page(evil_client, "/tasks/evil-1:1.2")
    assert "完善&amp;lt;b&amp;gt;服务体系" in html  # the literal "&lt;b&gt;" of the document, shown as written
    assert "<mark>（市工信局牵头，市科技局参与）</mark>" in html


def test_home_page_links_departments_to_their_pages(client):
    html = page(client, "/")
    assert f'<a href="/departments/{KJJ_ID}">{"苏州市科学技术局"}</a>' in html
    assert 'href="/departments"' in html and 'href="/search"' in html
