"""The policykg command line, run as a real subprocess against real files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
SCIENCE_QUERY = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
SELECT ?task WHERE { ?task pkg:involves ?d . ?d pkg:nameAsWritten "市科技局"@zh }"""


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "api.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli") / "data"
    r = run("build", "--data", d)
    assert r.returncode == 0, r.stderr
    assert "documents: 10" in r.stdout and "tasks: 212" in r.stdout
    return d


def test_build_prints_a_summary(data_dir):
    assert (data_dir / "store").is_dir()


def test_query_prints_a_table(data_dir):
    r = run("query", SCIENCE_QUERY, "--data", data_dir)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("(41 rows)")


def test_query_json_and_bad_query(data_dir):
    r = run("query", SCIENCE_QUERY, "--data", data_dir, "--format", "json")
    assert len(json.loads(r.stdout)["results"]["bindings"]) == 41
    bad = run("query", "SELEC nonsense", "--data", data_dir)
    assert bad.returncode == 1 and bad.stderr.startswith("policykg: error: bad query")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_departments_lists_workload(data_dir):
    r = run("departments", "--data", data_dir)
    lines = r.stdout.splitlines()
    assert lines[2].split()[:3] == ["苏州市发展和改革委员会", "true", "70"]
    assert run("departments", "--unresolved", "--data", data_dir).stdout.strip().endswith("(0 rows)")


def test_extract_json_contract():
    r = run("extract", SAMPLE, "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    annex = out["documents"][1]
    assert set(annex) >= {"id", "title", "kind", "source", "tasks"}
    task = annex["tasks"][0]
    assert set(task) >= {"id", "key", "parent", "section", "title", "text", "span", "lead",
                         "participants", "responsible", "targets", "districts", "platforms"}
    assert task["lead"] == [{"name": "市科技局", "id": task["lead"][0]["id"], "label": "苏州市科学技术局",
                             "jurisdiction": "suzhou", "key": "suzhou.kjj", "group": False, "level": "city", "body": "government", "kind": "agency", "members": [],
                             "span": task["lead"][0]["span"]}]


def test_extract_csv_one_row_per_task_department_role():
    r = run("extract", SAMPLE, "--format", "csv")
    rows = r.stdout.splitlines()
    assert rows[0].startswith("document_id,document_title,task_key")
    assert sum(1 for row in rows if ",市科技局," in row) == 41


def test_missing_path_fails_and_keeps_the_store(data_dir, tmp_path):
    before = run("query", SCIENCE_QUERY, "--data", data_dir).stdout
    r = run("build", tmp_path / "nope.md", "--data", data_dir)
    assert r.returncode == 1
    assert r.stderr.strip() == f"policykg: error: {tmp_path / 'nope.md'}: no such file or directory"
    assert run("query", SCIENCE_QUERY, "--data", data_dir).stdout == before


def test_empty_file_fails_naming_it_and_keeps_the_store(data_dir, tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("")
    r = run("build", empty, "--data", data_dir)
    assert r.returncode == 1
    assert str(empty) in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert (data_dir / "store").is_dir()
    assert run("query", SCIENCE_QUERY, "--data", data_dir).stdout.strip().endswith("(41 rows)")


def test_batch_with_a_bad_file_builds_the_rest(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "b.md").write_bytes(b"\x00\x01\x02binary")
    r = run("build", tmp_path / "in", "--data", tmp_path / "d")
    assert r.returncode == 0, r.stderr
    assert "tasks: 212" in r.stdout
    assert f"skipped: {tmp_path / 'in' / 'b.md'}:" in r.stdout


def test_query_without_a_store_names_the_directory(tmp_path):
    r = run("query", SCIENCE_QUERY, "--data", tmp_path / "none")
    assert r.returncode == 1 and str(tmp_path / "none") in r.stderr


def test_build_keeps_a_file_without_tasks_and_prints_each_warning(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    note = tmp_path / "in" / "note.txt"
    note.write_text("某市应急管理局关于做好冬季安全生产工作的通知\n\n请各单位认真做好安全生产工作。\n", encoding="utf-8")
    r = run("build", tmp_path / "in", "--data", tmp_path / "d")
    assert r.returncode == 0, r.stderr
    assert "documents: 11" in r.stdout and "skipped:" not in r.stdout
    # files are named relative to the corpus root (the folder given), never by absolute paths
    assert "warning: no-structure in/note.txt:1: no numbered structure or assignment was recognised" in r.stdout
    assert str(tmp_path) not in r.stdout.replace(str(tmp_path / "d"), "")


def test_files_with_the_same_name_in_two_folders_are_two_documents(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "plan.md").write_text(
            f"某{sub}方案\n\n一、任务\n\n1. 推进改革。（市发改委牵头）\n", encoding="utf-8")
    r = run("build", tmp_path / "in", "--data", tmp_path / "d")
    assert r.returncode == 0, r.stderr
    assert "documents: 2" in r.stdout and "tasks: 2" in r.stdout
