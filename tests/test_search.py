"""``/api/search`` and ``/search``: jieba terms, BM25, department aliases, paging, CSV, and an index
built once per store generation (a rebuild is searched without a restart)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest

from test_api import ANNEX1, DEPT, KJJ_ID, KJJ_LABEL, assert_error, expected_tasks

HTML = {"accept": "text/html"}


def search(client, q: str, **params) -> dict:
    r = client.get("/api/search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()


def all_keys(client, url: str) -> list[str]:
    sep = "&" if "?" in url else "?"
    return [t["key"] for t in client.get(f"{url}{sep}limit=1000").json()["items"]]


@pytest.mark.parametrize("q", [DEPT, "市科学技术局", KJJ_LABEL, "科技局", KJJ_ID])
def test_a_department_name_alias_or_full_name_finds_its_tasks_lead_first(client, sample_text, q):
    body = search(client, q, limit=1000)
    assert body["departments"] == [{"id": KJJ_ID, "label": KJJ_LABEL}]
    assert body["terms"] == []
    expected = all_keys(client, f"/api/tasks?department={quote(DEPT)}")
    assert body["total"] == len(expected) == expected_tasks(sample_text, DEPT)
    assert sorted(h["key"] for h in body["items"]) == sorted(expected)
    leads = expected_tasks(sample_text, DEPT, lead_only=True)
    roles = [h["department_role"] for h in body["items"]]
    assert roles == ["lead"] * leads + ["participant"] * (len(expected) - leads)
    assert [h["key"] for h in body["items"][:leads]] == all_keys(client, f"/api/tasks?department={quote(DEPT)}&role=lead")


def test_words_find_every_task_that_contains_them(client):
    body = search(client, "研发投入", limit=1000)
    assert body["terms"] == ["研发", "投入"] and body["departments"] == []
    found = [h["key"] for h in body["items"]]
    containing = all_keys(client, f"/api/tasks?q={quote('研发投入')}")
    assert len(containing) >= 3 and set(containing) <= set(found)
    # the tasks that contain the whole phrase rank above those that contain one of its words
    assert set(found[:len(containing)]) == set(containing)
    scores = [h["score"] for h in body["items"]]
    n = len(containing)
    for group in (scores[:n], scores[n:]):  # BM25 orders within the phrase matches and within the rest
        assert group == sorted(group, reverse=True)
    assert scores[-1] > 0
    assert "研发投入" in body["items"][0]["snippet"]


def test_a_department_and_words_narrow_to_its_tasks_about_them(client):
    body = search(client, f"{DEPT} 研发投入", limit=1000)
    assert body["departments"] == [{"id": KJJ_ID, "label": KJJ_LABEL}] and body["terms"] == ["研发", "投入"]
    mine = set(all_keys(client, f"/api/tasks?department={quote(DEPT)}"))
    assert {h["key"] for h in body["items"]} <= mine
    assert body["items"][0]["key"] == f"{ANNEX1}:1.1"  # 市科技局 leads it; it sets 全社会研发投入 at 4%
    assert all("研发" in h["snippet"] or "投入" in h["snippet"] for h in body["items"])


def test_a_department_name_written_into_the_words_is_found_too(client):
    glued, spaced = search(client, f"{DEPT}研发投入", limit=1000), search(client, f"{DEPT} 研发投入", limit=1000)
    assert glued["departments"] == spaced["departments"] == [{"id": KJJ_ID, "label": KJJ_LABEL}]
    assert glued["terms"] == ["研发", "投入"]
    assert [h["key"] for h in glued["items"]] == [h["key"] for h in spaced["items"]]


def test_a_place_name_is_one_term_and_ranks_its_tasks(client):
    body = search(client, "姑苏实验室", limit=1000)
    assert "姑苏实验室" in body["terms"]
    containing = all_keys(client, f"/api/tasks?q={quote('姑苏实验室')}")
    assert set(h["key"] for h in body["items"][:len(containing)]) == set(containing)


@pytest.mark.parametrize("q", ["恐龙化石", "zzzz", "。，、"])
def test_nothing_found_is_an_empty_list(client, q):
    body = search(client, q)
    assert (body["total"], body["items"]) == (0, [])


def test_paging_and_csv(client):
    whole = search(client, "创新", limit=100)["items"]
    assert len(whole) > 20
    page2 = search(client, "创新", limit=10, offset=10)
    assert [h["key"] for h in page2["items"]] == [h["key"] for h in whole[10:20]]
    r = client.get("/api/search", params={"q": "创新", "limit": 10, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv") and r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row["key"] for row in rows] == [h["key"] for h in whole[:10]]
    assert set(rows[0]) == {"key", "number", "title", "document", "score", "department_role", "snippet"}


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 201}, {"q": "a", "limit": 0},
                                    {"q": "a", "limit": 100000}, {"q": "a", "page": 2},
                                    {"q": "a", "offset": -1}])
def test_bad_search_parameters_are_422(client, params):
    assert_error(client.get("/api/search", params=params), 422, "invalid-parameter")


def test_search_page(client):
    r = client.get("/search", params={"q": "姑苏实验室"}, headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    first = search(client, "姑苏实验室")["items"][0]
    assert f'<a href="/tasks/{quote(first["key"], safe="")}">' in r.text
    assert "<mark>姑苏实验室</mark>" in r.text
    assert 'href="/api/search?q=%E5%A7%91%E8%8B%8F%E5%AE%9E%E9%AA%8C%E5%AE%A4&amp;format=csv"' in r.text
    dept = client.get("/search", params={"q": "科技局"}, headers=HTML).text
    assert f'department: <a href="/departments/{KJJ_ID}">{KJJ_LABEL}</a>' in dept
    empty = client.get("/search", headers=HTML)
    assert empty.status_code == 200 and 'name="q"' in empty.text and "<ol" not in empty.text


def _doc(title: str, task: str) -> str:
    return f"# 苏州市{title}实施方案\n\n## 一、重点任务\n\n**1. {task}**，加快推进。（市科技局牵头，市工信局等参与）\n"


def test_the_index_is_built_once_per_store_generation(tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from graph import build_corpus

    (tmp_path / "a.md").write_text(_doc("量子计算", "建设量子计算平台"), encoding="utf-8")
    (tmp_path / "b.md").write_text(_doc("区块链", "建设区块链平台"), encoding="utf-8")
    data = tmp_path / "data"
    build_corpus([tmp_path / "a.md"], data)
    settings = Settings(data=data, build_if_empty=False, allowed_hosts=["testserver"])
    with TestClient(create_app(settings)) as c:
        assert search(c, "量子计算")["total"] == 1
        index = [v for k, v in c.app.state.caches.items() if k[0] == "search"]
        assert search(c, "平台")["total"] == 1
        assert [v for k, v in c.app.state.caches.items() if k[0] == "search"] == index  # the same index
        build_corpus([tmp_path / "b.md"], data)
        assert search(c, "区块链")["total"] == 1
        assert search(c, "量子计算")["total"] == 0
        rebuilt = [v for k, v in c.app.state.caches.items() if k[0] == "search"]
        assert len(rebuilt) == 1 and rebuilt[0] is not index[0]


def test_rest_answers_kept_per_generation_follow_a_rebuild(tmp_path):
    """/api/tasks answers come from SELECT answers kept per store handle: the same until a rebuild,
    then the new build's (and changing a returned row changes nothing kept)."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.routers.lookup import rows
    from api.settings import Settings
    from graph import build_corpus
    from graph import queries as Q

    (tmp_path / "a.md").write_text(_doc("量子计算", "建设量子计算平台"), encoding="utf-8")
    (tmp_path / "b.md").write_text(_doc("区块链", "建设区块链平台"), encoding="utf-8")
    data = tmp_path / "data"
    build_corpus([tmp_path / "a.md"], data)
    settings = Settings(data=data, build_if_empty=False, allowed_hosts=["testserver"])
    with TestClient(create_app(settings)) as c:
        titles = lambda: [t["title"] for t in c.get(f"/api/tasks?department={quote(DEPT)}").json()["items"]]  # noqa: E731
        assert titles() == titles() == ["建设量子计算平台"]
        store = c.app.state.store
        first = rows(store, Q.task_list())
        first[0]["title"] = "changed"
        assert rows(store, Q.task_list())[0]["title"] == "建设量子计算平台"
        build_corpus([tmp_path / "b.md"], data)
        assert titles() == ["建设区块链平台"]
