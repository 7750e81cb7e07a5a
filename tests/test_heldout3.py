"""Third held-out extraction round: notices wrapping plans, 专栏 boxes,
indicator tables, .docx assignment tables, labelled fields with full-width
gaps, full-width digits, mixed sub-item numbering, regions other than Suzhou.

``tests/fixtures/heldout3/make.py`` generates the files; ``expected.json``
(written by hand before the extractor ran) holds per file each document's
title, kind, jurisdiction, part_of (index of the parent in the file),
indicator-table rows and per task [id, section, title, lead, participants,
responsible, targets as (value, unit, comparator, year)].  Run this module
as a script to print per-field precision/recall.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if __name__ == "__main__":  # run as a script: this checkout's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.rules.loader import load_rules
from heldout_support import cases, load_gold, observed, report, suzhou_ids

FOLDER = "heldout3"
GOLD = load_gold(FOLDER)
XFAIL: dict[str, str] = {}


@pytest.mark.parametrize("name", cases(GOLD, XFAIL))
def test_heldout3(name):
    assert (observed(FOLDER, name, "full"), suzhou_ids(FOLDER, name)) == (GOLD[name], [])


_ISSUED = load_rules("structure.yaml")["issued"]


@pytest.mark.parametrize("text,hit", [(t, True) for t in _ISSUED["examples"]]
                         + [(t, False) for t in _ISSUED["counterexamples"]])
def test_issued_document_rule(text, hit):
    import re
    assert bool(re.search(_ISSUED["pattern"], text)) is hit


_CELL = load_rules("assignments.yaml")["cell_lead_mark"]


@pytest.mark.parametrize("cell,roles", _CELL["examples"] + _CELL["counterexamples"])
def test_cell_lead_mark_rule(cell, roles):
    from extract.structure.assignments import parse_cell
    a = parse_cell(cell, 0, "responsible")
    got = {r: [n for n, _ in getattr(a, r)] for r in ("lead", "participants", "responsible") if getattr(a, r)}
    assert got == roles


_IND = load_rules("tables.yaml")["indicator_table"]


@pytest.mark.parametrize("case", _IND["examples"] + _IND["counterexamples"])
def test_indicator_table_rule(case):
    from extract.structure.tables.indicators import row_target
    hit = row_target(case["header"], case["row"])
    assert (list(hit) if hit else None) == case.get("target")


if __name__ == "__main__":
    report(FOLDER, GOLD, "full")
