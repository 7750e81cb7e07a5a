"""The sentence runs of a prose article or measure, each opening with a unit's duty (rules ``prose``,
``clause_list`` and ``prose.article_paragraphs`` in ``extract/rules/assignments.yaml``).

``duty_runs(text, start, end, accept)`` cuts an article into the sentence runs that each open with a duty
sentence ("X负责…。Y会同Z…。"), read by :func:`extract.structure.prose.find_prose_assignments`;
``article_runs`` says which runs of a regulation's article are tasks of their own; ``run_in_item`` says when a
prose document's measure stays one task instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.duty_split import division_heading, opening_unit, unit_sentence
from extract.structure.prose import ARTICLE, find_prose_assignments
from extract.structure.prose_rules import rules as _prose_rules
from extract.structure.prose_pieces import pieces as _pieces
from extract.structure.prose_subjects import Acted, same_actor
from extract.structure.prose_clauses import run_together
from extract.structure.prose_units import body_core, same_bodies
from extract.structure.verb_roles import organise_in_articles, reread

__all__ = ["article_runs", "division_item", "duty_runs", "run_in_item", "title_duty"]


def _opens_with_unit(sentence: str) -> bool:
    """Whether a sentence opens with its unit's duty ("X负责…", "X要…", "X牵头…")."""
    r = _prose_rules()
    sentence = sentence[r["connective"].match(sentence).end():] if r["connective"].match(sentence) else sentence  # "此外，X要…"
    return any(rx.match(sentence) for rx in (r["duty"], r["must"], r["role"], r["liable"], r["shall"]))


_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")



def duty_runs(text: str, start: int, end: int, accept,
              prose: str = "") -> list[tuple[tuple[int, int], list[Assignment]]]:
    """The runs of sentences of ``text[start:end]`` (an article, a duty
    paragraph) that each open with a sentence naming a unit's duty
    (``find_prose_assignments`` with ``duty``): ``[((start, end), assignments)]``.
    A sentence without one joins the run before it; the text before the second
    run (the item's heading words, its first duty) is the first run.  ``prose``:
    "must" where the document names its units in prose only ("X要…" sentences count),
    "article" in a regulation's article (acts count, rule ``acts``)."""
    runs: list[list] = []
    pieces = []  # [start, end, found, listed] of each sentence or clause
    for s0, s1, listed in _pieces(text, start, end, accept, prose != ARTICLE or organise_in_articles()):
        pos = s0
        while pos < s1 and text[pos] in " \t\u3000":
            pos += 1
        found = (find_prose_assignments(text, pos, s1, accept, duty="prose" if prose == "must" else prose or True)
                 if pos < s1 else [])
        if listed and not found:  # "各分局派人员配合做好…" (rule clause_list)
            found = [listed]
        pieces.append([pos, s1, found, listed])
    _unit_run(text, pieces, accept)
    _title_duties(text, pieces, accept)
    if prose == "must":
        _division_sentences(text, start, end, pieces, accept)
    for pos, s1, found, listed in pieces:
        sentence = text[pos:s1]
        if found and runs and (runs[-1][3] and not _opens_with_unit(sentence) or same_actor(found, runs[-1][2])) and not listed:
            runs[-1][1] = s1  # "省级部门要…。…由X牵头完成…": the run "X要…" opened goes on
            runs[-1][2].extend(found)
        elif found:
            runs.append([pos if runs else start, s1, found, bool(prose == "must" and _prose_rules()["must"].match(sentence)),
                         listed is not None])
        elif runs:
            runs[-1][1] = s1
    for s, e, found, *_ in runs:
        run_together(text, found, e, accept)
    return [((s, e), a) for s, e, a, *_ in runs]


def _title_duties(text: str, pieces: list, accept) -> None:
    """Rule ``prose.title_duties``: a first sentence "（五）卫计局职责。" whose next sentence names no unit of its own
    gives its unit the duties that follow (responsible); ``pieces`` filled in place."""
    rule = load_rules("assignments.yaml")["prose"]["title_duties"]
    if not rule["enabled"] or len(pieces) < 2 or pieces[0][2] or pieces[1][2]:
        return
    m = _together_rx(rule["pattern"]).match(text[pieces[0][0]:pieces[0][1]])
    if not m or not accept(m["unit"]):
        return
    at = pieces[0][0] + m.start("unit")
    span = (at, at + len(m["unit"]))
    pieces[0][2] = [Assignment(span=span, responsible=[(m["unit"], span)])]


