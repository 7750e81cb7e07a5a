"""Golden tests for the department gazetteer and resolver (extract.entities.departments)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from extract.entities import departments as dep
from extract.rules.loader import load_rules
from extract.entities.departments import Entry, find_clashes, jurisdiction_of, looks_like_department, resolve

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "extract" / "rules"
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
SUZHOU_DISTRICTS = ["district.zhangjiagang", "district.changshu", "district.taicang", "district.kunshan",
                    "district.wujiang", "district.wuzhong", "district.xiangcheng", "district.gusu",
                    "district.sip", "district.snd"]


def _load(name):
    return yaml.safe_load((RULES / name).read_text(encoding="utf-8"))


# ------------------------------------------------------------ gazetteer integrity
ALIAS_CASES = [(a, e.id, None) for e in dep.entries() for a in e.aliases] + [
    (a, e.id, e.jurisdiction) for e in dep.entries() for a in e.local_aliases]


@pytest.mark.parametrize("alias,expected,jurisdiction", ALIAS_CASES)
def test_every_alias_resolves_to_its_entry(alias, expected, jurisdiction):
    found = resolve(alias, jurisdiction)
    assert found is not None and (found.id, found.group) == (expected, False)


def test_no_alias_is_claimed_twice_in_any_jurisdiction():
    assert find_clashes(dep.entries(), dep.jurisdictions().level) == []


def _entry(eid, jur, level="city", aliases=(), local=()):
    return Entry(eid, eid, "government", level, jur, tuple(aliases), tuple(local))


CLASH_CASES = [
    ([_entry("a", "suzhou", local=["市发改委"]), _entry("b", "suzhou", local=["市发改委"])],
     [("市发改委", "suzhou", ("a", "b"))]),
    ([_entry("a", "suzhou", local=["市发改委"]), _entry("b", "wuxi", local=["市发改委"])], []),
    ([_entry("a", "suzhou", aliases=["苏州海关"]), _entry("b", "cn", "nation", aliases=["苏州海关"])],
     [("苏州海关", "*", ("a", "b"))]),
    ([_entry("a", "suzhou", local=["市委"]), _entry("b", "cn", "nation", aliases=["市委"])],
     [("市委", "suzhou", ("a", "b"))]),
    ([_entry("a", "suzhou", local=["市统计局"]), _entry("b", "jiangsu", "province", local=["市统计局"])],
     [("市统计局", "suzhou", ("a", "b"))]),
]


@pytest.mark.parametrize("items,expected", CLASH_CASES)
def test_find_clashes_detects_clashes(items, expected):
    assert find_clashes(items, ["suzhou", "wuxi", "jiangsu", "cn"]) == expected


def test_entry_fields_are_from_the_closed_vocabularies():
    bodies = {"party", "government", "congress", "cppcc", "mass_org", "stationed", "judicial", "enterprise", "other"}
    levels = {"city", "district", "province", "nation"}
    places = set(dep.jurisdictions().level)
    bad = [(e.id, e.body, e.level, e.jurisdiction) for e in dep.entries()
           if e.body not in bodies or e.level not in levels or e.jurisdiction not in places
           or not re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", e.id)]
    assert bad == []
    ids = [e.id for e in dep.entries()]
    assert len(ids) == len(set(ids))


def test_group_aliases_do_not_shadow_departments():
    fixed, _ = dep.group_rules()
    names = {a for e in dep.entries() for a in (*e.aliases, *e.local_aliases)}
    assert sorted(set(fixed) & names) == []


# ------------------------------------------------------------------ hand cases
HAND_CASES = [
    ("市发改委", "suzhou", "suzhou.fgw"),
    ("苏州市发改委", "suzhou", "suzhou.fgw"),
    ("市发展改革委", "suzhou", "suzhou.fgw"),
    ("苏州市发展和改革委员会", None, "suzhou.fgw"),
    ("市发改委", "wuxi", None),
    ("市发改委", None, None),
    ("苏州市发改委", "wuxi", "suzhou.fgw"),
    ("发展改革委", "cn", "cn.ndrc"),
    ("发展改革委", "suzhou", None),
    ("国家发展改革委", "suzhou", "cn.ndrc"),
    ("省发展改革委", "suzhou", "jiangsu.fgw"),
    ("省发展改革委", "jiangsu", "jiangsu.fgw"),
    ("省发展改革委", "wuxi", "jiangsu.fgw"),
    ("省发展改革委", "hangzhou", None),
    ("省发展改革委", "cn", None),
    ("江苏省科技厅", "hangzhou", "jiangsu.kjt"),
    ("省科技厅", "suzhou", "jiangsu.kjt"),
    ("市科技局", "suzhou", "suzhou.kjj"),
    ("市科技局", "jiangsu", None),
    ("卫生健康委", "cn", "cn.nhc"),
    ("市卫生健康委", "suzhou", "suzhou.wjw"),
    ("市卫生\n\n健康委", "suzhou", "suzhou.wjw"),
    ("市资源规划局", "suzhou", "suzhou.zrzyj"),
    ("市文广旅局等", "suzhou", "suzhou.wglj"),
    ("市委编办", "suzhou", "suzhou.bb"),
    ("中共苏州市委组织部", None, "suzhou.zzb"),
    ("市委组织部", "suzhou", "suzhou.zzb"),
    ("市委组织部", "nanjing", None),
    ("市纪委监委机关", "suzhou", "suzhou.jw"),
    ("人行苏州中支", None, "suzhou.pbc"),
    ("人行苏州中支", "cn", "suzhou.pbc"),
    ("苏州银保监分局", "suzhou", "suzhou.cbirc"),
    ("苏州海关", "suzhou", "suzhou.customs"),
    ("苏州通管办", "suzhou", "suzhou.txgl"),
    ("团市委", "suzhou", "suzhou.tsw"),
    ("团市委", "wuxi", None),
    ("市总工会", "suzhou", "suzhou.zgh"),
    ("苏州日报报业集团", "suzhou", "suzhou.srbg"),
    ("市广电总台", "suzhou", "suzhou.gdzt"),
    ("市税务局", "suzhou", "suzhou.tax"),
    ("工业和信息化部", "suzhou", "cn.miit"),
    ("工信部", "cn", "cn.miit"),
    ("人力资源社会保障部", "cn", "cn.mohrss"),
    ("人民银行", "cn", "cn.pbc"),
    ("人民银行", "suzhou", None),
    ("国资委", "cn", "cn.sasac"),
    ("市国资委", "suzhou", "suzhou.gzw"),
    ("金融监管总局", "cn", "cn.nfra"),
    ("银保监会", "suzhou", "cn.cbirc"),
    ("中央网信办", "cn", "cn.wxb"),
    ("统计局", "cn", "cn.stats"),
    ("统计局", "suzhou", None),
    ("市场监管总局", "cn", "cn.samr"),
    ("苏州市发改委 ", "wuxi", "suzhou.fgw"),
    ("", "suzhou", None),
    ("等", "suzhou", None),
    ("推进科技创新", "suzhou", None),
]


@pytest.mark.parametrize("name,jurisdiction,expected", HAND_CASES)
def test_hand_cases(name, jurisdiction, expected):
    found = resolve(name, jurisdiction)
    assert (found.id if found else None) == expected


def test_resolved_record_fields():
    assert resolve("市资源规划局", "suzhou") == dep.Resolved(
        "suzhou.zrzyj", "苏州市自然资源和规划局", "city", "government", "suzhou")


# ---------------------------------------------------------------------- groups
GROUP_CASES = [
    ("相关县级市（区）", "suzhou", "group.related_districts", "localities", SUZHOU_DISTRICTS, None),
    ("相关县级市(区)等", "suzhou", "group.related_districts", "localities", SUZHOU_DISTRICTS, None),
    ("相关县级市（区）", "wuxi", "group.related_districts", "localities", [], None),
    ("各区、县级市", "suzhou", "group.all_districts", "localities", SUZHOU_DISTRICTS, None),
    ("各成员单位", "suzhou", "group.member_units", "members_of_context", [], None),
    ("有关部门", "cn", "group.related_departments", "related_departments", [], None),
    ("各地各部门", "suzhou", "group.localities_and_departments", "localities_and_departments", [], None),
    ("在苏高校", "suzhou", "group.universities_in_suzhou", "institutions", [], None),
    ("市文明委各成员单位", "suzhou", "suzhou.wmw.members", "members_of", [], "suzhou.wmw"),
    ("市委全面深化改革委员会各专项小组成员单位", "suzhou", "suzhou.sgw.members", "members_of", [], "suzhou.sgw"),
    ("市推进长三角一体化发展领导小组成员单位", "suzhou", "suzhou.lg.7507a7f0ad.members", "members_of", [], None),
    ("各设区市", "jiangsu", "group.all_cities", "localities",
     ["city.suzhou", "city.nanjing", "city.wuxi", "city.xuzhou", "city.changzhou", "city.nantong",
      "city.lianyungang", "city.huaian", "city.yancheng", "city.yangzhou", "city.zhenjiang", "city.taizhou",
      "city.suqian"], None),
]


@pytest.mark.parametrize("name,jurisdiction,gid,kind,members,of", GROUP_CASES)
def test_group_cases(name, jurisdiction, gid, kind, members, of):
    found = resolve(name, jurisdiction)
    assert (found.id, found.group, found.kind, found.members, found.of) == (gid, True, kind, members, of)
    assert dep.is_group(name, jurisdiction)


@pytest.mark.parametrize("name", ["市发改委", "苏州海关", "推进科技创新", "市纪委监委机关"])
def test_is_group_false(name):
    assert not dep.is_group(name, "suzhou")


# ------------------------------------------------------ YAML examples/counterexamples
_GROUPS = _load("department_groups.yaml")
GROUP_RULES = [(r, "fixed") for r in _GROUPS["fixed"]] + [(r, "pattern") for r in _GROUPS["patterns"]]
GROUP_EXAMPLES = [(r["id"], how, r["kind"], x, True) for r, how in GROUP_RULES for x in r["examples"]] + [
    (r["id"], how, r["kind"], x, False) for r, how in GROUP_RULES for x in r["counterexamples"]]


def _hits_rule(found, rule_id, how, kind):
    if found is None or not found.group:
        return False
    return found.id == rule_id if how == "fixed" else found.kind == kind and found.id.split(".")[0] != "group"


@pytest.mark.parametrize("rule_id,how,kind,text,positive", GROUP_EXAMPLES)
def test_group_rule_examples(rule_id, how, kind, text, positive):
    """Group examples are evaluated in a Suzhou document."""
    assert _hits_rule(resolve(text, "suzhou"), rule_id, how, kind) is positive


_MARKERS = _load("jurisdictions.yaml")["markers"]
MARKER_EXAMPLES = [(m["id"], x, True) for m in _MARKERS for x in m["examples"]] + [
    (m["id"], x, False) for m in _MARKERS for x in m["counterexamples"]]


@pytest.mark.parametrize("rule_id,text,positive", MARKER_EXAMPLES)
def test_nation_marker_examples(rule_id, text, positive):
    assert (jurisdiction_of(text) == "cn") is positive


_LOOKS = _load("departments.yaml")["looks_like"]
LOOKS_EXAMPLES = [(x, True) for x in _LOOKS["examples"]] + [(x, False) for x in _LOOKS["counterexamples"]]


@pytest.mark.parametrize("text,positive", LOOKS_EXAMPLES)
def test_looks_like_department_examples(text, positive):
    assert looks_like_department(text) is positive


# ---------------------------------------------------------------- jurisdictions
JURISDICTION_CASES = [
    ("中共苏州市委", "suzhou"),
    ("苏州市人民政府关于印发苏州市数字经济发展规划的通知", "suzhou"),
    ("# 中共苏州市委\n\n## 关于深入贯彻落实江苏省第十四次党代会精神 加快建设社会主义现代化强市的实施意见", "suzhou"),
    ("江苏省人民政府关于支持苏州高质量发展的意见", "jiangsu"),
    ("中共江苏省委 江苏省人民政府印发《关于深化科技体制机制改革的意见》", "jiangsu"),
    ("江苏省苏州市人民政府", "suzhou"),
    ("国务院", "cn"),
    ("国务院办公厅关于进一步优化营商环境的意见", "cn"),
    ("工业和信息化部等十部门关于印发《5G应用“扬帆”行动计划》的通知", "cn"),
    ("国家发展改革委关于印发《“十四五”扩大内需战略实施方案》的通知", "cn"),
    ("无锡市人民政府", "wuxi"),
    ("中共无锡市委组织部关于开展人才工作的通知", "wuxi"),
    ("杭州市人民政府办公厅关于印发杭州市数字经济促进条例实施细则的通知", "hangzhou"),
    ("台州市人民政府", "taizhou_zj"),
    ("泰州市人民政府", "taizhou"),
    ("苏州工业园区管理委员会关于印发…的通知", "suzhou"),
    ("关于打造国家级人才平台加快推进产业创新集群发展的意见", None),
    ("关于贯彻落实国务院决策部署的实施意见", None),
    ("苏州大学关于…", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", JURISDICTION_CASES)
def test_jurisdiction_of(text, expected):
    assert jurisdiction_of(text) == expected


def test_aliases_cover_entries_and_groups():
    names = dep.aliases()
    assert names == sorted(set(names))
    assert {"市发改委", "苏州市发改委", "中共苏州市委组织部", "发展改革委", "省科技厅", "江苏省科技厅", "相关县级市（区）"} <= set(names)


# ------------------------------------------------------- coverage of the sample
ASSIGNMENT = re.compile(r"[（(]((?:[^（）()\n]|[（(][^（）()\n]{1,12}[）)]){2,400}?(?:牵头|参与))[）)]")


def sample_names() -> list[str]:
    """Department names in the parentheticals of the sample's annexes 1-2."""
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("## 附件 1")
    end = text.index("\n# ", start)
    annexes = re.sub(r"\s*\n\s*\n\s*", "", text[start:end])  # paragraphs split by a page break
    names = []
    for match in ASSIGNMENT.finditer(annexes):
        for part in re.split(r"[、，,；;]", match.group(1)):
            name = re.sub(r"(?:等)?(?:牵头|参与)$", "", part.strip())
            if name and name not in names:
                names.append(name)
    return names


