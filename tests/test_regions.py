"""Regional gazetteers (extract/entities/regions.py): one city's entries never match in another city's text.

The gazetteers are one file per jurisdiction under extract/rules/gazetteers/: national.yaml,
province/jiangsu.yaml, city/suzhou.yaml, city/hangzhou.yaml, read in the order of levels.yaml.
Every example of a regional entry is run
in a document of its own region (found), of the other city (not found) and
through the whole pipeline.
"""

from __future__ import annotations

import pytest

from extract.entities import places, regions
from extract.pipeline import extract_text
from extract.rules.loader import RULES_DIR, load_rules

def _regional_cases():
    cases = []
    for kind in ("district", "place", "platform"):
        for entry in regions.region_entries(kind):
            region = regions.entry_region(entry, None)
            if region:
                cases += [(kind, entry["id"], region, text, True) for text in entry.get("examples") or []]
                cases += [(kind, entry["id"], region, text, False) for text in entry.get("counterexamples") or []]
    return cases


CASES = _regional_cases()
OTHER = {"suzhou": "hangzhou", "jiangsu": "zhejiang", "hangzhou": "suzhou"}


def test_both_cities_have_regional_examples():
    assert {c[2] for c in CASES} >= {"suzhou", "jiangsu", "hangzhou"}
    assert sum(1 for c in CASES if c[2] == "suzhou" and c[4]) >= 20


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


def test_gazetteers_are_read_national_then_province_then_city():
    files = [f["path"] for f in regions.gazetteer_files()]
    assert files == ["gazetteers/national.yaml", "gazetteers/province/jiangsu.yaml",
                     "gazetteers/city/hangzhou.yaml", "gazetteers/city/suzhou.yaml"]
    assert [f["level"] for f in regions.gazetteer_files()] == ["national", "province", "city", "city"]
    assert [level["id"] for level in load_rules("gazetteers/levels.yaml")["levels"]] == ["national", "province", "city"]
    national = {e["id"] for e in regions.region_entries("platform") if e["region"] is None}
    assert {"platform.nanjing_university", "platform.fudan"} <= national
    assert "platform.gusu_lab" not in national


def test_a_gazetteer_file_in_the_wrong_level_folder_fails(tmp_path, monkeypatch):
    root = tmp_path / "rules"
    (root / "gazetteers" / "city").mkdir(parents=True)
    (root / "gazetteers" / "levels.yaml").write_text((RULES_DIR / "gazetteers" / "levels.yaml").read_text(encoding="utf-8"),
                                                      encoding="utf-8")
    (root / "gazetteers" / "national.yaml").write_text("level: national\nplaces: []\n", encoding="utf-8")
    (root / "gazetteers" / "city" / "wuxi.yaml").write_text("level: province\nregion: wuxi\n", encoding="utf-8")
    monkeypatch.setattr(regions, "GAZETTEERS", root / "gazetteers")
    monkeypatch.setattr(regions, "RULES_DIR", root)
    monkeypatch.setattr(regions, "copied_rules", lambda name: __import__("yaml").safe_load((root / name).read_text(encoding="utf-8")))
    regions.gazetteer_files.cache_clear()
    try:
        with pytest.raises(ValueError, match="gazetteers/city/wuxi.yaml: level 'province' in a file of level 'city'"):
            regions.gazetteer_files()
    finally:
        regions.gazetteer_files.cache_clear()


def test_a_regional_gazetteer_needs_its_region_and_a_national_one_has_none():
    from extract.rules.loader import RuleError, check_rules

    with pytest.raises(RuleError, match="gazetteers/city/wuxi.yaml:<top>: missing key: 'region' is a required property"):
        check_rules("gazetteers/city/wuxi.yaml", {"level": "city", "districts": []})
    with pytest.raises(RuleError, match="gazetteers/national.yaml"):
        check_rules("gazetteers/national.yaml", {"level": "national", "region": "suzhou"})
    with pytest.raises(RuleError, match="gazetteers/city/wuxi.yaml:place.x: unknown key 'alias'"):
        check_rules("gazetteers/city/wuxi.yaml", {"level": "city", "region": "wuxi", "places": [
            {"id": "place.x", "label": "蠡湖", "type": "water", "aliases": [], "alias": []}]})