def _division_sentences(text: str, start: int, end: int, pieces: list, accept) -> None:
    """GOLD_GUIDE "Prose duties" 6 in a prose document: in a measure whose heading words name a division of duties (rule
    ``prose.duty_list_heading``: "二、严格落实消防监管职责 …区教育局要…。…各片区建设指挥部重点抓好…。") that already holds
    two duty sentences, a sentence that opens with a unit and any verb is that unit's duty too (rule
    ``duty_lists.unit_sentences``); ``pieces`` filled in place."""
    title = _SENTENCE.match(text, start, end)
    if (not title or not _prose_rules()["duty_list_heading"].search(title.group())
            or sum(1 for p in pieces if p[2]) < 2):
        return
    named, ends = _division_name()
    for piece in pieces:
        k = piece[0] - 1  # (a sentence's start and end, not a line a hard wrap broke: the mark before it, spaces skipped)
        while k >= start and text[k].isspace():
            k -= 1
        whole = piece[1] >= end or text[piece[1] - 1] in ends
        if (piece[2] and not piece[3] and whole and k >= start and text[k] in ends and piece is not pieces[0]
                and all(isinstance(a, Acted) for a in piece[2]) and piece[2][0].span[0] == piece[0]):
            piece[3] = piece[2][0]  # "环境监察支队加强对…检查。" read by prose.subject_verb: a run of its own too
        elif not piece[2] and whole and k >= start and text[k] in ends:
            a = unit_sentence(text, piece[0], piece[1], accept)
            name = (a.lead + a.participants + a.responsible)[0][0] if a is not None else ""
            if a is not None and (not named.search(name) or accept(text[piece[0]:piece[0] + len(name) + 1])):
                a = None  # ("盐业主管部门、…" cut at 盐业主管部, "有权处理的部门": no name of an organ)
            if a is not None:  # (a run of its own, as a listed clause: not the run of the "X要…" before it)
                piece[2], piece[3] = [a], a


@lru_cache(maxsize=1)
def _division_name() -> tuple[re.Pattern, str]:
    """Rule ``duty_lists.unit_sentences``: how an organ's name ends (``prose_name``) and the marks that end a sentence."""
    r = load_rules("assignments.yaml")["duty_lists"]["unit_sentences"]
    return re.compile(r["prose_name"]), r["prose_sentence_ends"]


def title_duty(text: str, start: int, end: int, accept) -> Optional[Assignment]:
    """Rule ``prose.title_duties`` in a duty list: an item "（二）领导小组办公室工作职责 负责…" whose heading names its
    unit and the duties that follow after a space: that unit, responsible; else None."""
    rule = load_rules("assignments.yaml")["prose"]["title_duties"]
    m = _together_rx(rule["pattern"]).match(text[start:end]) if rule["enabled"] else None
    if not m or not accept(m["unit"]):
        return None
    span = (start + m.start("unit"), start + m.end("unit"))
    return Assignment(span=span, responsible=[(m["unit"], span)])


@lru_cache(maxsize=2)
def _together_rx(pattern: str):
    return re.compile(pattern)


