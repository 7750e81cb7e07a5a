"""Checks of bench/harvest/prose_duties.jsonl, the hand-read harvest of prose duty wordings.

Data checks only: this test must not import the extractor (`extract`)."""
import json
import pathlib
from collections import Counter

DATA = pathlib.Path(__file__).resolve().parent.parent / "bench" / "harvest" / "prose_duties.jsonl"
FAMILIES = {"by_unit", "unit_must", "unit_colon", "cooperate", "level_duty", "regulation", "counter"}
ROLES = {"lead", "participant", "responsible"}


def _cases():
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_line_parses_and_has_the_fields():
    cases = _cases()
    assert cases
    for c in cases:
        for key in ("id", "source", "family", "text", "units"):
            assert key in c, (c.get("id"), key)
        assert isinstance(c["text"], str) and 50 <= len(c["text"]) <= 600, c["id"]
        assert c["family"] in FAMILIES, c["id"]


def test_ids_unique():
    ids = [c["id"] for c in _cases()]
    assert len(ids) == len(set(ids))


def test_roles_valid_and_units_occur_in_text():
    for c in _cases():
        assert isinstance(c["units"], list), c["id"]
        for unit in c["units"]:
            assert isinstance(unit, list) and len(unit) == 2, c["id"]
            role, name = unit
            assert role in ROLES, (c["id"], role)
            assert name and name in c["text"], (c["id"], name)


def test_counterexamples_have_no_units_and_others_have_some():
    for c in _cases():
        if c["family"] == "counter":
            assert c["units"] == [], c["id"]
        else:
            assert c["units"], c["id"]


def test_every_family_has_at_least_three_cases():
    counts = Counter(c["family"] for c in _cases())
    for family in FAMILIES:
        assert counts[family] >= 3, (family, counts[family])


def test_at_most_six_cases_per_source():
    counts = Counter(c["source"] for c in _cases())
    assert max(counts.values()) <= 6, counts.most_common(3)
