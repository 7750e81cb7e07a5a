"""The compiled rules of ``extract/rules/assignments.yaml`` that the bracket and label readers use
(labels and their roles, role verbs, conventions, carry-forward notes), for
:mod:`extract.structure.assignments` and :mod:`extract.structure.conventions`.

``rules()`` returns them as one dict of compiled patterns, words and numbers, built once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.model import ROLE_FIELDS
from extract.rules.loader import compile_scan, load_rules, trie_regex

__all__ = ["rules"]


_GAP = "[ \t\r\n]?"  # a label broken by a line end ("牵头\n单位：", a wrapped PDF line) is still a label


def _spaced(words) -> str:
    """An alternation of ``words`` (longest first), each allowed a line break between any two characters."""
    return "|".join(_GAP.join(map(re.escape, w)) for w in sorted(words, key=len, reverse=True))


class LabelRoles:
    """The role of a label text without blanks: a listed wording's (``listed``), else a composed one's
    ("牵头推进部门" → lead), the role word it opens with, longest word first; ``labels[text]`` like a
    dict.  Raises KeyError for a text that is neither."""

    __slots__ = ("_listed", "_words", "_memo")

    def __init__(self, role_words: dict, listed: dict):
        self._listed = listed
        self._words = sorted(((w, role) for role in ROLE_FIELDS for w in role_words[role]),
                             key=lambda wr: len(wr[0]), reverse=True)
        self._memo: dict = {}

    def get(self, text: str, default=None):
        try:
            return self[text]
        except KeyError:
            return default

    def __getitem__(self, text: str) -> str:
        role = self._listed.get(text) or self._memo.get(text)
        if role is None:
            role = next((r for w, r in self._words if text.startswith(w)), None)
            if role is None:
                raise KeyError(text)
            self._memo[text] = role
        return role


def _composed_labels(compose: dict, listed: dict) -> tuple[str, LabelRoles]:
    """The regex of a label: a listed wording, or a composed one (role word, up to two work words, a unit
    noun; rule ``labels.compose``), and the role of a matched label text."""
    roles = compose["role_words"]
    role_alt = _spaced([w for role in ROLE_FIELDS for w in roles[role]])
    work_alt = _spaced(compose["work_words"])
    noun_alt = _spaced(compose["unit_nouns"])
    not_alt = _spaced(compose["not_labels"])
    core = rf"{_spaced(listed)}|(?!{not_alt})(?:{role_alt})(?:{_GAP}(?:{work_alt})){{0,2}}{_GAP}(?:{noun_alt})"
    if compose.get("bare"):  # a role word alone before the colon ("牵头：A；配合：B"; read as a guarded label)
        core += rf"|(?:{_spaced(compose['bare'])})(?=[ \t]*[：:])"
    return core, LabelRoles(roles, listed)


@lru_cache(maxsize=1)
def rules():
    """The compiled rules of ``assignments.yaml`` (labels, verbs, conventions), built once."""
    r = load_rules("assignments.yaml")
    labels = r["labels"]
    verbs = r["verbs"]
    vc = verbs["compose"]  # composed verbs (core × work word), the listed wordings winning
    verb_role = {core + work: role for role in ROLE_FIELDS for core in vc[role] for work in vc["work_words"]}
    verb_role.update({w: role for role in ROLE_FIELDS for w in verbs[role]})
    label_alt, label_role = _composed_labels(labels["compose"], {w: role for role in ROLE_FIELDS for w in labels[role]})
    qual_alt = "|".join(map(re.escape, labels["qualifiers"]))
    alt = labels.get("alternative", "")
    label_alt_tail = alt + labels.get("joined_alternative", "")  # (labels only: "责任处室、单位：")
    person = f"(?:{labels['compose']['person']})?"
    copula = labels.get("copula") or "(?!)"
    verb_alt = trie_regex(verb_role)  # (one path per position: the verbs are many)
    mod_alt = "|".join(sorted(map(re.escape, verbs["modifiers"]), key=len, reverse=True))
    return {
        "label_role": label_role,
        "label_guarded": tuple(labels["compose"].get("guarded", [])),  # labels whose list must be all units
        "label_bare": frozenset(labels["compose"].get("bare", [])),  # (so are role words alone: "牵头：A")
        "verb_role": verb_role,
        "shaped": frozenset(verbs["shaped"]),
        "matter_by": re.compile(verbs["matter_by"]),
        "aside": re.compile(verbs["aside"]),
        # "牵头单位：X" or "【牵头单位】X"
        "alternative_tail": re.compile(rf"(?<=.){alt}$") if alt else None,
        "label_re": compile_scan(rf"(?:【\s*(?:{qual_alt})?(?P<blabel>{label_alt}){label_alt_tail}{person}\s*】|(?:{qual_alt})?(?P<label>{label_alt}){label_alt_tail}{person}\s*(?:[：:]|{copula}))\s*"),
        "label_any": compile_scan(rf"(?:{label_alt}){label_alt_tail}{person}\s*(?:[：:】]|{copula})"),
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
        "carry_label": compile_scan(r["carry_forward"]["label_note"]),  # "X为实施单位，下同" at its 为
        "carry_named": re.compile(r["carry_forward"]["label_named"]),  # (and X, the names right before it)
        "carry_chained": re.compile(r["carry_forward"]["label_chained"]),  # ("A为实施单位，" before it)
        "carry_participants": frozenset(r["carry_forward"]["participants_verbs"]),
        "carry_lead": frozenset(r["carry_forward"]["lead_verbs"]),
        "comma_is_lead": compile_scan(r["comma_is_lead"]["pattern"]),
        "all_are_lead": compile_scan(r["all_are_lead"]["pattern"]),
        "shared_lead": compile_scan(r["shared_lead"]["pattern"]),
        "shared_form": re.compile(r["shared_lead"]["form"]),
        "remark_bracket": re.compile(r["remark_brackets"]["pattern"]),
        "alias_clause": re.compile(r["alias_clause"]["pattern"]),
        "convention_clause": re.compile(f"(?:{r['first_is_lead']['pattern']}|{r['comma_is_lead']['pattern']}|{r['all_are_lead']['pattern']}|{r['shared_lead']['pattern']})[^，,；;。）)]*"
                                        f"(?:[，,；;]\\s*(?:{'|'.join(r['convention_rest']['words'])})[^，,；;。）)]*)?"
                                        f"(?:{r['convention_onward']['masked_tail']})?"),
        "scoped": re.compile(r["scoped"]["pattern"], re.MULTILINE),
        "lead_once": bool(r["lead_once"]["enabled"]),
        "part_lead": bool(r["part_lead"]["enabled"]),
        "bracket_rest": re.compile(r["bracket_rest"]["pattern"]),
        "dated_units": re.compile(r["dated_units"]["deadline"]),
        # a crawled sign-off after a space ends a labelled list ("…农村发展局配合 平潭综合实验区管委会办公室 2016年8月1日印发")
        "sign_off": re.compile(r"(?<=[ \t\u3000])(?:" + r["bare_units"]["sign_off"] + ")"),
    }