def _unit_run(text: str, pieces: list, accept) -> None:
    """Rule ``prose.unit_run`` (GOLD_GUIDE "Prose duties" 6): in a department-first run — at least ``min``
    "；"-separated clauses of one sentence that open with their own unit, ``found_min`` of them read as duties
    by the prose rules ("民政部门牵头做好…；扶贫部门落实…，配合做好…；财政部门做好…；统计调查部门会同有关部门…")
    — a clause that opens with a unit and a verb the rules do not know is that unit's duty too: lead after
    牵头, participants after 配合/协助 (``partner``), else responsible.  ``pieces`` ([start, end, found, listed],
    from :func:`duty_runs`) are filled in place."""
    rule = _unit_run_rule()
    if not rule["enabled"] or len(pieces) < rule["min"]:
        return
    k = 0
    while k < len(pieces):
        j = k  # the clauses of one sentence: pieces that end with "；" run on
        while j + 1 < len(pieces) and text[pieces[j][1] - 1:pieces[j][1]] in ("；", ";") and pieces[j + 1][0] <= pieces[j][1] + 2:
            j += 1
        group = pieces[k:j + 1]
        k = j + 1
        if len(group) < rule["min"]:
            continue
        opened = [p for p in group if p[2] and min(a.span[0] for a in p[2]) == p[0]]
        if len(opened) < rule["found_min"]:
            continue
        named = [(p, _opening_unit(text, p[0], p[1], accept, rule["name_max"])) for p in group if not p[2]]
        named = [(p, n) for p, n in named if n]
        if len(opened) + len(named) < rule["min"]:
            continue
        for p, name in named:
            clause = text[p[0] + len(name):p[1]]
            role = ("lead" if rule["lead"].search(clause) else "participants" if rule["partner"].search(clause)
                    else "responsible")
            a = Assignment(span=(p[0], p[0] + len(name)))
            getattr(a, role).append((name, (p[0], p[0] + len(name))))
            p[2] = [reread(a, text, accept, True, p[1]) if role == "responsible" else a]


def _opening_unit(text: str, pos: int, end: int, accept, most: int) -> str:
    """The longest name of at most ``most`` characters that opens ``text[pos:end]`` and that ``accept`` takes,
    followed by the clause's verb (a Chinese character), and no kind of body (rule ``must_generic``), or ""."""
    name = opening_unit(text, pos, end, accept, most)
    generic = _prose_rules()["must_generic"].match(name) or _prose_rules()["must_generic_alone"].match(name) if name else True
    return "" if generic else name


_UNIT_RUN = None


def _unit_run_rule() -> dict:
    global _UNIT_RUN
    if _UNIT_RUN is None:
        r = load_rules("assignments.yaml")["prose"]["unit_run"]
        _UNIT_RUN = {"enabled": bool(r["enabled"]), "min": int(r["min"]), "found_min": int(r["found_min"]),
                     "name_max": int(r["name_max"]), "lead": re.compile(r["lead"]), "partner": re.compile(r["partner"])}
    return _UNIT_RUN


def _clause_listed(text: str, runs: list) -> int:
    """How many of ``runs`` open inside a sentence, after a comma, with a unit and 负责 / 配合
    (rule ``clause_list``)."""
    rx, n = _prose_rules()["clause_list"], 0
    for _, found in runs:
        at = found[0].span[0] if found else 0
        if at and text[:at].rstrip(" \t\u3000")[-1:] in "，," and rx.match(text[at:found[0].span[1] + 8]):
            n += 1
    return n


_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")


