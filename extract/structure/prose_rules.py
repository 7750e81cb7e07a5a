"""The compiled rule ``prose`` of ``extract/rules/assignments.yaml`` (and its part ``everywhere``),
shared by the prose readers (:mod:`extract.structure.prose`, :mod:`extract.structure.prose_units`)."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.memo import lasting
from extract.rules.loader import load_rules
from extract.structure.prefilter import any_needed, prefiltered_values

#: The patterns of rule ``prose`` that ``prose.find_prose_assignments`` tries on a clause by itself; a
#: clause holding no literal any of them needs (and not followed by ``must_comma``) assigns nothing
#: there and is passed over (:func:`clause_live`).  A pattern that loop starts to try on a clause
#: must be listed here (tests/test_extract_hot_paths.py checks the loop's source against it).
CLAUSE_RULES = ("continues", "subject", "subject_bare", "with_more", "by", "with", "role", "duty", "role_duty",
                "liable", "holder", "acts", "shall", "remit_duty", "named_acts", "joint_work", "must", "phase_acts")


@lru_cache(maxsize=1)
@prefiltered_values
def rules() -> dict:
    """The regexes, words and numbers of rule ``prose``, compiled once."""
    p = load_rules("assignments.yaml")["prose"]
    return {"with": re.compile(p["with"]), "with_organiser": re.compile(p["with_organiser"]["pattern"]), "role": re.compile(p["role"]), "duty": re.compile(p["duty"]),
            "role_duty": re.compile(p["role_duty"]), "must": re.compile(p["must"]),
            "must_generic": re.compile(p["must_generic"]), "must_generic_alone": re.compile(p["must_generic_alone"]), "must_generic_kinds": re.compile(p["must_generic_kinds"]), "must_generic_related": re.compile(p["must_generic_related"]["pattern"]), "phase_acts": re.compile(p["phase_acts"]["pattern"]), "phase_item": re.compile(p["phase_acts"]["item"]), "phase_before": re.compile(p["phase_acts"]["heading_before"]), "must_lead": re.compile(p["must_lead"]), "must_weak": re.compile(p["must_weak"]), "lead_pause": re.compile(p["lead_pause"]["pattern"]), "must_attitude": re.compile(p["must_attitude"]), "must_weak_then": re.compile(p["must_weak_then"]), "must_also": re.compile(p["must_also"]["pattern"]), "must_parallel": re.compile(p["must_also"]["parallel"]), "by_order": re.compile(p["by_order"]["pattern"]), "must_comma": tuple(p["must_comma"]), "shall_comma": tuple(p["shall_comma"]), "shall": re.compile(p["shall"]), "shall_weak": re.compile(p["shall_weak"]), "shall_partner": re.compile(p["shall_partner"]), "shall_generic": re.compile(p["shall_generic"]), "liable": re.compile(p["liable"]), "holder": re.compile(p["holder"]), "remit_duty": re.compile(p["remit_duty"]["pattern"]), "named_acts": re.compile(p["named_acts"]["pattern"]), "joint_work": re.compile(p["joint_work"]["pattern"]), "issued_document": re.compile(p["issued_document"]["pattern"]),
            "acts": re.compile(p["acts"]), "named_body": re.compile(p["named_body"]), "acts_partners": re.compile(p["acts_partners"]), "acts_partner_verbs": tuple(p["acts_partner_verbs"]),
            "run_in_closing": re.compile(p["run_in_closing"]), "heading_one_paragraph": bool(p["heading_one_paragraph"]),
            "by": re.compile(p["by"]), "by_initial": re.compile(p["by_initial"]), "by_interpretation": re.compile(p["by_interpretation"]),
            "by_after": re.compile(p["by_after"]), "by_topic": re.compile(p["by_topic"]), "after_condition": re.compile(p["after_condition"]), "after_basis": re.compile(p["after_basis"]), "connective": re.compile(p["connective"]), "after_case": re.compile(p["after_case"]), "sentence_marks": p["sentence_marks"],
            "with_more": re.compile(p["with_more"]), "people": re.compile(p["people"]), "verbs": p["verbs"],
            "subject": re.compile(p["subject"]["pattern"]), "subject_bare": re.compile(p["subject"]["bare"]), "bare_not": re.compile(p["subject"]["bare_not"]), "continues": re.compile(p["subject"]["continues"]), "remit": re.compile(p["subject"]["remit"]), "subject_condition": re.compile(p["subject"]["condition"]),
            "continues_anywhere": set(p["subject"]["anywhere"]), "sentence_ends": p["subject"]["sentence_ends"],
            "matter_by": re.compile(p["matter_by"]), "type_remark": re.compile(p["type_remark"]), "reference": re.compile(p["reference"]),
            "by_generic_penalty": re.compile(p["by_generic_penalty"]), "by_penalty_verbs": tuple(p["by_penalty_verbs"]), "inner_by": re.compile(p["inner_by"]),
            "alternative": re.compile(p["alternative"]), "alternative_heads": tuple(p["alternative_heads"]),
            "elided_max": int(p["elided_head"]["max_item"]),
            "elided_heads": sorted(p["elided_head"]["heads"], key=len, reverse=True),
            "elided_stem_ends": tuple(p["elided_head"].get("stem_ends", ())),
            "second_name": re.compile(p["second_name"]), "inclusion": re.compile(p["inclusion"]), "repeated_prefix": re.compile(p["repeated_prefix"]),
            "self_governing": re.compile(p["self_governing"]["pattern"]), "self_governing_short": re.compile(p["self_governing"]["short"]), "party_tail": re.compile(p["party_tail"]["pattern"]), "party_tail_words": tuple(p["party_tail"]["words"]), "party_tail_bodies": re.compile(p["party_tail"]["bodies"]), "media_tail": re.compile(p["party_tail"]["media"]), "regulated_party": re.compile(p["regulated_party"]["pattern"]), "listed_party": re.compile(p["regulated_party"]["listed"]), "alias": re.compile(p["alias"]["pattern"]), "alias_inner": re.compile(p["alias"]["inner"]), "concerned": re.compile(p["concerned"]["pattern"]), "kept_locator": re.compile(p["concerned"]["kept"]), "located": re.compile(p["located"]["pattern"]), "kind_of": re.compile(p["kind_of"]["pattern"]),
            "shall_group": re.compile(p["shall_group"]), "either": re.compile(p["either"]["pattern"]), "possessive": re.compile(p["possessive"]["pattern"]), "listed_zone": re.compile(p["listed_zone"]["pattern"]), "bracketed_zone": re.compile(p["listed_zone"]["bracketed"]), "listed_town": re.compile(p["listed_town"]["pattern"]), "own_parts": re.compile(p["possessive"]["own_parts"]), "own_types": re.compile(p["possessive"]["own_types"]),
            "level_prefix": re.compile(p["level_list"]["prefix"]), "level_joiner": re.compile(p["level_list"]["joiner"]),
            "clause_list": re.compile(p["clause_list"]["pattern"]), "clause_list_min": int(p["clause_list"]["min"]),
            "duty_list_heading": re.compile(p["duty_list_heading"]["pattern"]),
            "list_lead_in": re.compile(p["list_lead_in"]["pattern"]),
            "no_kind": frozenset(p["no_kind"]["group_kinds"]),
            "glued_heading": re.compile(p["glued_heading"]["pattern"]),
            "listed_head": re.compile(p["listed_head"]["pattern"]),
            "inner_joiner": re.compile(p["inner_joiner"]["pattern"]),
            "label_lead_in": re.compile(p["label_lead_in"]["pattern"]),
            "spaced_heading": re.compile(p["spaced_heading"]["pattern"]), "by_level_only": re.compile(p["by_level_only"])}


@lru_cache(maxsize=1)
def clause_live():
    """``search(s[, pos, endpos])`` finding a literal one of the :data:`CLAUSE_RULES` patterns needs
    (:func:`extract.structure.prefilter.any_needed`), or None when one of them needs none."""
    r = rules()
    return any_needed([getattr(r[k], "rx", r[k]) for k in CLAUSE_RULES])


#: The patterns ``prose.find_prose_assignments`` tries in turn on a clause of a duty context (role, its duty form and
#: the modal and act rules): a clause holding no literal any of them needs is tried by none (one scan, not ten).
DUTY_RULES = ("role", "duty", "role_duty", "liable", "holder", "acts", "shall", "remit_duty", "named_acts", "phase_acts")


@lru_cache(maxsize=1)
def duty_rules_live():
    """``search(s)`` finding a literal one of the :data:`DUTY_RULES` needs, or None when one of them needs none."""
    r = rules()
    return any_needed([getattr(r[k], "rx", r[k]) for k in DUTY_RULES])


@lasting(maxsize=1 << 16)  # (a pure function of the clause: kept in a plain dict across documents, see extract.memo)
def after_opening(before: str) -> bool:
    """Whether the clause after ``before`` (a clause, stripped) opens its sentence by what ``before`` is: "关于…"
    (``by_after``) or a time or condition clause (``after_condition``: "各地启动预警后，…", anywhere in its sentence).
    Remembered: the prose reader and the subject reader ask it of the same clauses."""
    r = rules()
    return bool(r["by_after"].match(before) or r["after_condition"].search(before))


@lru_cache(maxsize=1)
def everywhere_rules() -> tuple:
    """(exhortation, organisation) of rule ``prose.everywhere``, compiled."""
    e = load_rules("assignments.yaml")["prose"]["everywhere"]
    return re.compile(e["exhortation"]), re.compile(e["organisation"])


def phase_step(text: str, pos: int, end: int) -> bool:
    """Whether the item at ``pos`` is a step of the work's timetable ("（一）部署阶段（2017年2月）。…", rule
    ``prose.phase_acts``), or ``pos`` opens the first sentence after such a step's heading words: its sentences that
    open with their units and an act are duties."""
    r = rules()
    return bool(r["phase_item"].match(text, pos, end) or r["phase_before"].search(text[max(0, pos - 50):pos]))

