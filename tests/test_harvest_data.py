"""Checks of the hand-read harvests of prose duty wordings:
bench/harvest/prose_duties.jsonl (first harvest, hv) and bench/harvest/prose_duties_2.jsonl (second, held-out
harvest, hv2) and bench/harvest/prose_duties_3.jsonl (third, held-out harvest, hv3) and
bench/harvest/prose_duties_4.jsonl (fourth, held-out harvest, hv4) and
bench/harvest/prose_duties_5.jsonl (fifth, held-out harvest, hv5).

Data checks only: this test must not import the extractor (`extract`)."""
import json
import pathlib
from collections import Counter

import pytest

HARVEST = pathlib.Path(__file__).resolve().parent.parent / "bench" / "harvest"
DATA = HARVEST / "prose_duties.jsonl"
DATA_2 = HARVEST / "prose_duties_2.jsonl"
DATA_3 = HARVEST / "prose_duties_3.jsonl"
DATA_4 = HARVEST / "prose_duties_4.jsonl"
DATA_5 = HARVEST / "prose_duties_5.jsonl"
FILES = [DATA, DATA_2, DATA_3, DATA_4, DATA_5]
FAMILIES = {"by_unit", "unit_must", "unit_colon", "cooperate", "level_duty", "regulation", "counter"}
ROLES = {"lead", "participant", "responsible"}


def _cases(path=DATA):
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_line_parses_and_has_the_fields(path):
    cases = _cases(path)
    assert cases
    for c in cases:
        for key in ("id", "source", "family", "text", "units"):
            assert key in c, (c.get("id"), key)
        assert isinstance(c["text"], str) and 50 <= len(c["text"]) <= 600, c["id"]
        assert c["family"] in FAMILIES, c["id"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_ids_unique(path):
    ids = [c["id"] for c in _cases(path)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_roles_valid_and_units_occur_in_text(path):
    for c in _cases(path):
        assert isinstance(c["units"], list), c["id"]
        for unit in c["units"]:
            assert isinstance(unit, list) and len(unit) == 2, c["id"]
            role, name = unit
            assert role in ROLES, (c["id"], role)
            assert name and name in c["text"], (c["id"], name)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_counterexamples_have_no_units_and_others_have_some(path):
    for c in _cases(path):
        if c["family"] == "counter":
            assert c["units"] == [], c["id"]
        else:
            assert c["units"], c["id"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_family_has_at_least_three_cases(path):
    counts = Counter(c["family"] for c in _cases(path))
    for family in FAMILIES:
        assert counts[family] >= 3, (family, counts[family])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_at_most_six_cases_per_source(path):
    counts = Counter(c["source"] for c in _cases(path))
    assert max(counts.values()) <= 6, counts.most_common(3)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_unit_listed_twice_in_a_case(path):
    for c in _cases(path):
        names = [name for _, name in c["units"]]
        assert len(names) == len(set(names)), c["id"]


def test_ids_unique_across_all_files():
    seen = {}
    for path in FILES:
        for c in _cases(path):
            assert c["id"] not in seen, (c["id"], path.name, seen.get(c["id"]))
            seen[c["id"]] = path.name


def _document(source):
    return source.split("@")[0]


LATER = list(range(1, len(FILES)))  # each harvest after the first, checked against all the ones before it


@pytest.mark.parametrize("n", LATER, ids=lambda n: FILES[n].name)
def test_later_harvest_shares_no_text_with_the_earlier_ones(n):
    earlier = [c["text"] for path in FILES[:n] for c in _cases(path)]
    for c in _cases(FILES[n]):
        for t in earlier:
            assert c["text"] not in t and t not in c["text"], c["id"]


@pytest.mark.parametrize("n", LATER, ids=lambda n: FILES[n].name)
def test_later_harvest_uses_no_source_document_of_the_earlier_ones(n):
    earlier = {_document(c["source"]) for path in FILES[:n] for c in _cases(path)}
    for c in _cases(FILES[n]):
        assert _document(c["source"]) not in earlier, c["id"]


@pytest.mark.parametrize("path", [DATA_4, DATA_5], ids=lambda p: p.name)
def test_recent_harvest_family_spread(path):
    """hv4/hv5 briefs: 50-70 passages, at least 6 cases per family (hv5: from at least 3 issuers, by id prefix)."""
    cases = _cases(path)
    assert 50 <= len(cases) <= 70, len(cases)
    counts = Counter(c["family"] for c in cases)
    for family in FAMILIES:
        assert counts[family] >= 6, (family, counts[family])
    if path is DATA_5:
        issuers = {}
        for c in cases:
            issuers.setdefault(c["family"], set()).add(c["id"].split("_")[0])
        for family in FAMILIES:
            assert len(issuers[family]) >= 3, (family, sorted(issuers[family]))
