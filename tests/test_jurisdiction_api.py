"""One store, many jurisdictions: lookups, filters and counts over the API and the CLI.

The store is built (with SHACL) from the sample, the 20 real documents of
``tests/fixtures/real`` and two plans written here, one of 杭州 and one of 成都,
each naming 市科技局, 市经信局, 市发改委 — real files on disk, real store.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted(p for p in (ROOT / "tests/fixtures/real").glob("*.md") if p.stem.islower())
PLAN = ("{city}人民政府办公室关于印发科技创新行动方案的通知\n\n一、重点任务\n"
        "1. 建设创新平台。（市科技局牵头，市发改委、市经信局参与）\n"
        "2. 培育科技企业。（市科技局、市财政局负责）\n"
        "3. 统筹推进。（各成员单位负责）\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("plans")
    (folder / "hangzhou_plan.md").write_text(PLAN.format(city="杭州市"), encoding="utf-8")
    (folder / "chengdu_plan.md").write_text(PLAN.format(city="成都市"), encoding="utf-8")
    return [ROOT / "data/suzhou_2022_01.md", *REAL, folder / "hangzhou_plan.md", folder / "chengdu_plan.md"]


@pytest.fixture(scope="module")
def data(tmp_path_factory, corpus):
    from graph import build_corpus

    out = tmp_path_factory.mktemp("multi")
    summary = build_corpus(corpus, out)
    return out, summary


@pytest.fixture(scope="module")
def api(data):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    settings = Settings(data=data[0], build_if_empty=False, allowed_hosts=["testserver"])
    with TestClient(create_app(settings)) as c:
        yield c


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_a_short_name_lists_one_candidate_per_jurisdiction(api):
    items = api.get("/api/departments", params={"name": "市科技局"}).json()["items"]
    assert sorted((d["jurisdiction"]["name"], d["label"]) for d in items) == [
        ("包头市", "包头市科学技术局"), ("广安市", "广安市科学技术局"), ("成都市", "成都市科学技术局"),
        ("杭州市", "杭州市科学技术局"), ("苏州市", "苏州市科学技术局")]


def test_an_ambiguous_name_is_409_with_candidates(api):
    r = api.get(f"/api/departments/{quote('市经信局')}")
    assert r.status_code == 409
    err = r.json()["error"]
    assert err["code"] == "ambiguous-department"
    assert sorted((c["jurisdiction"]["id"], c["label"]) for c in err["detail"]["candidates"]) == [
        ("chengdu", "成都市经济和信息化局"), ("hangzhou", "杭州市经济和信息化局")]
    assert api.get("/api/tasks", params={"department": "市科技局"}).status_code == 409


@pytest.mark.parametrize("ident", ["市经信局", "杭州市经济和信息化局", "杭州市经信局", "hangzhou:杭州市经济和信息化局"])
def test_alias_full_name_or_id_with_a_jurisdiction_finds_the_one(api, ident):
    r = api.get(f"/api/departments/{quote(ident, safe='')}", params={"jurisdiction": "杭州市"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert (d["id"], d["jurisdiction"]) == ("hangzhou:杭州市经济和信息化局",
                                            {"id": "hangzhou", "name": "杭州市", "level": "city"})
    assert len(d["tasks"]["participant"]) == 1


def test_a_gazetteer_alias_never_written_resolves(api):
    # 市科学技术局 is a local alias of Suzhou's entry; the sample writes only 市科技局
    r = api.get(f"/api/departments/{quote('市科学技术局')}", params={"jurisdiction": "suzhou"})
    assert r.status_code == 200 and r.json()["id"] == "suzhou.kjj"
    tasks = api.get("/api/tasks", params={"department": "市科学技术局", "jurisdiction": "苏州市", "limit": 1})
    assert tasks.json()["total"] == 41


def test_an_unknown_name_is_404_with_the_closest_names(api):
    err = api.get(f"/api/departments/{quote('市科技厅局')}").json()["error"]
    assert err["status"] == 404 and "市科技局" in err["detail"]["closest"]
    assert api.get("/api/tasks", params={"department": "市科技厅局"}).status_code == 404
    assert api.get("/api/departments", params={"jurisdiction": "火星市"}).status_code == 404


def test_jurisdiction_filters_lists_workload_and_pairs(api):
    hz = api.get("/api/departments", params={"jurisdiction": "hangzhou"}).json()["items"]
    assert sorted(d["label"] for d in hz) == ["杭州市发展和改革委员会", "杭州市科学技术局",
                                              "杭州市经济和信息化局", "杭州市财政局"]
    assert api.get("/api/tasks", params={"jurisdiction": "杭州市"}).json()["total"] == 3
    work = api.get("/api/workload", params={"jurisdiction": "hangzhou"}).json()
    # workload lists every assignee, the group 各成员单位 included (README "What counts as a department")
    assert work["total"] == 5 and work["items"][0]["label"] == "杭州市科学技术局"
    assert "各成员单位" in {w["label"] for w in work["items"]}
    pairs = api.get("/api/coparticipation", params={"jurisdiction": "hangzhou"}).json()
    assert {frozenset((p["a"]["label"], p["b"]["label"])) for p in pairs["items"]} == {
        frozenset(x) for x in [("杭州市科学技术局", "杭州市发展和改革委员会"), ("杭州市科学技术局", "杭州市经济和信息化局"),
                               ("杭州市发展和改革委员会", "杭州市经济和信息化局"), ("杭州市科学技术局", "杭州市财政局")]}


def test_views_and_their_twins_take_a_jurisdiction(api):
    assert api.get(f"/viz/department/{quote('市经信局')}").status_code == 409
    page = api.get(f"/viz/department/{quote('市经信局')}", params={"jurisdiction": "成都市"})
    assert page.status_code == 200 and "成都市经济和信息化局" in page.text
    twin = api.get(f"/api/departments/{quote('市经信局')}/graph", params={"jurisdiction": "chengdu"}).json()
    assert twin["department"]["label"] == "成都市经济和信息化局"
    g = api.get("/api/coparticipation/graph", params={"jurisdiction": "成都市", "top": 50}).json()
    # a node's label is its shortest written name (市发改委); its title starts with the canonical one
    assert sorted(n["title"].split(" / ")[0] for n in g["nodes"]) == ["成都市发展和改革委员会", "成都市科学技术局",
                                                      "成都市经济和信息化局", "成都市财政局"]
    view = api.get("/api/coparticipation/graph", params={"jurisdiction": "成都市", "top": 50}).json()
    assert view["drawn"] == 4 and view["title"].startswith("部门协同：最强的 4 对部门")
    assert api.get("/viz/coparticipation", params={"jurisdiction": "成都市"}).status_code == 200
    assert api.get("/api/coparticipation/graph", params={"top": 50}).json()["drawn"] > 4


def test_documents_carry_their_metadata_and_filter_by_jurisdiction(api):
    docs = api.get("/api/documents", params={"jurisdiction": "广安市"}).json()["items"]
    assert {d["jurisdiction"] for d in docs} == {"city:广安市"} and len(docs) >= 8
    plan = next(d for d in docs if d["title"].startswith("广安市人民政府关于印发《广安市“一老一小”"))
    assert (plan["issuer"], plan["date"], plan["jurisdiction_name"], plan["jurisdiction_level"]) == (
        "广安市人民政府", "2022-12-30", "广安市", "city")
    anhui = api.get("/api/documents", params={"jurisdiction": "anhui"}).json()["items"]
    assert "皖开放办〔2022〕6号" in {d["number"] for d in anhui}


def test_the_department_count_agrees_in_all_five_places(api, data):
    summary = data[1]
    stats = api.get("/api/stats").json()
    home = api.get("/api").json()["stats"]
    listed = api.get("/api/departments").json()["total"]
    rows = [ln for ln in cli("departments", "--data", str(data[0])).stdout.splitlines() if ln.strip()]
    assert rows[-1] == f"({summary.departments} rows)"
    assert summary.departments == stats["departments"] == home["departments"] == listed
    assert stats["departments_with_tasks"] == summary.departments
    assert api.get("/api/departments", params={"groups": "true"}).json()["total"] == (
        summary.departments + stats["department_groups"])


def test_cli_names_and_jurisdictions(data):
    out = cli("departments", "--name", "市科技局", "--data", str(data[0])).stdout
    assert {"杭州市科学技术局", "成都市科学技术局", "苏州市科学技术局"} <= set(out.split())
    out = cli("departments", "--jurisdiction", "成都市", "--data", str(data[0])).stdout
    assert "成都市经济和信息化局" in out and "杭州市" not in out
    unresolved = cli("departments", "--unresolved", "--data", str(data[0])).stdout
    assert "市经信局" not in unresolved
    bad = cli("departments", "--jurisdiction", "火星市", "--data", str(data[0]))
    assert bad.returncode == 1 and "火星市" in bad.stderr