def article_runs(runs: list, text: str = "", start: int = -1) -> list:
    """The ``duty_runs`` of a regulation's article as tasks: a department-first duty list of at
    least ``prose.article_duty_list_min`` duty sentences is a task per sentence run ("第五条 城管执法
    部门负责…。发展改革部门负责…。财政部门负责…。"); fewer are a task per paragraph of ``text`` when
    paragraphs name different bodies (rule ``prose.article_paragraphs``: "第六条 市、县人民政府应当组织…。\n
    市城镇供水主管部门应当…制定…。"; the first from the article's ``start``); else one task ([])."""
    rule = load_rules("assignments.yaml")["prose"].get("article_paragraphs", {})
    glued = bool(text) and bool(rule.get("one_line")) and _articles_only(text, rule["one_line"])  # a one-line
    # crawl, whose paragraph breaks are lost: a sentence naming another body opens a paragraph
    if len(runs) >= int(load_rules("assignments.yaml")["prose"]["article_duty_list_min"]):
        return _same_body_runs(runs, text, glued, rule) if rule.get("enabled") else runs
    if not text or len(runs) < 2 or not rule.get("enabled"):
        return []
    generic = _prose_rules()["by_generic_penalty"]
    paras: list = []  # [start, end, assignments, units]
    last = -1  # where the run before names its first unit
    for (s0, e0), found in runs:
        units = _run_units(found)
        at = min((a.span[0] for a in found), default=s0)
        next_to = sum(1 for ln in text[last:at].split("\n") if ln.strip()) <= 1  # the paragraph right after
        opens = glued and text[:s0].rstrip()[-1:] in "。！？!?" and not all(generic.match(u) for u in units)  # (a
        # sentence of its own, naming a body one can tell: "城市规划区外由有权机关组织实施" is none)
        if paras and (("\n" not in text[last:at] and not opens) or same_bodies(units, paras[-1][3], rule if next_to else None)):
            paras[-1][1], paras[-1][2], paras[-1][3] = e0, paras[-1][2] + list(found), paras[-1][3] | units
        else:
            line = text.rfind("\n", 0, s0) + 1  # a paragraph whose duty follows sentences naming no body
            while line < s0 and text[line] in " \t\u3000":
                line += 1
            if paras and last < line < s0:  # ("建立湿地补水制度，…。水务等部门配合推进…"): its task opens with it
                s0, paras[-1][1] = line, min(paras[-1][1], line)
            paras.append([s0, e0, list(found), units])
        last = at
    if len(paras) < 2:
        return []
    paras[0][0] = start if 0 <= start < paras[0][0] else paras[0][0]
    return [((s0, e0), found) for s0, e0, found, _ in paras]


_ONE_LINE: dict = {}  # (hash, length) of the last text asked about -> the answer (one text is read article by article)


def _articles_only(text: str, rule: dict) -> bool:
    """Whether ``text`` is a regulation crawled as one line (rule ``prose.article_paragraphs.one_line``): at least
    ``min_articles`` lines open with an article marker and every line after the first of them opens with a
    numbering marker (the line breaks are those ``rebreak`` put back: no paragraph break of an article is left)."""
    key = (hash(text), len(text))
    if key not in _ONE_LINE:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        article, marker = _compiled(rule["article"]), _compiled(rule["marker"])
        first = next((k for k, ln in enumerate(lines) if article.match(ln)), None)
        _ONE_LINE.clear()
        _ONE_LINE[key] = first is not None and sum(1 for ln in lines if article.match(ln)) >= int(
            rule["min_articles"]) and all(marker.match(ln) for ln in lines[first:])
    return _ONE_LINE[key]


@lru_cache(maxsize=8)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _run_units(found: list) -> set:
    """Who does the work of a run's assignments (lead and responsible; else who takes part)."""
    return {n for a in found for n, _ in a.lead + a.responsible} or {n for a in found for n, _ in a.participants}


def _all_units(found: list) -> set:
    return {n for a in found for n, _ in a.lead + a.participants + a.responsible}


def _same_body_runs(runs: list, text: str, glued: bool, rule: dict) -> list:
    """``runs`` with each run that names the bodies of the run before joined to it when no line break parts
    them, the article is one of a one-line crawl (``glued``), or it names no other body than the run before
    (GOLD_GUIDE "Prose duties" 7: paragraphs naming the same body stay one task: "交通运输主管部门应当建设…。
    交通运输主管部门应当加强…。", a penalty paragraph "由公安机关处…" after one "由公安机关处…"); [] when one is left."""
    out: list = []
    last = 0  # where the run before starts
    article = _compiled(rule["one_line"]["article"].lstrip("^")) if rule.get("one_line") else None
    for (s0, e0), found in runs:
        units = _all_units(found)
        before = _all_units(out[-1][1]) if out else set()
        same = units <= before or {body_core(u, rule) for u in units} <= {body_core(b, rule) for b in before}  # (公安、
        # 网信 after 网信部门、公安机关: the same bodies without their heads)
        if out and units and same and (glued or "\n" not in text[last:s0] or units <= before) and not (
                article and article.match(text, s0)):  # ("…通报。 第四十六条 …": an article the numbering missed)
            out[-1] = ((out[-1][0][0], e0), list(out[-1][1]) + list(found))
        else:
            out.append(((s0, e0), found))
        last = s0
    return out if len(out) >= 2 else []


