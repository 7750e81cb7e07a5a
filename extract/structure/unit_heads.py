"""Items whose head is a unit (rule ``duty_lists.unit_heads`` in ``extract/rules/assignments.yaml``; issue 7
family 6, GOLD_GUIDE "Prose duties" 6): one reading for every wording of a department-first item.

An item (any numbering, any part of a document) whose own text opens with a unit name followed by a colon
("交通与建设局：一是…", "水务局：组织指导…"), a full stop or a comma and a duty verb ("（一）教育体育部门。负责…",
"市公安局，负责…"), or directly by a duty verb ("区财政局负责…；区民政局…") is a duty of that unit.  The unit is
whatever the caller's ``accept`` takes (the unit recogniser: known departments, groups, unit-shaped names,
bare bureau names, a unit with its line office), never a self-governing body, a leading group (rules
``prose.self_governing``, ``prose.everywhere.organisation``), a company's organ or a measure's heading words that end
like a unit (``not_heads``).

``unit_head(text, pos, end, accept)`` -> :class:`~extract.structure.assignments.Assignment` or None (no
exceptions): the unit with the role its verb states (牵头 → lead, 配合/协助/参与 → participants, else
responsible; "X：会同Y…" → lead X, participants Y; "X：负责协助Y完成…" → lead Y, participants X, rule
``unit_heads.assisted``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.assisting import assisting_body as _assisting
from extract.structure.duty_split import opening_unit, past_mark, unit_sentence

__all__ = ["closed_runs", "colon_runs", "lead_in_unit", "unit_head"]

_SPACE = " \t\u3000"


@lru_cache(maxsize=1)
def _duties():
    """:mod:`extract.structure.duties` (it imports the prose readers, which import this module's callers)."""
    from extract.structure import duties

    return duties


@lru_cache(maxsize=1)
def _rule() -> dict:
    r = load_rules("assignments.yaml")["duty_lists"]["unit_heads"]
    p = load_rules("assignments.yaml")["prose"]
    return {"enabled": bool(r["enabled"]), "name_max": int(r["name_max"]), "body": re.compile(r["body"]),
            "stop_at": re.compile("[" + re.escape(r["stops"]) + "]"), "not_heads": re.compile(r["not_heads"]),
            "verb_near": re.compile("|".join(sorted(map(re.escape, r["verbs"]), key=len, reverse=True))),
            "lead_in": re.compile(r["lead_in"]), "subject_next": re.compile(r["subject_next"]),
            "assisted": re.compile(r["assisted"]), "with_assisting": re.compile(r["with_assisting"]),
            "colon_min": int(r["colon_min"]), "over_prose": bool(r["over_prose"]), "nested_min": int(r["nested_min"]),
            "nested_label": re.compile(r["nested_label"]), "closing_units": bool(r["closing_units"]),
            "body_min": int(r["body_min"]), "contact": re.compile(r["contact"]),
            "listed_min": int(r["listed_min"]), "sibling_name": re.compile(r["sibling_name"]),
            "listed_duty": re.compile(r["listed_duty"]["pattern"], re.MULTILINE) if r.get("listed_duty") else None,
            "listed_duty_min": int(r["listed_duty"]["min"]) if r.get("listed_duty") else 0,
            "listed_duty_not": re.compile(r["listed_duty"]["not_name"]) if r.get("listed_duty") else None,
            "self": re.compile(p["self_governing"]["pattern"]), "villages": re.compile(r["colon_villages"]),
            "organisation": re.compile(p["everywhere"]["organisation"])}


def _kept(a: Optional[Assignment]) -> Optional[Assignment]:
    """``a`` unless one of its units is a self-governing body, a leading group or one of ``not_heads``."""
    if a is None:
        return None
    r = _rule()
    for name, _ in a.lead + a.participants + a.responsible:
        if r["self"].search(name) or r["organisation"].search(name) or r["not_heads"].search(name):
            return None
    return a


def unit_head(text: str, pos: int, end: int, accept: Callable[[str], bool], titled: bool = False) -> Optional[Assignment]:
    """The unit that heads the item text ``text[pos:end]`` ("水务局：组织…", "（一）教育体育部门。负责…",
    "市公安局，负责…", "区财政局负责…") with the role its verb states; None when the text does not open with
    a unit and one of the separators or verbs of rule ``duty_lists.unit_heads``.  ``titled``: only the heading-words
    form "X。负责…" / "X，负责…" (the unit names the item before any other reader looks at its text)."""
    r = _rule()
    if not r["enabled"]:
        return None
    while pos < end and text[pos] in _SPACE:
        pos += 1
    stop = min(end, pos + r["name_max"] + 1)
    m = r["stop_at"].search(text, pos, stop)
    sep = m.start() if m else stop
    if sep >= stop or sep - pos < 2:
        return None if titled else _kept(_verb_head(text, pos, end, accept))
    mark = text[sep]
    if titled and mark not in "。，,":
        return None
    duties = _duties()
    if mark in "：:":  # "水务局：组织指导…", "各片区管理局、各乡镇：负责…", "X：会同Y…"
        if r["villages"].match(text[pos:sep]):  # "2.各村（居）：掌握…": the issuer's own entry (rule colon_villages)
            accept = _or_villages(accept)
        return _together(text, _kept(_assisting(text, duties.colon_unit(text, pos, end, accept), sep + 1, end, accept)),
                         sep + 1, end, accept) if _work(text, sep + 1, end) else None
    if mark in "。，,":  # "（一）教育体育部门。负责…", "市公安局，负责…": a duty verb must follow
        body = sep + 1
        while body < end and text[body] in _SPACE:
            body += 1
        if not r["body"].match(text, body, end) and not r["body"].match(text, past_mark(text, body, end), end):
            return None if titled else _kept(_verb_head(text, pos, end, accept))  # (a sub-item run in: "X。1.牵头…")
        hit = duties.unit_title(text[pos:sep], text[body:end], pos, accept, body)
        if hit is None and not titled:  # "乡镇政府 指导…建立和运行，依法履行…": the clause before the comma opens with its unit
            return _kept(_verb_head(text, pos, end, accept))
        return _kept(hit)
    return _kept(_verb_head(text, pos, end, accept))


def _or_villages(accept: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda name: accept(name) or bool(_rule()["villages"].match(name))


def _together(text: str, a: Optional[Assignment], body: int, end: int, accept) -> Optional[Assignment]:
    """The colon form as the duty sentences read it (:func:`~extract.structure.duties.duty_sentences`): a later clause
    that opens with 会同Y ("区财政金融局：组织实施…预算；会同区防指有关成员单位向上级部门争取…") makes the unit lead, Y take
    part (real_unseen30 decision 6), in a numbered item as in a run of sentences."""
    if a is None or a.lead or not (a.responsible or a.participants):
        return a
    partners = _duties().together_clauses(text, body, end, accept)
    if not partners:
        return a
    lead = a.responsible or a.participants
    return Assignment(span=a.span, lead=lead, participants=[p for p in partners if p not in lead])


_LINE = re.compile(r"[^\n。；;]*")


def _work(text: str, at: int, end: int) -> bool:
    """Whether what follows a unit's colon at ``at`` states work, not a contact or a figure (rule ``unit_heads.body_min``
    characters of text before its line or sentence ends, no phone number: "市财政局：张三 13800000000" is none)."""
    r = _rule()
    line = _LINE.match(text, at, end).group()
    return len(_CJK.findall(line)) >= r["body_min"] and not r["contact"].search(line)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _verb_head(text: str, pos: int, end: int, accept) -> Optional[Assignment]:
    """"区财政局负责…", "X牵头…": the duty clause the text opens with (rule ``duty_lists.clause``), looked for only when
    one of its verbs (rule ``unit_heads.verbs``) stands in the clause's first 90 characters."""
    clause = _CLAUSE_END.search(text, pos, min(end, pos + 90))
    if not _rule()["verb_near"].search(text, pos, clause.start() if clause else min(end, pos + 90)):
        return None
    return _duties().read_clause(text, pos, end, accept)


_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")


def lead_in_unit(text: str, pos: int, end: int, accept: Callable[[str], bool]) -> Optional[Assignment]:
    """An article ``text[pos:end]`` (its own text, before its sub-items) that ends with a duty lead-in ("…，履行下列
    职责：", rule ``unit_heads.lead_in``) and opens with a unit followed by a word of ``subject_next`` ("监察机关对
    …"): that unit, responsible; None otherwise."""
    r = _rule()
    if not r["enabled"] or not r["lead_in"].search(text, pos, end):
        return None
    while pos < end and text[pos] in _SPACE:
        pos += 1
    from extract.structure.duty_split import opening_unit

    name = opening_unit(text, pos, end, accept, r["name_max"])
    if not name or not r["subject_next"].match(text, pos + len(name), end):
        return None
    return _kept(Assignment(span=(pos, pos + len(name)), responsible=[(name, (pos, pos + len(name)))]))


_HEAD_GAP = re.compile(r"[^\s：:，,。；;]{1,24}?[ \t\u3000]+(?=[^\s：:，,。；;]{2,24}[：:])")
_OPENS = re.compile(r"(?:^|(?<=[\n。；;]))[ \t\u3000]*(?=[^\s：:，,。；;]{2,24}[：:])")


def colon_runs(text: str, start: int, end: int, accept: Callable[[str], bool], prose: list = ()) -> list:
    """The department-first lines of ``text[start:end]`` that no numbering marks ("水务局：组织指导…\n应急局：统筹…",
    or run together after "。"): each line or sentence that opens with a unit and a colon (:func:`unit_head`'s colon
    form) starts a run up to the next; ``[((start, end), assignment)]`` when at least ``colon_min`` (rule
    ``unit_heads``) such runs are found, else [] (GOLD_GUIDE "Prose duties" 6: one task per unit clause).  ``prose``:
    the prose duty runs the item already holds; the colon list replaces them when each opens inside one of its
    entries ("各乡镇人民政府：…流水镇负责…。敖东镇负责…", rule ``unit_heads.over_prose``), else they are returned."""
    r = _rule()
    if not r["enabled"] or (prose and not r["over_prose"]):
        return list(prose)
    colons = text.count("：", start, end)
    if colons < r["colon_min"] and colons + text.count(":", start, end) < r["colon_min"]:
        return list(prose)
    duties = _duties()
    hits = []
    gap = _HEAD_GAP.match(text, start, end)  # "三、相关部门 环保部门：…": a one-line crawl's heading words, then the first unit
    for m in ([gap] if gap else []) + list(_OPENS.finditer(text, start, end)):
        at = _past_closing(text, m.end(), end, accept)  # ("…措施。（区林业局）区经济发展局：": the bracket closes the run before)
        colon = text.find("：", at, at + 26)
        colon = colon if colon >= 0 else text.find(":", at, at + 26)
        if colon < 0 or not _work(text, colon + 1, end):
            continue
        a = _kept(duties.colon_unit(text, at, end, accept))
        if a is not None:
            hits.append((at, a, colon))
    if len(hits) < r["colon_min"]:
        return list(prose)
    ends = [hits[k + 1][0] if k + 1 < len(hits) else end for k in range(len(hits))]
    # (the scope of an entry is its own text, up to the next entry: "X：配合做好…。Y：负责…" leaves X a participant)
    runs = [((pos, ends[k]), _together(text, _kept(_assisting(text, a, colon + 1, ends[k], accept)) or a, colon + 1,
                                       ends[k], accept)) for k, (pos, a, colon) in enumerate(hits)]
    if prose and not all(any(s < a.span[0] < e for (s, e), _ in runs) for _, found in prose for a in found[:1]):
        return list(prose)  # (a prose duty run outside every colon entry: the prose runs stand)
    runs = [piece for run in runs for piece in (_closed(text, run, accept) if r["closing_units"] else [run])]
    return [piece for run in runs for piece in (_nested(text, run, accept) if r["nested_min"] else [run])]


_CLOSING = re.compile(r"(?<=[。；;])[ \t\u3000]*[（(](?P<units>[^（）()\n]{2,30})[）)]")


def _past_closing(text: str, pos: int, end: int, accept) -> int:
    """``pos`` past a unit bracket that closes the sentence before it ("。（区林业局）区经济发展局：…", rule
    ``unit_heads.closing_units``): where the next entry's name starts."""
    m = _CLOSING.match(text, pos, end) if _rule()["closing_units"] else None
    return m.end() if m and _bracket_units(m, accept) else pos


def closed_runs(text: str, runs: list, accept: Callable[[str], bool]) -> list:
    """Rule ``unit_heads.closing_units`` over the runs of a duty list (:func:`~extract.structure.duties.duty_sentences`):
    a run that opens with a unit bracket closing the sentence before it ("。（区林业局）区经济发展局：…") gives the bracket
    to the run before (its name loses it), and every run is cut at the unit brackets that close its sentences
    (:func:`_closed`)."""
    if not _rule()["closing_units"] or not runs:
        return runs
    out: list = []
    for (s, e), a in runs:
        m = _CLOSING.match(text, s, e)
        names = a.lead + a.participants + a.responsible if not isinstance(a, list) else []
        if m and out and _bracket_units(m, accept) and names and text.startswith(text[s:m.end()].strip(), names[0][1][0]):
            cut = m.end() - names[0][1][0]
            for role in ("lead", "participants", "responsible"):
                setattr(a, role, [(n[cut:], (b + cut, c)) if b == names[0][1][0] else (n, (b, c)) for n, (b, c) in getattr(a, role)])
            a.span = (m.end(), a.span[1])
            out[-1] = ((out[-1][0][0], m.end()), out[-1][1])
            s = m.end()
        out.append(((s, e), a))
    return [piece for run in out for piece in (_closed(text, run, accept) if not isinstance(run[1], list) else [run])]


def _bracket_units(m: re.Match, accept) -> list:
    from extract.structure.prose_units import accepted_units

    return accepted_units(m["units"], m.start("units"), accept)


def _closed(text: str, run: tuple, accept: Callable[[str], bool]) -> list:
    """Rule ``unit_heads.closing_units`` (GOLD_GUIDE "tasks": a sentence run closed by its own bracket ends a task): a
    colon entry whose sentences are closed by unit brackets ("区农村发展局：负责…；组织…。（农业处）负责组织开展…；会同…。
    （区林业局）"): the entry up to its first such bracket is the entry's unit and the bracket's (the office that does it,
    with the entry's role), each later run up to its bracket is the bracket's units' own, with the role its words give
    (:func:`~extract.structure.duties.unit_title`).  Any other entry stays one run."""
    (s, e), a = run
    cuts = [m for m in _CLOSING.finditer(text, s, e) if _bracket_units(m, accept)]
    if not cuts:
        return [run]
    out, at = [], s
    for k, m in enumerate(cuts):
        names = _bracket_units(m, accept)
        if k == 0:
            role = next(f for f in ("lead", "participants", "responsible") if getattr(a, f))
            first = Assignment(span=a.span, **{f: [n for n in getattr(a, f) if n[1][0] < m.start()]  # (not a later run's)
                                               for f in ("lead", "participants", "responsible")})
            getattr(first, role).extend(n for n in names if n[0] not in {x for x, _ in getattr(first, role)})
            out.append(((at, m.end()), first))
        else:
            body = text[at:m.start()].lstrip(" \t\u3000")
            hit = _duties().unit_title(names[0][0], body, m.start("units"), accept, at) if len(names) == 1 else None
            hit = _together(text, hit, at, m.start(), accept) if hit else None  # ("…；会同Y开展…。（X）": X leads)
            hit = hit or Assignment(span=(m.start("units"), m.end("units")), responsible=names)
            out.append(((at, m.end()), hit))
        at = m.end()
    if at < e and text[at:e].strip(" \t\u3000\n"):
        out[-1] = ((out[-1][0][0], e), out[-1][1])  # (text after the last bracket: the last run's)
    return out


def _unit_list(text: str, pos: int, end: int, accept: Callable[[str], bool]) -> Optional[Assignment]:
    """"屿头乡、大练乡、东庠乡做好…": the units listed with 、 that open a sentence, each taken whole, the last one before
    its verb (:func:`~extract.structure.duty_split.opening_unit`), all responsible; None for fewer than two."""
    names, at = [], pos
    while True:
        mark = text.find("、", at, min(end, at + _rule()["name_max"] + 1))
        if mark < 0 or not accept(text[at:mark]):
            break
        names.append((text[at:mark], (at, mark)))
        at = mark + 1
    last = opening_unit(text, at, end, accept, _rule()["name_max"]) if names else ""
    if not last:
        return None
    names.append((last, (at, at + len(last))))
    return Assignment(span=(pos, at + len(last)), responsible=names)


_NESTED = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")


def _nested(text: str, run: tuple, accept: Callable[[str], bool]) -> list:
    """Rule ``unit_heads.nested_min``: a colon entry whose label is a group (``nested_label``) and heads a sub-list
    ("各乡镇人民政府：澳前镇加强…。
    岚城乡加强…。流水镇负责…") — its first sentence and at least ``nested_min`` sentences in all opening with a unit
    and any verb (rule ``duty_lists.unit_sentences``) — gives a run per such sentence (the label is no unit of its
    own); any other entry stays one run."""
    (s, e), a = run
    if not any(_rule()["nested_label"].match(name) for name, _ in a.lead + a.participants + a.responsible):
        return [run]
    colon = min((k for k in (text.find("：", s, e), text.find(":", s, e)) if k >= 0), default=-1)
    if colon < 0:
        return [run]
    found = []
    for m in _NESTED.finditer(text, colon + 1, e):
        pos = m.start()
        while pos < m.end() and text[pos] in _SPACE:
            pos += 1
        hit = unit_sentence(text, pos, m.end(), accept) if pos < m.end() else None
        hit = hit or (_unit_list(text, pos, m.end(), accept) if pos < m.end() else None)
        if hit is None and not found:
            return [run]  # (the entry's own duty first: "区公安局：加强…。派出所…" is the bureau's)
        if hit is not None:
            found.append((pos, hit))
    if len(found) < _rule()["nested_min"]:
        return [run]
    return [((s if k == 0 else pos, found[k + 1][0] if k + 1 < len(found) else e), hit)
            for k, (pos, hit) in enumerate(found)]
