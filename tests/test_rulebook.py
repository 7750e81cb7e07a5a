"""The one rule loader (extract/rules/loader.py): every rule file is checked against schema.yaml at load,
errors name ``file:rule-id``, and the shared lexicon is spliced in where a file refers to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from extract.rules.loader import RULES_DIR, RuleError, expand_lexicon, lexicon, load_rules, read_rules

RULE_FILES = sorted(p.relative_to(RULES_DIR).as_posix() for p in RULES_DIR.rglob("*.yaml") if p.name != "schema.yaml")


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_rule_file_loads_and_matches_its_schema(name):
    assert load_rules(name)


def _write_misspelt(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (RULES_DIR / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_misspelt_rule_key_fails_at_load_naming_file_and_rule(tmp_path):
    path = _write_misspelt(tmp_path, "assignments.yaml", "  participants_verbs:", "  participant_verbs:")
    with pytest.raises(RuleError) as error:
        read_rules(path, "assignments.yaml")
    lines = str(error.value).splitlines()
    assert "assignments.yaml:carry-forward: unknown key 'participant_verbs'" in lines
    assert "assignments.yaml:carry-forward: missing key: 'participants_verbs' is a required property" in lines


def test_a_misspelt_key_of_a_gazetteer_entry_names_the_entry(tmp_path):
    name = "gazetteers/city/suzhou.yaml"
    path = _write_misspelt(tmp_path, name, "{id: suzhou.zfw,", "{id: suzhou.zfw, alias: [x],")
    with pytest.raises(RuleError, match=r"^gazetteers/city/suzhou.yaml:suzhou.zfw: unknown key 'alias'$"):
        read_rules(path, name)


def test_a_pattern_that_does_not_compile_fails_at_load(tmp_path):
    data = yaml.safe_load((RULES_DIR / "structure.yaml").read_text(encoding="utf-8"))
    data["numbering"][0]["pattern"] = "第(?P<n>[一二]+"
    path = tmp_path / "structure.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError, match=r"^structure.yaml:part: pattern: pattern does not compile: '第\(\?P<n>\[一二\]\+'$"):
        read_rules(path, "structure.yaml")


def test_a_wrong_type_names_the_key_path(tmp_path):
    path = _write_misspelt(tmp_path, "assignments.yaml", "  min_left: 3", "  min_left: three")
    with pytest.raises(RuleError, match=r"^assignments.yaml:conjoined-units: min_left: 'three' is not of type 'integer'$"):
        read_rules(path, "assignments.yaml")


def test_a_file_without_schema_is_refused(tmp_path):
    path = tmp_path / "new_rules.yaml"
    path.write_text("things: []\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"^new_rules.yaml: no schema for this file in schema.yaml$"):
        read_rules(path, "new_rules.yaml")


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "html.yaml"
    path.write_text("noise: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"^html.yaml: invalid YAML"):
        read_rules(path, "html.yaml")


def test_lexicon_references_are_spliced_and_joined_in_order():
    data = {"a": [{"lexicon": "unit_suffixes"}, "单位"], "b": "(?:{{lexicon:unit_suffixes}})$",
            "c": "[0-9{{chars:cn_numerals}}]{1,3}"}
    out = expand_lexicon(data, "x.yaml")
    assert out["a"][:3] == ["局", "委", "办"] and out["a"][-2:] == ["管委会", "单位"]
    assert out["a"][:-1] == lexicon()["unit_suffixes"]
    assert out["b"].startswith("(?:局|委|办|厅|部|") and out["b"].endswith("|街道|乡镇|园区|管委会)$")
    assert out["c"] == "[0-9一二三四五六七八九十]{1,3}"
    assert data["a"][0] == {"lexicon": "unit_suffixes"}  # the input is left alone


def test_chars_reference_needs_one_character_words():
    with pytest.raises(RuleError, match=r"^x.yaml: \{\{chars:unit_suffixes\}\} needs one-character words$"):
        expand_lexicon({"a": "[{{chars:unit_suffixes}}]"}, "x.yaml")


def test_files_using_the_lexicon_expand_to_the_words_they_used_to_copy():
    assert load_rules("assignments.yaml")["space_separated"]["unit_end"] == (
        "(?:局|委|办|厅|部|署|府|会|院|室|处|所|站|中心|集团|公司|银行|行|馆|队|社|团|街道|乡镇|园区|管委会)$")
    assert load_rules("structure.yaml")["annex"]["pattern"].startswith(
        "^[#>\\s]*附件(?:[ \\t]*(?P<n>[0-9一二三四五六七八九十]{1,3})")


def test_role_and_duty_words_expand_to_the_words_they_used_to_copy():
    a = load_rules("assignments.yaml")
    assert a["unparsed_hint"]["pattern"] == "牵头|负责|参与|配合|责任单位|协办"
    verbs = ("建立|推进|做好|负责|开展|制定|加强|研究|完善|落实|抓好|组织|编制|确定|发布|实施|签订|指导|督促|拟定|划定|采取|优化|下达|起草|安排|遴选|成立"
             "|梳理|选择|明确|核查|核实|复核|审核")  # (s35w: the acts of sorting, choosing and checking, lexicon duty_verbs)
    assert a["prose"]["with"].endswith(f"(?={verbs}|将|对|根据|按照|按年度|依法|共同|统筹|协调|进行|围绕|在|通过|"
                                       "从[^，,。；;：:]{1,30}?(?:方面|角度|层面)|\\s*$)")
    assert a["prose"]["with_more"].endswith(f"(?={verbs}|完成|共同|另行|定期|进行|对(?!外)|按(?:月|季度|年度?|照|期)|于[^，,。；;：:]{{2,16}}?前(?:{verbs}|完成)|\\s*$)")
    assert "(?:按职责分工|按照职责分工|按职责|按照职责|依法|分别|具体|统一|切实|主要|" in a["prose"]["duty"]
    assert {"牵头", "负责", "参与", "配合"} <= set(load_rules("departments.yaml")["looks_like"]["reject_words"])


def test_every_lexicon_entry_is_shared_by_at_least_two_rules():
    refs = re.compile(r"\{lexicon: *([a-z_]+)\}|\{\{(?:lexicon|chars):([a-z_]+)\}\}")
    uses: dict[str, int] = {}
    for path in RULES_DIR.rglob("*.yaml"):
        if path.name not in ("lexicon.yaml", "schema.yaml"):
            for m in refs.finditer(path.read_text(encoding="utf-8")):
                uses[m.group(1) or m.group(2)] = uses.get(m.group(1) or m.group(2), 0) + 1
    assert {name: uses.get(name, 0) for name in lexicon() if uses.get(name, 0) < 2} == {}


def test_an_unknown_lexicon_entry_names_the_file():
    with pytest.raises(RuleError, match=r"^x.yaml: unknown lexicon entry 'no_such_list'"):
        expand_lexicon({"a": [{"lexicon": "no_such_list"}]}, "x.yaml")


def test_the_reader_order_in_the_rule_data_decides_which_reader_wins(monkeypatch):
    """assignments.yaml ``readers``: bare_units before prose; the other order reads the prose instead."""
    from extract.structure import tasks
    from extract.structure.normalize import clean

    raw = load_rules("assignments.yaml")["readers"]["examples"][0][0]
    text = clean(raw).text

    def roles():
        _, found, _ = tasks.build_tasks(text, [], 0, len(text), "d")
        return [[r.name for r in getattr(found[0], k)] for k in ("lead", "participants", "responsible")]

    assert tasks.reader_order()["task"] == ("bare_units", "prose")
    assert roles() == [[], [], ["市发展改革委", "市审批服务局"]]
    monkeypatch.setattr(tasks, "reader_order", lambda: {"item": ("explicit", "labelled_duties"),
                                                         "task": ("prose", "bare_units")})
    assert roles() == [["市科技局"], ["市财政局"], []]


def test_the_reader_order_must_start_with_the_explicit_reader(tmp_path):
    path = _write_misspelt(tmp_path, "assignments.yaml", "  item: [explicit, labelled_duties, bracket_duties, reply_frames]",
                           "  item: [labelled_duties, explicit, bracket_duties, reply_frames]")
    with pytest.raises(RuleError, match=r"assignments.yaml:reader-order: item.0: 'explicit' was expected"):
        read_rules(path, "assignments.yaml")


@pytest.mark.parametrize("name", RULE_FILES)
def test_the_suggested_schema_accepts_the_file_and_refuses_an_unknown_key(name):
    """extract.rules.suggest_schema (the tool for writing schema.yaml entries) on every current file."""
    from jsonschema import Draft202012Validator

    from extract.rules.loader import _schema
    from extract.rules.suggest_schema import infer

    data = expand_lexicon(yaml.safe_load((RULES_DIR / name).read_text(encoding="utf-8")), name)
    schema = {"$defs": _schema()["$defs"], **infer([data])}
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert list(Draft202012Validator(schema).iter_errors({**data, "misspelt_key": 1}))


def test_suggest_schema_prints_a_rules_entry(capsys):
    from extract.rules.suggest_schema import main

    assert main(["assignments.yaml", "--key", "carry_forward"]) == 0
    assert yaml.safe_load(capsys.readouterr().out) == {"carry_forward": {
        "$ref": "#/$defs/rule", "properties": {"label_note": {"type": "string"}, "label_named": {"type": "string"},
                                               "label_chained": {"type": "string"},
                                               "participants_verbs": {"$ref": "#/$defs/strings"},
                                               "lead_verbs": {"$ref": "#/$defs/strings"}},
        "required": ["label_note", "label_named", "label_chained", "participants_verbs", "lead_verbs"],
        "unevaluatedProperties": False}}
