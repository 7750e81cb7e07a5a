"""The wheel built from pyproject.toml works outside a checkout.

It holds every package and subpackage, every rule file, the ontology, the SHACL shapes, the query
gallery, the templates and static files and the bundled sample; installed into a fresh virtual
environment it builds the sample and answers a query from a directory outside the checkout.
(.ci/run does the same with the dependencies installed from the index: ``.ci/wheel_check``.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["pyproject.toml", "setup.py", "README.md", "ontology.ttl", "data", "extract", "graph", "api"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built (offline, no build isolation) from a copy of the checkout's sources."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_bundled"))
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
                    "--no-index", "-q", "-w", str(out)], check=True, capture_output=True, text=True)
    (found,) = out.glob("policykg-*.whl")
    return found


def _files(folder: str, pattern: str = "*") -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob(pattern)
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_holds_every_module_rule_file_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = (_files("extract", "*.py") | _files("graph", "*.py") | _files("api", "*.py")
                | _files("extract/rules") | _files("api/templates") | _files("api/static")
                | _files("graph", "*.ttl") | _files("graph/examples"))
    assert expected - names == set()
    assert {"graph/_bundled/ontology.ttl", "graph/_bundled/data/suzhou_2022_01.md"} <= names
    assert {"extract/rules/schema.yaml", "extract/rules/lexicon.yaml", "extract/rules/divisions.tsv",
            "extract/rules/gazetteers/city/hangzhou.yaml",
            "extract/rules/gazetteers/levels.yaml", "extract/structure/tables/__init__.py"} <= names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "policykg = api.cli:main" in entry_points


def test_the_installed_wheel_builds_the_sample_and_answers_a_query_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    # the dependencies come from this interpreter's site-packages; the project itself only from the wheel
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True, text=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "POLICYKG_DATA")}

    def run(*args: str) -> str:
        done = subprocess.run([str(venv / "bin" / "policykg"), *args], cwd=outside, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run([str(python), "-c", "import extract, graph.bundled as b; "
                            "print(extract.__file__); print(b.bundled('data/suzhou_2022_01.md'))"],
                           cwd=outside, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert all(str(venv) in line for line in where), where
    built = run("build", "--data", str(outside / "store"))
    assert "documents:" in built and "warnings: 0" in built
    answer = run("query", "--example", "lead-departments", "--format", "csv", "--data", str(outside / "store"))
    assert answer.splitlines()[0] == "department,label,lead,tasks"
    assert "https://w3id.org/policykg/id/dept/suzhou.fgw,苏州市发展和改革委员会," in answer