def division_item(text: str, item) -> bool:
    """Whether ``item`` (:class:`~extract.structure.numbering.Item`) is a measure whose own heading words, run into
    its text, name a division of duties ("（二）形成工作合力。民政部门履行…。财政部门对…给予…。", rule
    ``duty_lists.unit_sentences.heading``; GOLD_GUIDE "Prose duties" 6, decided): not a heading line over sub-items."""
    if item.heading or item.children:
        return False
    title = _SENTENCE.match(text, item.head_start, item.end or len(text))
    return bool(title) and division_heading(title.group())


def _unit_first(text: str, start: int, runs: list) -> bool:
    """Whether a measure has no heading words and opens with its first unit's duty sentence ("（七）区公安局要…"), and
    a later run names a unit the first does not (GOLD_GUIDE "Prose duties" 6: a task per unit run then)."""
    while start < len(text) and text[start] in " \t\u3000":
        start += 1
    first = _SENTENCE.match(text, start)
    names = {n for a in runs[0][1] for n, _ in a.lead + a.participants + a.responsible}
    if not first or not _opens_with_unit(first.group()) or not any(text.startswith(n, start) for n in names):
        return False
    opening = _run_units(runs[0][1])  # (a later run of the opening unit, a form of its name, names no new unit)
    return any(not any(u in o or o in u for o in opening) for _, found in runs[1:] for u in _run_units(found))


def _one_paragraph(text: str, runs: list) -> bool:
    """Rule ``prose.heading_one_paragraph``: the duty sentences ``runs`` of a heading's item stand in one paragraph, each
    after a full stop ("市经济信息化委支持…。市经济信息化委和市生态环境局联合推进…。"), not in clauses joined by ；
    ("教育部门负责…；发展改革部门加强…；科技部门负责…": a department-first list, a task per clause)."""
    if not _prose_rules()["heading_one_paragraph"]:
        return False
    first, last = (runs[0][1][0].span[0] if runs[0][1] else runs[0][0][0]), runs[-1][0][1]  # (from its first unit)
    if "\n" in text[first:last].strip():
        return False
    for _, found in runs[1:]:
        at = found[0].span[0] if found else 0
        if at and text[:at].rstrip(" \t\u3000")[-1:] in "；;":
            return False
    return True


def run_in_item(text: str, items: list, i: int, runs: list) -> bool:
    """Whether item ``i`` (of ``items``, :class:`~extract.structure.numbering.Item`) of a
    prose document stays one task although ``runs`` (``duty_runs``) found several duty
    sentences in it: a numbered measure whose title runs into its text ("（一）加强统筹
    协调。科技部要…。教育部…配合。"), not an article (第X条) nor a heading over paragraphs.
    The last measure of a part whose duty sentences follow a sentence addressing every
    level and department ("各级各有关部门要…", rule ``prose.run_in_closing``) holds a closing
    paragraph that a crawl ran into it: a task per duty sentence there (False)."""
    item = items[i]
    if item.style == "article" or len(runs) < 2:
        return False
    if item.heading and not _one_paragraph(text, runs):
        return False  # a heading over paragraphs: a task per paragraph run (rule 6); over one paragraph, a measure (s35x)
    if _clause_listed(text, runs) >= _prose_rules()["clause_list_min"] - 1:
        return False  # "A负责…，B配合…，C负责…" in one sentence: a department-first list, a task per clause
    first = runs[0][1][0].span[0]  # where the first unit is named
    title = _SENTENCE.match(text, item.head_start, first)  # the item's heading words: its first sentence
    if _unit_first(text, item.head_start, runs):
        return False  # "（七）区公安局要…；市场监管…等部门要…": no heading words, opens with its first unit (rule 6)
    if title and _prose_rules()["duty_list_heading"].search(title.group()):
        return False  # "（十八）强化部门协作。X要…。Y要…。": a department-first duty list (rule duty_list_heading)
    siblings = items[item.parent].children if item.parent is not None else [
        k for k, it in enumerate(items) if it.parent is None]
    last = siblings[-1] == i  # the last measure of its part
    return not (last and _prose_rules()["run_in_closing"].search(text, item.head_start, first))
