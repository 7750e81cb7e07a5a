"""Every view on a store that crosses each size threshold of the views, with scipy unimportable.

The store: three copies of the sample in 苏州 (so 苏州市发展和改革委员会 has 210 tasks, over
:data:`api.viz_aggregate.DEPT_TASK_CAP`) and five in other cities (587 departments with tasks,
over :data:`api.viz_graphs.WORKLOAD_NODE_CAP`; 713 pairs per city, over the co-participation
view's 400 drawn edges)."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.viz_aggregate import DEPT_TASK_CAP, PARTNER_CAP, grouped_department_view, task_groups
from api.viz_graphs import COPART_EDGE_CAP, WORKLOAD_NODE_CAP
from graph import build_corpus

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
CITIES = ("无锡", "常州", "南通", "扬州", "镇江")


@pytest.fixture(scope="module")
def big_data(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    text = SAMPLE.read_text(encoding="utf-8")
    for name in ("a", "b", "c"):
        (corpus / f"suzhou_{name}.md").write_text(text, encoding="utf-8")
    for i, city in enumerate(CITIES):
        (corpus / f"city_{i}.md").write_text(text.replace("苏州", city), encoding="utf-8")
    data = tmp_path_factory.mktemp("data")
    build_corpus([corpus], data, jobs=2)
    return data


@pytest.fixture(scope="module")
def big(big_data):
    settings = Settings(data=big_data, build_if_empty=False, allowed_hosts=["testserver"])
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def big_uncached(big_data):
    """The same store served with no answer kept (each request computes its view)."""
    settings = Settings(data=big_data, build_if_empty=False, allowed_hosts=["testserver"], response_cache_mb=0)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def no_scipy(monkeypatch):
    """scipy cannot be imported (it is not a dependency): a view needing it would fail."""
    monkeypatch.setitem(sys.modules, "scipy", None)
    with pytest.raises(ImportError):
        import scipy  # noqa: F401


def test_a_department_with_more_tasks_than_the_cap_is_drawn_by_document(big, no_scipy):
    g = big.get("/api/departments/suzhou.fgw/graph").json()
    grouped = g["grouped"]
    assert grouped["tasks"] == 210 > DEPT_TASK_CAP and grouped["by"] == "document"
    groups = [n for n in g["nodes"] if n["kind"] == "taskgroup"]
    assert len(groups) == grouped["groups"] and sum(n["count"] for n in groups) == 210
    assert {n["document"].split("-")[0] for n in groups} == {"suzhou_a", "suzhou_b", "suzhou_c"}
    assert not [n for n in g["nodes"] if n["kind"] == "task"]
    partners = [n for n in g["nodes"] if n["kind"] == "department" and not n.get("focus")]
    assert len(partners) == grouped["partners_drawn"] == min(grouped["partners"], PARTNER_CAP)
    assert "按文件汇总" in g["title"] and "210 项任务" in g["title"]
    # a group opens the view of its document, where its tasks are drawn one by one
    first = groups[0]
    url = urlsplit(first["href"])
    assert url.path == "/viz/department/suzhou.fgw" and parse_qs(url.query) == {"document": [first["document"]]}
    one = big.get("/api/departments/suzhou.fgw/graph", params={"document": first["document"]}).json()
    assert "grouped" not in one and len([n for n in one["nodes"] if n["kind"] == "task"]) == first["count"]
    page = big.get("/viz/department/suzhou.fgw")
    assert page.status_code == 200 and g["title"] in page.text
    assert big.get("/viz/department/suzhou.fgw", params={"format": "svg"}).status_code == 200


def test_the_workload_view_draws_the_busiest_departments_only(big, no_scipy):
    g = big.get("/api/workload/graph", params={"min_shared": 1}).json()
    # 苏州's 97 departments with tasks once (three copies) and 98 in each of the five other cities
    assert g["departments"] == 97 + 5 * 98 > WORKLOAD_NODE_CAP == g["drawn"] == len(g["nodes"])
    loads = sorted((n["load"] for n in g["nodes"]), reverse=True)
    assert loads[0] == 210 and "只画任务最多的 300 个" in g["title"]
    assert big.get("/viz/workload").status_code == 200


def test_the_coparticipation_view_draws_at_most_its_cap(big, no_scipy):
    g = big.get("/api/coparticipation/graph", params={"top": 5000}).json()
    assert g["pairs"] > COPART_EDGE_CAP == g["drawn"] == len(g["edges"])
    assert big.get("/viz/coparticipation", params={"top": 5000}).status_code == 200


@pytest.mark.parametrize("url", ["/viz/task/suzhou_a-1-a1:1.10", "/viz/district/昆山市", "/viz/platform/姑苏实验室",
                                 "/viz/department/市科技局?jurisdiction=wuxi"])
def test_the_other_views_answer(big, no_scipy, url):
    r = big.get(url)
    assert r.status_code == 200, r.text[:300]


def test_a_view_of_one_document_with_many_tasks_is_drawn_by_chapter():
    """The grouping itself (a pure function): one document's tasks by chapter, linking to its task list."""
    focus = {"id": "dept:x", "label": "X"}
    tasks = []
    for i in range(DEPT_TASK_CAP + 1):
        facts = {"doc": "d-1", "doc_title": "文件", "chapter": f"第{i % 3}章", "number": str(i), "title": f"任务{i}"}
        summary = {"departments": {"lead": [{"id": "x"}], "participant": [{"id": f"p{i % 2}"}], "responsible": []}}
        tasks.append((facts, summary, "lead"))
    groups = task_groups("x", tasks, "chapter")
    nodes, edges, grouped = grouped_department_view("x", focus, {}, groups, {"document": "d-1"}, "/viz/department/x")
    groups = [n for n in nodes if n["kind"] == "taskgroup"]
    assert grouped["by"] == "chapter" and [n["count"] for n in groups] == [51, 50, 50]
    assert [n["chapter"] for n in groups] == ["第0章", "第1章", "第2章"]
    assert groups[0]["href"] == "/tasks?department=x&document=d-1"
    assert {e["target"] for e in edges if e["role"] == "coparticipation"} == {"dept:p0", "dept:p1"}