def test_sample_name_count():
    """Guards the extraction regex itself: 95 distinct names in the annexes."""
    assert len(sample_names()) == 95


def test_sample_issuer_jurisdiction():
    text = SAMPLE.read_text(encoding="utf-8")
    assert jurisdiction_of(text[text.index("# 中共苏州市委"):]) == "suzhou"


@pytest.mark.parametrize("name", sample_names())
def test_sample_names_resolve(name):
    assert resolve(name, "suzhou") is not None


# ------------------------------------------------------- county-level issuers
@pytest.mark.parametrize("text", _load("jurisdictions.yaml")["county_issuer"]["examples"])
def test_county_issuer_examples(text):
    assert jurisdiction_of(text) not in (None, "suzhou", "wuxi", "jiangsu", "cn")


@pytest.mark.parametrize("text,expected", [
    ("苏州市人民政府关于印发实施方案的通知", "suzhou"),
    ("中共苏州市委关于深入贯彻落实的实施意见", "suzhou"),
    ("关于加快推进港口物流高质量发展的实施意见", None),
])
def test_county_issuer_counterexamples(text, expected):
    assert jurisdiction_of(text) == expected


@pytest.mark.parametrize("name,jurisdiction,expected", [
    ("市发改委", "zhangjiagang", None),  # the county's own bureau, not Suzhou's
    ("省发展改革委", "zhangjiagang", "jiangsu.fgw"),  # provincial aliases still apply
    ("苏州市发改委", "zhangjiagang", "suzhou.fgw"),  # named explicitly
    ("市发改委", "county:沛县", None),
])
def test_county_documents_resolve_their_own_scope(name, jurisdiction, expected):
    hit = resolve(name, jurisdiction)
    assert (hit.id if hit else None) == expected


@pytest.mark.parametrize("name,kind", load_rules("departments.yaml")["unit_kinds"]["examples"])
def test_unit_kind_examples(name, kind):
    from extract.entities.unit_kinds import unit_kind

    assert unit_kind(name) == kind


@pytest.mark.parametrize("name", load_rules("departments.yaml")["unit_kinds"]["counterexamples"])
def test_unit_kind_counterexamples(name):
    from extract.entities.unit_kinds import unit_kind

    assert unit_kind(name) is None
