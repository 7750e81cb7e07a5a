"""The build's extraction on Dask distributed (`--engine dask`, `--scheduler ADDRESS`): a real
local cluster of 2 worker processes gives the same triples as the local process pool."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.engines import EngineError, file_parts
from graph.pipeline import build_corpus
from graph.store_files import current_generation

import distributed  # noqa: E402  (the test extra installs it: this test runs in CI)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
REAL = ROOT / "tests" / "fixtures" / "real"
PATHS = [SAMPLE, REAL / "anhui_2022_rcep_opening.md", REAL / "pingtan_2023_new_pollutants.md",
         REAL / "guangan_2023_market_vitality_measures.md"]


def _triples(data: Path) -> set:
    return {q.triple for q in ox.Store.read_only(str(current_generation(data)))}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c:
        yield c


def test_a_cluster_of_two_workers_gives_the_same_triples(cluster, tmp_path):
    local = build_corpus(PATHS, tmp_path / "local", jobs=2)
    on_dask = build_corpus(PATHS, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert (on_dask.extracted, on_dask.reused) == (4, 0)
    assert on_dask.triples == local.triples
    assert _triples(tmp_path / "dask") == _triples(tmp_path / "local")
    # the workers ran the extraction: each of the two took files
    with distributed.Client(cluster.scheduler_address) as client:
        done = client.run(lambda dask_worker: dask_worker.state.transition_counter)
    assert len(done) == 2 and all(n > 0 for n in done.values())
    # the parts the client saved make the next (incremental) build extract nothing
    again = build_corpus(PATHS, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert (again.mode, again.extracted) == ("unchanged", 0)


def test_the_cli_runs_on_a_scheduler_and_names_a_bad_one(cluster, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-m", "api.cli", "build", str(PATHS[1]), "--data", str(tmp_path / "d"),
                          "--scheduler", cluster.scheduler_address], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "files: extracted 1, reused 0, removed 0" in out.stdout
    with pytest.raises(EngineError, match="--scheduler: cannot reach the Dask scheduler tcp://127.0.0.1:9"):
        list(file_parts([(PATHS[1], PATHS[1].name, "x")], 1, scheduler="tcp://127.0.0.1:9"))


def test_without_a_scheduler_the_build_starts_its_own_local_cluster(tmp_path):
    local = build_corpus(PATHS[1:3], tmp_path / "local", jobs=1)
    own = build_corpus(PATHS[1:3], tmp_path / "own", engine="dask", jobs=2)
    assert (own.extracted, own.triples) == (2, local.triples)
    assert _triples(tmp_path / "own") == _triples(tmp_path / "local")
