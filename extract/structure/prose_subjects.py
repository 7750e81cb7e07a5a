"""The generic subject–verb reader of prose duties (rule ``prose.subject_verb`` in ``extract/rules/assignments.yaml``).

The clause rules of :func:`extract.structure.prose.find_prose_assignments` read a unit before a listed modal or role
verb ("X要…", "X应当…", "X负责…", "X牵头…").  ``subject_acts(text, start, end, accept, found)`` reads the rest: a
clause that opens a sentence (or follows a condition, "…后，") whose words before its first verb of doing are
units in subject position ("区住建局牵头制定…", "市场监管部门加强…", "公安机关依法查处…", "区财政从…安排…").
A verb of doing is decided by the words' part of speech (:func:`extract.entities.segment.word_tags`) and the
rule's word lists, not by a list of duty wordings; the units are responsible, and :func:`extract.structure.verb_roles.reread`
(run by the caller on every prose assignment) gives the role the verb phrase states.  Clauses an assignment of
``found`` already starts in, clauses the other rules decided (a modal or role verb after the unit), past facts,
conditions and attitudes give nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities import departments
from extract.entities.segment import word_tags
from extract.entities.unit_lists import split_top
from extract.memo import LIMIT, document_memo, lasting
from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.prose_rules import after_opening, everywhere_rules, rules as _prose_rules
from extract.structure.prose_units import accepted_units

__all__ = ["Acted", "modes", "opens_with_name", "same_actor", "subject_acts"]


class Acted(Assignment):
    """An assignment read by rule ``prose.subject_verb`` (:func:`extract.structure.prose_filters.everywhere_units`
    leaves it out where it gates the rule off)."""

_MARKS = "，,。；;！!？?\n"
_SENTENCE_END = re.compile("[。；;！!？?\n：:]")
_MISSING = object()


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = load_rules("assignments.yaml")["prose"]["subject_verb"]
    return {"modes": frozenset(r["modes"]), "preamble": re.compile(r["preamble"]),
            "not_subject": re.compile(r["not_subject"]), "subject_max": int(r["subject_max"]),
            "verb_tags": frozenset(r["verb_tags"]), "not_first_tags": frozenset(r["not_first_tags"]),
            "inner_tags": frozenset(r["inner_tags"]), "joiners": frozenset(r["joiners"]),
            "inner_words": frozenset(r["inner_words"]), "inner_pattern": re.compile(r["inner_pattern"]), "not_first_words": frozenset(r["not_first_words"]), "subject_min": int(r["subject_min"]), "known_words": int(r["known_words"]), "known_not": re.compile(r["known_not"]), "partner_next": re.compile(r["partner_next"]), "by_clause": re.compile(r["by_clause"]), "by_clause_modes": frozenset(r["by_clause_modes"]), "by_clause_not_after": re.compile(r["by_clause_not_after"]), "by_approves": re.compile(r["by_approves"]), "article_before": re.compile(r["article_before"]), "matter_by": re.compile(r["matter_by"]), "matter_tags": tuple(r["matter_tags"]), "matter_not_first": frozenset(r["matter_not_first"]), "short_from": int(r["short_from"]), "short_ok": re.compile(r["short_ok"]), "condition_subject": re.compile(r["condition_subject"]), "oblique_subject": re.compile(r["oblique_subject"]), "oblique_modes": frozenset(r["oblique_modes"]), "wrap_min": int(r["wrap_min"]), "sentence_not": re.compile(r["sentence_not"]),
            "partner_near": re.compile(r["partner_near"]), "lead_near": re.compile(r["lead_near"]),
            "name_start": re.compile(r["name_start"]), "organ_end": re.compile(r["organ_end"]),
            "organ_continues": re.compile(r["organ_continues"]), "remit_only": re.compile(r["remit_only"]),
            "gap_tags": frozenset(r["gap_tags"]),
            "gap_words": frozenset(r["gap_words"]), "gap_max": int(r["gap_max"]),
            "obliques": frozenset(r["obliques"]), "stops": frozenset(r["stops"]), "verbs": frozenset(r["verbs"]), "name_ends": frozenset(r["name_ends"]), "idiom_ends": tuple(r["idiom_ends"]),
            "not_verbs": frozenset(r["not_verbs"]), "decided": re.compile(r["decided"]),
            "background": re.compile(r["background"]), "condition": re.compile(r["condition"]),
            "weak": re.compile(r["weak"]), "join_marks": r["join_marks"], "chain_marks": r["chain_marks"], "relative_mark": r["relative_mark"]}


def same_actor(found: list, before: list) -> bool:
    """``found`` are assignments of this rule only and name units the assignments ``before`` name already (GOLD_GUIDE
    R8: later sentences of the same unit stay in its task; "各乡镇要…。各乡镇至少建成…" is one run)."""
    if not found or not all(isinstance(a, Acted) for a in found):
        return False
    names = {n for a in found for n, _ in a.lead + a.participants + a.responsible}
    earlier = {n for a in before for n, _ in a.lead + a.participants + a.responsible}
    return bool(earlier) and all(any(b.startswith(u) or b.endswith(u) for b in earlier) for u in names)


def opens_with_name(s: str) -> bool:
    """Whether ``s`` opens with a word that may start a unit's name, not a verb, preposition or adverb ("强化政府对…":
    no subject; rule ``subject_verb.not_first_tags`` / ``not_first_words``)."""
    r = _rules()
    tags = word_tags(s[:12])
    return bool(tags) and tags[0][1] not in r["not_first_tags"] and tags[0][0] not in r["not_first_words"]


def modes() -> frozenset:
    """The duty modes of ``find_prose_assignments`` the reader reads in (rule ``subject_verb.modes``)."""
    return _rules()["modes"]


def subject_acts(text: str, start: int, end: int, accept, found: list[Assignment], clauses=None,
                 mode: str = "") -> list[Assignment]:
    """The assignments of the clauses of ``text[start:end]`` that open with units and a verb of doing (see the
    module doc), one per clause, its units responsible; clauses an assignment of ``found`` starts in are passed
    (``clauses``: the caller's ``split_top`` of the range at the same marks, not made again); in the modes of rule
    ``by_clause_modes`` a clause "由X<act>…" opens wherever it stands in its sentence."""
    r, p = _rules(), _prose_rules()
    marks = p["sentence_marks"]
    by_clause = r["by_clause"] if mode in r["by_clause_modes"] else None
    # (in an article of a regulation, "…有下列情形之一的，由X…" is the enforcement family the article readers decide)
    case_by = by_clause is not None and not r["article_before"].search(text, max(0, start - 12), start)
    starts = sorted([a.span[0] for a in found]) if found else ()  # (most calls: none found)
    out: list[Assignment] = []
    previous = ""
    clauses = list(split_top(text[start:end], start, _MARKS) if clauses is None else clauses)
    duty_before = False  # the clause before this one is a unit's duty (an assignment of ``found`` or read here starts in it)
    for k, (clause, pos) in enumerate(clauses):
        at = pos
        stripped = clause.lstrip()
        pos += len(clause) - len(stripped)
        before, previous = previous, stripped
        chained, duty_before = duty_before, False
        own = bool(starts) and any(at <= x < pos + len(stripped) for x in starts)
        duty_before = own
        if len(stripped) < 4 or not (at == start and (at == 0 or text[at - 1] not in "，,、") or text[at - 1] in marks
                                     or after_opening(before)
                                     or by_clause is not None and stripped[0] == "由" and by_clause.match(stripped)
                                     and (case_by or not r["by_clause_not_after"].search(before))
                                     or chained and text[at - 1] in r["chain_marks"] and r["name_start"].match(stripped)):
            continue  # (the clause opens no sentence; the checks are cheapest first, each alone gives nothing; a
            # comma-chained clause is read only when it opens with a level or a place, as a body's name does)
        if own:
            continue
        read = _read(stripped, accept)  # (what the clause's own words give, remembered for the document)
        matter = r["matter_by"].match(stripped) if read is None and by_clause is not None else None
        words = word_tags(matter.group()) if matter else ()
        if matter and not (words[0][1] not in r["matter_not_first"] and opens_with_name(stripped)
                           and words[-1][1].startswith(r["matter_tags"])):
            matter = None  # "改革现行由行政部门下达…": a verb phrase before 由, no matter (a noun phrase)
        if matter:  # "房屋征收资金由相关乡镇…提出…": the matter, then "由X<act>…" (rule matter_by)
            read = _read(stripped[matter.end():], accept)
            read = _moved(read, matter.end()) if read is not None else None
        if read is None and k + 1 < len(clauses) and text.startswith(("，", ","), pos + len(stripped)):
            read = _condition_subject(stripped, clauses[k + 1][0], clauses[k + 1][1] - pos, accept, r,
                                      mode in r["oblique_modes"])
        if read is None:
            continue
        if at > 0 and text[at - 1] == "\n" and _wrapped(text, at - 1, r):
            continue  # (a line a hard wrap broke: "…等文件向城\n乡规划主管部门申领…" opens no sentence)
        stop = _SENTENCE_END.search(text, pos + len(stripped), end)
        if r["sentence_not"].search(text, pos, stop.start() if stop else end):
            continue  # "X…，可以…": a mere power; "X…，适用本办法": a scope
        if stop and stop.group() in "：:":
            continue  # "X按照隶属关系，提交以下材料：": a lead-in to a list (the duty-list readers read it)
        if stripped[0] == "由" and r["by_approves"].match(stripped, max(e for _, (_, e) in read.lead + read.participants
                                                                         + read.responsible)):
            continue  # "…，由区人民政府认定后予以公布": a body that approves (GOLD_GUIDE "Prose duties" 4)
        if chained and text[at - 1] in r["chain_marks"] and any(
                w in r["gap_words"] for n, _ in read.lead + read.participants + read.responsible for w, _ in word_tags(n)):
            continue  # (a clause after a comma: no adverb inside a name, "市民政局每年代表市委…" is none)
        if read.responsible and r["partner_next"].match(text, pos + len(stripped), end):
            read = Acted(span=read.span, participants=read.responsible)  # "X落实…，配合做好…": X takes part
        out.append(_moved(read, pos))
        duty_before = True
    return out


_READ = document_memo()  # (stripped clause, accept) -> its assignment at offset 0, or None


def _read(stripped: str, accept) -> Assignment | None:
    """The assignment the clause ``stripped`` gives by its own words (at offset 0), or None; remembered for the
    document (the same clause is read again: a repeated text, an item read within its task)."""
    key = (stripped, accept)
    got = _READ.get(key, _MISSING)
    if got is _MISSING:
        r = _rules()
        pre = r["preamble"].match(stripped)
        cut = pre.end() if pre else 0
        s = stripped[cut:]
        got = None if r["not_subject"].match(s) or r["condition"].search(s) else _subject_clause(s, cut, 0, accept, r)
        if len(_READ) >= LIMIT:
            _READ.clear()
        _READ[key] = got
    return got


def _condition_subject(stripped: str, following: str, offset: int, accept, r: dict,
                       oblique_ok: bool = False) -> Assignment | None:
    """The assignment of a time or condition clause that opens with its units ("财政部在办理…结算时，按…返还给…") whose
    next clause (``following``, ``offset`` characters after the clause's start) acts with no subject of its own: the
    units act there (rule ``condition_subject``); None otherwise."""
    pre = r["preamble"].match(stripped)
    cut = pre.end() if pre else 0
    s = stripped[cut:]
    oblique = oblique_ok and not r["condition_subject"].search(s) and r["oblique_subject"].search(s)
    if oblique and any(_verb(w, t, r) for w, t in word_tags(s[oblique.start():])[1:-1]):
        oblique = None  # "X按照国家规定加强…": the clause acts by itself (its oblique phrase holds no verb but its last word)
    if not (oblique or r["condition_subject"].search(s)) or r["not_subject"].match(s):
        return None
    nxt = following.lstrip()
    if len(nxt) < 4 or r["decided"].match(nxt) or _read(nxt, accept) is not None:
        return None  # (a modal: the modal rules read "X在…后，应当…"; a subject of its own)
    tags = word_tags(nxt[:12])
    if not tags or not (_verb(*tags[0], r) or tags[0][0] in r["obliques"] or tags[0][0] in r["gap_words"]):
        return None  # (the next clause opens with a verb, an oblique or an adverb: it has no subject)
    a = _subject_clause(s + "，" + nxt[:12] if oblique else s, cut, 0, accept, r)  # (an oblique clause: its act is
    if a is None:  # the next clause's verb, rule oblique_subject)
        return None
    end = offset + len(following)
    return Acted(span=(a.span[0], end), lead=a.lead, participants=a.participants, responsible=a.responsible)


def _moved(a: Assignment, pos: int) -> Assignment:
    """A new ``Acted`` like ``a`` with every span ``pos`` later."""
    move = lambda names: [(n, (s + pos, e + pos)) for n, (s, e) in names]  # noqa: E731
    return Acted(span=(a.span[0] + pos, a.span[1] + pos), lead=move(a.lead), participants=move(a.participants),
                 responsible=move(a.responsible))


def _subject_clause(s: str, head: int, pos: int, accept, r: dict) -> Assignment | None:
    """The assignment of the clause ``s`` (at ``head``) whose longest opening of department-shaped units a verb of
    doing follows; the opening runs on over no preposition, adverb, role word or modal."""
    opening = s[:r["subject_max"] + 20]
    tags = word_tags(opening)
    if not tags or tags[0][0] in r["not_first_words"] or tags[0][1] in r["not_first_tags"] and not (
            tags[0][1] in r["verb_tags"] and _known_opening(tags, r)):
        return None  # "通过政府…", "依法严厉惩处…": the clause opens with no name
    if _decided_word(opening):
        return None  # (a modal anywhere in the words read: "X、Y和Z要…" is the modal rules' clause; decided first,
        # before any unit is read, as it gives nothing wherever it stands)
    at, best = 0, None
    for i, (word, tag) in enumerate(tags):
        if at > r["subject_max"] or word.isspace():
            break  # (a name holds no space: "王均坦 人行合肥中心支行行长" is a table's row)
        if (at >= r["subject_min"] and len(s) - at - len(word) >= 2 and s[at - 1] not in r["join_marks"]
                and (at >= r["short_from"] or r["short_ok"].match(s, 0, at)) and _acts(tags, i, r)):
            units = accepted_units(s[:at], head, accept) if not r["inner_pattern"].search(s, 1, at) else []
            if units and all(_shaped(n, r) for n, _ in units):  # (the cheap tests first: a short opening that is
                best = (at, units)  # no "我局" is never read)
        if word in r["stops"] or i and (tag in r["inner_tags"] and word not in r["joiners"] or word in r["not_verbs"]
                                         or word in r["inner_words"]):
            break  # "医疗机构根据区社会事业局…", "X是…", "X牵头…": no name runs on over a preposition, an adverb, a
            # role word or a modal
        at += len(word)
    if best is None:
        return None
    at, units = best
    rest = s[at:]
    if (r["decided"].match(_after_gaps(tags, s, at, r)) or r["background"].search(rest) or r["weak"].search(rest)
            or r["remit_only"].match(rest) or _generic(units) or r["organ_continues"].match(rest) and any(
                not r["name_start"].match(n) and departments.resolve(n) is None for n, _ in units)):
        return None  # (read by the other rules, a past fact, an attitude, a remit, a kind of body, a longer name)
    a = Acted(span=(pos, head + len(s)))  # (from the clause's start, as the other rules read)
    role = "participants" if r["partner_near"].match(rest) else "lead" if r["lead_near"].match(rest) else "responsible"
    getattr(a, role).extend(units)  # ("各分局派人员配合做好…": participants; verb_roles reads "X牵头…", "X组织Y…")
    org = everywhere_rules()[1]  # (a leading group is organisation: rule prose.everywhere.organisation)
    return None if all(org.search(n) for n, _ in units) else a


@lasting(maxsize=1 << 16)  # (a pure function of the clause's opening, like word_tags: kept in a plain dict)
def _decided_word(opening: str) -> bool:
    """Whether a word of ``opening`` (:func:`word_tags`) is a modal or role word (rule ``subject_verb.decided``)."""
    decided = _rules()["decided"].fullmatch
    return any(decided(w) for w, _ in word_tags(opening))


def _known_opening(tags: tuple, r: dict) -> bool:
    """Whether the clause's first words (up to ``known_words``) join into a known department or type whose first word
    the segmenter tags as a verb ("登记管理机关依法…", "监督管理部门…": a name, not an act; rule ``known_words``)."""
    if tags[0][0] in r["inner_words"] or tags[0][0] in r["obliques"]:
        return False  # "开展行业部门…", "依托单位…": a verb of doing or an oblique governs the name after it
    name = ""
    for word, _ in tags[:r["known_words"]]:
        name += word
        if len(name) >= r["subject_min"] and not r["known_not"].search(name) and departments.resolve(name) is not None:
            return True
    return False


def _shaped(name: str, r: dict) -> bool:
    """A department-shaped name: one that opens with a level or a place, or a known department or type or an organ's
    name by its end (rule ``organ_end``) that joins no other name ("受让人与国土主管部门" is a party and a department,
    not a unit)."""
    if r["name_start"].match(name):
        return True
    return not any(j in name for j in r["joiners"]) and (departments.resolve(name) is not None
                                                         or bool(r["organ_end"].match(name)))


def _wrapped(text: str, nl: int, r: dict) -> bool:
    """Whether the line break at ``nl`` ends a line a hard wrap broke: a long line (``wrap_min`` characters or more)
    that ends in a character of text, not a mark."""
    line_start = text.rfind("\n", 0, nl) + 1
    line = text[line_start:nl].rstrip()
    return len(line) >= r["wrap_min"] and "\u4e00" <= line[-1] <= "\u9fff"


def _acts(tags: tuple, i: int, r: dict) -> bool:
    """Whether the words from ``tags[i]`` on open with a verb of doing: after at most ``gap_max`` adverbs, a word
    tagged or listed as a verb and not one of ``not_verbs``; or an oblique ("对…", "根据…") and a verb later."""
    for k in range(i, min(len(tags), i + r["gap_max"] + 1)):
        word, tag = tags[k]
        if word in r["not_verbs"]:
            return False
        if word in r["obliques"]:  # (a verb after the oblique's last 的: "对未纳入…目录的本地区政务数据" has none)
            after = tags[k + 1:]
            last = max((j for j, (w, _) in enumerate(after) if w == r["relative_mark"]), default=-1)
            return any(_verb(w, t, r) for w, t in after[last + 1:])
        if _verb(word, tag, r):
            return not (k + 1 < len(tags) and tags[k + 1][0] == r["relative_mark"])  # ("X制定的方案": a relative clause)
        if not (tag in r["gap_tags"] or word in r["gap_words"]):
            return False
    return False


def _verb(word: str, tag: str, r: dict) -> bool:
    """A verb of doing: tagged or listed as a verb, or an idiom that ends in one ("切实做好"), not one of ``not_verbs``
    nor a name's end tagged as a verb ("人行广安市中心支行", "市外侨港澳台办": rule ``name_ends``)."""
    return word not in r["not_verbs"] and (tag in r["verb_tags"] or word in r["verbs"] or tag == "l" and word.endswith(
        r["idiom_ends"])) and word not in r["name_ends"]


def _after_gaps(tags: tuple, s: str, cut: int, r: dict) -> str:
    """``s`` from ``cut`` without the adverbs that open it ("依法负责" → "负责…")."""
    at = 0
    for word, tag in tags:
        if at >= cut and not (tag in r["gap_tags"] or word in r["gap_words"]):
            return s[at:]
        at += len(word)
    return s[cut:]


def _generic(units: list) -> bool:
    """A kind of body or the class a regulation addresses (rules ``prose.must_generic``, ``prose.shall_generic``)."""
    p = _prose_rules()
    return any(p["must_generic"].match(n) or p["shall_generic"].match(n) for n, _ in units)
