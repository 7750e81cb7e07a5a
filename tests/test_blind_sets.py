"""bench/blind.py: the list of gold sets still blind, and the tools that must not read them."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
held_out = runpy.run_path(str(ROOT / "bench" / "blind.py"))["held_out"]


def test_names_comments_and_blank_lines(tmp_path):
    f = tmp_path / "BLIND_SETS.txt"
    f.write_text("# header\n\nreal_unseen31  # g31, written this session\n  real_unseen32\n", encoding="utf-8")
    assert held_out(f) == ("real_unseen31", "real_unseen32")
    assert held_out(tmp_path / "missing.txt") == ()


def test_a_path_is_refused_with_file_and_line(tmp_path):
    f = tmp_path / "BLIND_SETS.txt"
    f.write_text("real_unseen31\n../real\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"BLIND_SETS.txt:2: not a set folder name: '\.\./real'"):
        held_out(f)


def test_the_project_list_names_existing_sets_only():
    fixtures = ROOT / "tests" / "fixtures"
    for name in held_out():
        assert (fixtures / name / "gold").is_dir(), name


def test_the_bench_scripts_read_the_list():
    for script in ("same_extract.py", "bench_extract_cpu.py"):
        assert runpy.run_path(str(ROOT / "bench" / script))["HELD_OUT"] == held_out(), script


def test_copies_of_blind_documents_are_skipped_by_same_extract():
    """A blind document's copy outside its set (a second annotator's, tests/fixtures/agreement/) is no input either."""
    names = runpy.run_path(str(ROOT / "bench" / "blind.py"))["held_out_names"]()
    assert all(n.endswith(".md") for n in names)
    assert len(names) >= len(held_out()), names  # every blind set holds at least one document
    inputs = runpy.run_path(str(ROOT / "bench" / "same_extract.py"))["inputs"](0, 0, 0)
    assert not {Path(name).name for name, _ in inputs} & names
    fixtures = ROOT / "tests" / "fixtures"
    every = sorted(fixtures.rglob("*.md"))
    kept = runpy.run_path(str(ROOT / "bench" / "blind.py"))["readable"](every)
    assert not {p.name for p in kept} & names and not any(s in p.parts for p in kept for s in held_out())
    assert len(kept) < len(every) and (fixtures / "real" / "anhui_2022_rcep_opening.md") in kept


def test_the_scorer_refuses_a_blind_set_without_held_out(tmp_path):
    """A copy of the scorer's checkout whose list names ``real``: scoring it needs --held-out."""
    copy = tmp_path / "co"
    (copy / "tests" / "fixtures").mkdir(parents=True)
    (copy / "bench").mkdir()
    (copy / "bench" / "blind.py").write_bytes((ROOT / "bench" / "blind.py").read_bytes())
    (copy / "tests" / "real_support.py").write_bytes((ROOT / "tests" / "real_support.py").read_bytes())
    (copy / "tests" / "fixtures" / "BLIND_SETS.txt").write_text("real\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(copy / "tests" / "real_support.py"), "real"],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "BLIND_SETS.txt names real as blind" in run.stderr and "--held-out" in run.stderr
