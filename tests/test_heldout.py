"""Held-out extraction round: documents written (with their gold) before the
extractor was run on them.  ``tests/fixtures/heldout/make.py`` generates the
files; ``expected.json`` holds, per file, each document's title, kind and
jurisdiction and per task [id, title, lead, participants, responsible,
targets as (value, unit, comparator, year)].  Run this module as a script to
print per-field precision/recall.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if __name__ == "__main__":  # run as a script: this checkout's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.rules.loader import load_rules
from extract.entities.targets import extract_targets
from heldout_support import cases, load_gold, observed, report, suzhou_ids

FOLDER = "heldout"
GOLD = load_gold(FOLDER)
XFAIL: dict[str, str] = {}


@pytest.mark.parametrize("name", cases(GOLD, XFAIL))
def test_heldout(name):
    assert (observed(FOLDER, name, "basic"), suzhou_ids(FOLDER, name)) == (GOLD[name], [])


@pytest.mark.parametrize("example", load_rules("targets.yaml")["list_continuation"]["examples"]
                         + load_rules("targets.yaml")["list_continuation"]["counterexamples"])
def test_list_continuation_rule(example):
    assert [t.comparator for t in extract_targets(example["text"])] == example["comparators"]


if __name__ == "__main__":
    report(FOLDER, GOLD, "basic")
