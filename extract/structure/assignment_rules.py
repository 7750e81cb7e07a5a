"""The compiled rules of ``extract/rules/assignments.yaml`` that the bracket and label readers use
(labels and their roles, role verbs, conventions, carry-forward notes), for
:mod:`extract.structure.assignments` and :mod:`extract.structure.conventions`.

``rules()`` returns them as one dict of compiled patterns, words and numbers, built once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.model import ROLE_FIELDS
from extract.rules.loader import compile_scan, load_rules

__all__ = ["rules"]


@lru_cache(maxsize=1)
def rules():
    """The compiled rules of ``assignments.yaml`` (labels, verbs, conventions), built once."""
    r = load_rules("assignments.yaml")
    labels = r["labels"]
    label_role = {w: role for role in ROLE_FIELDS for w in labels[role]}
    verbs = r["verbs"]
    verb_role = {w: role for role in ROLE_FIELDS for w in verbs[role]}
    # a label broken by a line end ("牵头\n单位：", a wrapped PDF line) is still a label
    label_alt = "|".join("[ \t\r\n]?".join(map(re.escape, w)) for w in sorted(label_role, key=len, reverse=True))
    qual_alt = "|".join(map(re.escape, labels["qualifiers"]))
    alt = labels.get("alternative", "")
    verb_alt = "|".join(sorted(map(re.escape, verb_role), key=len, reverse=True))
    mod_alt = "|".join(sorted(map(re.escape, verbs["modifiers"]), key=len, reverse=True))
    return {
        "label_role": label_role,
        "verb_role": verb_role,
        "shaped": frozenset(verbs["shaped"]),
        "matter_by": re.compile(verbs["matter_by"]),
        # "牵头单位：X" or "【牵头单位】X"
        "alternative_tail": re.compile(rf"(?<=.){alt}$") if alt else None,
        "label_re": compile_scan(rf"(?:【\s*(?:{qual_alt})?(?P<blabel>{label_alt}){alt}\s*】|(?:{qual_alt})?(?P<label>{label_alt}){alt}\s*[：:])\s*"),
        "label_any": compile_scan(rf"(?:{label_alt}){alt}\s*[：:】]"),
        "other_field": re.compile(r["other_field"]["pattern"]),
        "body_stop": re.compile(r["labels"]["body_stop"]),
        "heading_quote": re.compile(r["labels"]["heading_quote"]),
        "heading_min": int(r["labels"]["heading_min"]),
        # a unit ending (rule conjoined): anywhere, and at the end of a name
        "collective": tuple(r["conjoined"].get("collective", [])),
        "unit_like_end": re.compile(r["conjoined"]["unit_end"]),
        "remark": re.compile(r["remark_clauses"]["pattern"]),
        "label_after": re.compile(r["label_after"]),
        "run_gap": re.compile(r["labels"]["run_gap"]),
        "verb_end": re.compile(rf"^(?P<list>.*?)(?:{mod_alt})*?(?P<verb>{verb_alt})$"),
        # "区财政局负责资金保障": a unit list, its role verb, then the matter (rule verbs.verb_mid)
        "verb_mid": re.compile(rf"^(?P<list>[^，,；;、]{{2,40}}?(?:、[^，,；;、]{{2,40}}?)*?)(?:{mod_alt})*?(?P<verb>{verb_alt})(?P<matter>[\u4e00-\u9fff“\"].*)$"),
        "verb_any": compile_scan(verb_alt),
        "together": re.compile("(?:" + "|".join(map(re.escape, r["together"]["words"]))
                               + ("|" + r["together"]["guarded"] if r["together"].get("guarded") else "") + ")"),
        "together_free": frozenset(r["together"]["words"]),
        "first_is_lead": compile_scan(r["first_is_lead"]["pattern"]),
        "ignore": re.compile(r["ignore_clauses"]),
        "max_length": int(r["max_length"]),
        "cell_lead": re.compile(r["cell_lead_mark"]["pattern"]),
        "carry": compile_scan(r["carry_forward"]["pattern"]),
        "carry_participants": frozenset(r["carry_forward"]["participants_verbs"]),
        "comma_is_lead": compile_scan(r["comma_is_lead"]["pattern"]),
        "remark_bracket": re.compile(r["remark_brackets"]["pattern"]),
        "alias_clause": re.compile(r["alias_clause"]["pattern"]),
        "convention_clause": re.compile(f"(?:{r['first_is_lead']['pattern']}|{r['comma_is_lead']['pattern']})[^，,；;。）)]*"
                                        f"(?:[，,；;]\\s*(?:{'|'.join(r['convention_rest']['words'])})[^，,；;。）)]*)?"
                                        f"(?:{r['convention_onward']['masked_tail']})?"),
        "scoped": re.compile(r["scoped"]["pattern"], re.MULTILINE),
        "lead_once": bool(r["lead_once"]["enabled"]),
        "part_lead": bool(r["part_lead"]["enabled"]),
        "dated_units": re.compile(r["dated_units"]["deadline"]),
        # a crawled sign-off after a space ends a labelled list ("…农村发展局配合 平潭综合实验区管委会办公室 2016年8月1日印发")
        "sign_off": re.compile(r"(?<=[ \t\u3000])(?:" + r["bare_units"]["sign_off"] + ")"),
    }
