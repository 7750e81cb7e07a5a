"""Regional gazetteers (extract/entities/regions.py): one city's entries never match in another city's text.

Suzhou's entries are districts.yaml (region suzhou), the Suzhou platforms of
platforms.yaml and Suzhou's waters in places.yaml; Hangzhou's are
extract/rules/regions/hangzhou.yaml.  Every example of a regional entry is run
in a document of its own region (found), of the other city (not found) and
through the whole pipeline.
"""

from __future__ import annotations

import pytest

from extract.entities import places, regions
from extract.pipeline import extract_text
from extract.rules.loader import load_rules

SHARED = {"districts.yaml": "district", "places.yaml": "place", "platforms.yaml": "platform"}


def _regional_cases():
    cases = []
    for file_name, kind in SHARED.items():
        data = load_rules(file_name)
        for entry in data["entries"]:
            region = regions.entry_region(entry, data.get("region"))
            if region:
                cases += [(kind, entry["id"], region, text, True) for text in entry.get("examples") or []]
                cases += [(kind, entry["id"], region, text, False) for text in entry.get("counterexamples") or []]
    for kind in ("district", "place", "platform"):
        for entry in regions.region_entries(kind):
            region = regions.entry_region(entry, None)
            cases += [(kind, entry["id"], region, text, True) for text in entry.get("examples") or []]
            cases += [(kind, entry["id"], region, text, False) for text in entry.get("counterexamples") or []]
    return cases


CASES = _regional_cases()
OTHER = {"suzhou": "hangzhou", "jiangsu": "zhejiang", "hangzhou": "suzhou"}


def test_both_cities_have_regional_examples():
    assert {c[2] for c in CASES} >= {"suzhou", "jiangsu", "hangzhou"}
    assert sum(1 for c in CASES if c[2] == "suzhou" and c[4]) >= 20


@pytest.mark.parametrize("kind,entry_id,region,text,present", CASES, ids=lambda v: str(v)[:20])
def test_regional_entry_matches_only_in_its_region(kind, entry_id, region, text, present):
    mine = [m.id for m in places.find_all(text, 0, region, scoped=True) if m.kind == kind]
    assert (entry_id in mine) is present
    other = [m.id for m in places.find_all(text, 0, OTHER[region], scoped=True)]
    assert entry_id not in other
    assert entry_id not in [m.id for m in places.find_all(text, 0, None, scoped=True)]


@pytest.mark.parametrize("jurisdiction, found", [
    ("suzhou", True), ("kunshan", True), ("jiangsu", True), ("hangzhou", False), ("zhejiang", False),
    ("cn", False), ("county:余杭区", False), (None, False)])
def test_scope_of_suzhou_entries(jurisdiction, found):
    ids = [m.id for m in places.find_all("支持昆山市和姑苏实验室发展", 0, jurisdiction, scoped=True)]
    assert ("district.kunshan" in ids and "platform.gusu_lab" in ids) is found


def test_a_hangzhou_document_gets_no_suzhou_ids_and_a_suzhou_one_no_hangzhou_ids():
    hz = extract_text("杭州市余杭区人民政府关于印发方案的通知\n\n一、任务\n"
                      "1. 联合姑苏实验室、之江实验室建设平台，服务昆山市企业。（区科技局负责）\n", "hz.md")[0]
    assert hz.jurisdiction == "county:余杭区"
    ids = {m.id for t in hz.tasks for m in (*t.districts, *t.platforms)}
    assert "platform.hz_zhejiang_lab" in ids
    assert not {i for i in ids if i in ("district.kunshan", "platform.gusu_lab")}
    sz = extract_text("苏州市人民政府关于印发方案的通知\n\n一、任务\n"
                      "1. 联合姑苏实验室、之江实验室建设平台，服务余杭区企业。（市科技局负责）\n", "sz.md")[0]
    ids = {m.id for t in sz.tasks for m in (*t.districts, *t.platforms)}
    assert "platform.gusu_lab" in ids and not {i for i in ids if ".hz_" in i}
