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
    from extract.rules.loader import gazetteer_files

    files = [f["path"] for f in gazetteer_files()]
    assert files == ["gazetteers/national.yaml", "gazetteers/province/jiangsu.yaml",
                     "gazetteers/city/hangzhou.yaml", "gazetteers/city/suzhou.yaml"]
    assert [f["level"] for f in gazetteer_files()] == ["national", "province", "city", "city"]
    assert [level["id"] for level in load_rules("gazetteers/levels.yaml")["levels"]] == ["national", "province", "city"]
    national = {e["id"] for e in regions.region_entries("platform") if e["region"] is None}
    assert {"platform.nanjing_university", "platform.fudan"} <= national
    assert "platform.gusu_lab" not in national


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    """A copy of extract/rules/ (schema, lexicon, gazetteers) that the loader reads instead."""
    import shutil

    from extract.rules import loader

    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(loader, "RULES_DIR", root)
    loader.load_rules.cache_clear()
    loader.gazetteer_files.cache_clear()
    yield root
    monkeypatch.undo()
    loader.load_rules.cache_clear()
    loader.gazetteer_files.cache_clear()


def test_a_gazetteer_file_in_the_wrong_level_folder_fails(rules_copy):
    from extract.rules.loader import RuleError, gazetteer_files

    (rules_copy / "gazetteers" / "city" / "wuxi.yaml").write_text("level: province\nregion: wuxi\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"^gazetteers/city/wuxi.yaml:<top>: level 'province' in a folder of level 'city'$"):
        gazetteer_files()


def test_a_department_in_another_jurisdictions_file_fails(rules_copy):
    from extract.rules.loader import RuleError, gazetteer_files

    (rules_copy / "gazetteers" / "city" / "wuxi.yaml").write_text(
        "level: city\nregion: wuxi\ndepartments:\n"
        "  - {id: suzhou.x, label: 苏州市某局, body: government, level: city, jurisdiction: suzhou}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"^gazetteers/city/wuxi.yaml:suzhou.x: level/jurisdiction city/suzhou "
                                        r"in a file of city/wuxi$"):
        gazetteer_files()


def test_a_regional_gazetteer_needs_its_region_and_a_national_one_has_none():
    from extract.rules.loader import RuleError, check_rules

    with pytest.raises(RuleError, match="gazetteers/city/wuxi.yaml:<top>: missing key: 'region' is a required property"):
        check_rules("gazetteers/city/wuxi.yaml", {"level": "city", "districts": []})
    with pytest.raises(RuleError, match="gazetteers/national.yaml"):
        check_rules("gazetteers/national.yaml", {"level": "national", "region": "suzhou"})
    with pytest.raises(RuleError, match="gazetteers/city/wuxi.yaml:place.x: unknown key 'alias'"):
        check_rules("gazetteers/city/wuxi.yaml", {"level": "city", "region": "wuxi", "places": [
            {"id": "place.x", "label": "蠡湖", "type": "water", "aliases": [], "alias": []}]})


def test_a_national_name_keeps_its_entry_when_a_city_file_claims_it_too(rules_copy):
    """Precedence national -> province -> city (levels.yaml): the entry read first keeps a name."""
    (rules_copy / "gazetteers" / "city" / "zz_test.yaml").write_text(
        "level: city\nregion: hangzhou\nplatforms:\n"
        "  - {id: platform.hz_fudan_copy, label: 复旦大学, type: university, aliases: [杭州复旦分部]}\n",
        encoding="utf-8")
    caches = (places._gazetteer, places.all_regions, places._resolved)
    for cache in caches:
        cache.cache_clear()
    try:
        found = [(m.name, m.id) for m in places.find_all("与复旦大学、杭州复旦分部合作", 0, "hangzhou", scoped=True)]
    finally:
        for cache in caches:
            cache.cache_clear()
    assert found == [("复旦大学", "platform.fudan"), ("杭州复旦分部", "platform.hz_fudan_copy")]
