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

from heldout_support import cases, load_gold, observed, report, suzhou_ids

FOLDER = "heldout3"
GOLD = load_gold(FOLDER)
XFAIL: dict[str, str] = {}


@pytest.mark.parametrize("name", cases(GOLD, XFAIL))
def test_heldout3(name):
    assert (observed(FOLDER, name, "full"), suzhou_ids(FOLDER, name)) == (GOLD[name], [])


if __name__ == "__main__":
    report(FOLDER, GOLD, "full")
