"""The default views kept per store generation, and the warm-up that computes them at startup.

Real parts: the bundled sample built into a real store (``built_store``), the real app under a
TestClient; the warm-up thread is joined before anything is asserted.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import worker_environment
from api.deps import kept_for
from api.kept_views import COPARTICIPATION_DEFAULT, WORKLOAD_DEFAULT, warm
from api.settings import Settings
from api.viz_graphs import coparticipation_view, workload_view
from graph.analytics import analytics_for
from graph.store import build_store


def _settings(built_store, **extra) -> Settings:
    return Settings(data=built_store, build_if_empty=False, allowed_hosts=["testserver"], response_cache_mb=0,
                    **extra)


@pytest.fixture(scope="module")
def warmed(built_store):
    with TestClient(create_app(_settings(built_store, warm=True))) as client:
        client.app.state.warm.join()
        yield client


def _kept_names(state) -> set[str]:
    generation = str(state.store.generation)
    return {name for name, gen in getattr(state, "caches", {}) if gen == generation}


def test_the_warm_up_keeps_the_analytics_default_views_and_search_index(warmed):
    state = warmed.app.state
    assert state.analytics is not None
    assert {"view:workload", "view:coparticipation", "search"} <= _kept_names(state)


def test_kept_default_views_equal_freshly_computed_ones_and_are_not_changed_by_requests(warmed):
    state = warmed.app.state
    analytics = analytics_for(state.store)
    fresh_workload = workload_view(state.store, analytics, WORKLOAD_DEFAULT)
    fresh_copart = coparticipation_view(state.store, analytics, *COPARTICIPATION_DEFAULT)
    for _ in range(2):  # the second answer comes from the same kept graph: nothing changed it
        assert warmed.get("/viz/workload").status_code == 200
        assert warmed.get("/viz/coparticipation").status_code == 200
        got_w = warmed.get("/api/workload/graph").json()
        got_c = warmed.get("/api/coparticipation/graph").json()
        assert got_w == json.loads(json.dumps(fresh_workload, ensure_ascii=False))
        assert got_c == json.loads(json.dumps(fresh_copart, ensure_ascii=False))
    assert got_w["drawn"] == len(got_w["nodes"]) > 50  # the sample's departments, drawn
    assert got_c["drawn"] == len(got_c["edges"]) == 60


def test_other_parameters_are_computed_per_request_and_not_kept(warmed):
    state = warmed.app.state
    before = set(state.caches)
    three = warmed.get("/api/workload/graph", params={"min_shared": 3}).json()
    assert three["min_shared"] == 3
    assert three == json.loads(json.dumps(workload_view(state.store, analytics_for(state.store), 3),
                                          ensure_ascii=False))
    assert warmed.get("/api/coparticipation/graph", params={"top": 5}).json()["drawn"] == 5
    assert set(state.caches) == before


def test_without_warm_nothing_is_computed_at_startup(built_store):
    with TestClient(create_app(_settings(built_store))) as client:
        state = client.app.state
        assert getattr(state, "warm", None) is None and state.analytics is None
        assert "view:workload" not in _kept_names(state)
        assert client.get("/api/workload/graph").status_code == 200  # computed on first use, then kept
        assert "view:workload" in _kept_names(state)


def test_warm_returns_each_step_and_a_failing_step_is_left_to_the_request(built_store):
    with TestClient(create_app(_settings(built_store))) as client:
        state = client.app.state
        took = warm(state)
        assert set(took) == {"analytics", "workload", "coparticipation", "search"}
        assert all(seconds >= 0 for seconds in took.values())

        class Closed:  # a store that fails every query, as a closed one does
            generation = "closed"

            def __getattr__(self, name):
                raise RuntimeError("store closed")

        real, state.store, state.analytics = state.store, Closed(), None
        try:
            assert warm(state) == {}  # every step failed, was logged, and nothing raised
        finally:
            state.store = real


def test_kept_values_belong_to_one_store_generation():
    class State:
        pass

    class Store:
        def __init__(self, generation):
            self.generation = generation

    state, calls = State(), []
    factory = lambda store: calls.append(store.generation) or f"made for {store.generation}"  # noqa: E731
    assert kept_for(state, Store(1), "x", factory) == "made for 1"
    assert kept_for(state, Store(1), "x", factory) == "made for 1"
    assert kept_for(state, Store(2), "x", factory) == "made for 2"
    assert calls == [1, 2]


def test_a_new_generation_is_warmed_again_when_a_request_picks_it_up(tmp_path):
    triples = lambda n: "".join(f"<urn:s{i}> <urn:p> \"v{i}\" .\n" for i in range(n)).encode()  # noqa: E731
    build_store(tmp_path, triples(2))
    with TestClient(create_app(_settings(tmp_path, warm=True))) as client:
        state = client.app.state
        first = state.warm
        first.join()
        assert {"view:workload", "search"} <= _kept_names(state)
        build_store(tmp_path, triples(5))
        assert client.get("/api/stats").json()["triples"] == 5  # the request that picks up the new generation
        assert state.warm is not first  # a warm-up for it was started
        state.warm.join()
        assert {"view:workload", "view:coparticipation", "search"} <= _kept_names(state)


def test_serve_warms_and_passes_it_to_worker_processes(tmp_path):
    assert worker_environment(Settings(data=tmp_path, warm=True), 2)["POLICYKG_WARM"] == "true"
    assert worker_environment(Settings(data=tmp_path), 2)["POLICYKG_WARM"] == "false"


def test_co_participation_of_a_store_without_role_links_is_empty_not_an_error(tmp_path):
    # a corpus in which no task was found is still stored (its documents, no role link at all)
    build_store(tmp_path, b'<urn:s> <urn:p> "v" .\n')
    with TestClient(create_app(_settings(tmp_path))) as client:
        assert client.get("/api/coparticipation").json() == {"total": 0, "items": []}
        graph = client.get("/api/coparticipation/graph").json()
        assert graph["drawn"] == graph["pairs"] == 0 and graph["empty_reason"] == "本库中没有两个部门共同承担的任务"
        assert client.get("/viz/coparticipation").status_code == 200