def test_the_view_grouped_from_the_stored_summaries_is_the_one_grouped_from_the_tasks(big_uncached, monkeypatch):
    """Every department with more tasks than a lowered cap (and one in two jurisdictions, filtered):
    the view drawn from the build's pkg:DepartmentInDocument summaries is the view drawn from its tasks."""
    from api import viz_graphs

    monkeypatch.setattr(viz_graphs, "DEPT_TASK_CAP", 20)
    load = big_uncached.get("/api/workload", params={"limit": 1000}).json()
    busy = [d for d in load["items"] if d["tasks"] > 20]
    assert len(busy) >= 8
    urls = [f"/api/departments/{d['id']}/graph" for d in busy] + [
        "/api/departments/市科技局/graph?jurisdiction=wuxi", "/api/departments/suzhou.fgw/graph?jurisdiction=suzhou"]
    drawn = []
    real = viz_graphs._summarised
    monkeypatch.setattr(viz_graphs, "_summarised", lambda *args: drawn.append(real(*args)) or drawn[-1])
    summarised = {u: big_uncached.get(u).json() for u in urls}
    assert len(drawn) == len(urls) and None not in drawn  # each drawn from the summaries (None: fallen back)
    monkeypatch.setattr(viz_graphs, "_summarised", lambda *args: None)  # the view read from the tasks
    for url in urls:
        from_tasks = big_uncached.get(url).json()
        assert "grouped" in from_tasks, url
        assert summarised[url] == from_tasks, url
    assert summarised["/api/departments/suzhou.fgw/graph?jurisdiction=suzhou"]["grouped"]["tasks"] == 210


@pytest.mark.parametrize("min_shared", [1, 2, 3, 7])
def test_the_first_workload_view_reads_only_the_drawn_departments_pairs_and_draws_what_every_pair_gives(
        big_data, min_shared):
    """The first /viz/workload of a store (nothing read yet) reads the pairs among the 300
    busiest departments only (graph.queries.stored_pairs_among), and draws the same nodes and
    edges as the view made from every pair (the networkx analytics: what it drew before)."""
    from api.viz_graphs import workload_view
    from graph.analytics import Analytics, StoredAnalytics
    from graph.store import open_store

    store = open_store(big_data)
    fresh = StoredAnalytics.from_store(store)
    got = workload_view(store, fresh, min_shared)
    assert "_pairs" not in fresh.__dict__  # every pair left unread
    every = workload_view(store, Analytics.from_store(store), min_shared)
    assert got["nodes"] == every["nodes"] and got["edges"] == every["edges"] and got == every
    assert got["drawn"] == WORKLOAD_NODE_CAP < got["departments"] and len(got["edges"]) > 100
    # the pairs kept answer a second request alike, and agree with the list once it has been read
    assert workload_view(store, fresh, min_shared) == every
    fresh.coparticipation()
    assert workload_view(store, fresh, min_shared) == every
