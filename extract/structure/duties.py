"""Duties written as sentences whose subject is the unit (rule ``duty_lists``
in ``extract/rules/assignments.yaml``).

Pure functions over clean text; ``accept(name) -> bool`` (from ``tasks``)
decides what may stand for a unit, so "企业负责…" never assigns.

* ``is_duty_heading(title)``: a section about who does what (职责分工 …).
* ``read_clause(text, pos, end, accept)``: "<unit><verb>…" at ``pos`` as an
  :class:`~extract.structure.assignments.Assignment`, else None.
* ``duty_sentences(text, start, end, accept)``: the sentence runs of
  ``text[start:end]`` that each open with a duty clause: ``[(span, assignment)]``.
* ``unit_title(title, body, pos, accept)``: "1.街道消委办。牵头开展…" → the unit
  with the role of the first verb of ``body``.
* ``unit_opening(text, pos, end, accept, heading)``: "（一）区党群工作部按照国家…" → the unit the item's text opens
  with, run into its duties (responsible; ``together_clauses``: the units of its "会同Y…" clauses, partners); a
  heading over sub-items whose whole title is a short name ("（七）学校") names it.
* the rule data and the small tests on entries these readers share: :mod:`extract.structure.duty_rules`; a
  heading's unit over its sub-items: :mod:`extract.structure.heading_scopes`.
* "责任分工：X负责…，Y配合" sentences: :mod:`extract.structure.labelled_duties`; a unit title over a lead-in paragraph
  (R10): :mod:`extract.structure.lead_in_heads`."""

from __future__ import annotations

import re
from typing import Callable, Optional

from extract.structure.assignments import Assignment
from extract.structure.duty_rules import CLAUSE as _CLAUSE, Accept
from extract.structure.duty_rules import committee_head as _committee_head, committees_only as _committees_only
from extract.structure.duty_rules import opening_partners as _opening_partners, rules as _rules, tied as _tied
from extract.structure.duty_rules import with_villages as _with_villages
from extract.structure.assisting import assisting, own_work
from extract.structure.entry_names import heading_units, joined_accept, led_partners, noted_title, self_governing
from extract.structure.duty_split import at_heading, numbered_next, prose_clause, title_name
from extract.structure.prose import accepted_units
from extract.structure.prose_subjects import same_actor
from extract.structure.verb_roles import item_lead, lead_shares, partner_units, reading, reread

_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_TABLE_LINE = re.compile(r"\||<t[dhr][\s>]", re.IGNORECASE)
_COLON = re.compile(r"[：:][ \t\u3000]*")



_LINE = re.compile(r"[^\n]*")
_MARKS = " \t\u3000*"


def _line_heads(text: str, start: int, end: int, accept: Accept) -> dict:
    """{line start: assignment} of the lines of ``text[start:end]`` that hold a unit's name alone ("区规划资源局",
    "**区财政局**") followed by a line of its duties ("拟定本区…", "负责…"): a department-first list whose separator is
    the line break (rule ``duty_lists.line_heads``), read as "X：…" (:func:`unit_title`: the role of the duty's verb);
    {} unless at least ``min`` such heads stand in the range."""
    r = _rules()["line_heads"]
    if not r["enabled"] or text.count("\n", start, end) < 2 * r["min"]:
        return {}
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, start, end) if text[m.start():m.end()].strip(_MARKS)]
    found = {}
    for (s, e), nxt in zip(lines, lines[1:] + [None]):
        name = text[s:e].strip(_MARKS)
        if nxt is None or len(name) > r["name_max"] or not r["name"].fullmatch(name) or not accept(name):
            continue
        body = text[nxt[0]:nxt[1]].strip(_MARKS)
        if len(body) < r["body_min"] or (r["name"].fullmatch(body) and accept(body)) or not r["duty"].match(body):
            continue
        at = text.find(name, s, e)
        a = unit_title(name, text[at + len(name):nxt[1]], at, accept, at + len(name))
        if a is not None:
            found[s] = a
    return found if len(found) >= r["min"] else {}


def is_actor(name: str) -> bool:
    """An institution that a duty list gives work (rule ``actors``: 学院, 医院, 医疗卫生单位 …)."""
    return bool(_rules()["actors"].fullmatch(name))


def is_duty_heading(title: str) -> bool:
    return bool(_rules()["heading"].search(title or ""))


def read_clause(text: str, pos: int, end: int, accept: Accept, units=accepted_units) -> Optional[Assignment]:
    """The duty clause "<unit><verb>…" starting at ``pos`` (before ``end``); ``units(list, at,
    accept)`` reads the names of its list."""
    r = _rules()
    clause = _CLAUSE.match(text, pos, end)
    if not clause:
        return None
    m = r["clause"].match(clause.group())
    if not m:
        return None
    joint = _joint_list(m["list"], pos + m.start("list"), accept, units)
    if joint is not None:  # "区教育局要会同区卫健委开展…": lead X, participants Y (GOLD_GUIDE rule 5)
        return Assignment(span=(pos, pos + m.end()), lead=joint[0], participants=joint[1])
    names = units(m["list"], pos + m.start("list"), accept)
    if not names:
        return None
    a = Assignment(span=(pos, pos + m.end()))
    role = "lead" if m["leads"] else "responsible" if m["subject"] or m["work"] else r["verbs"][m["verb"] or m["dated"]]
    getattr(a, role).extend(names)
    return reread(a, text, accept, end=end)  # "X负责牵头…", "X要组织Y…" (rule verb_roles)


def _joint_list(listed: str, at: int, accept: Accept, units) -> Optional[tuple[list, list]]:
    """(leads, partners) of a clause's unit list that holds "<units>(要)会同/联合<units>" (rule
    ``together`` and the modal words of rule ``duty_lists.joint_modal``), else None."""
    from extract.structure.assignment_rules import rules as assignment_rules

    t = assignment_rules()["together"].search(listed)
    if not t or t.start() < 2:
        return None
    head = _rules()["joint_modal"].sub("", listed[:t.start()])
    leads, partners = units(head, at, accept), units(listed[t.end():], at + t.end(), accept)
    return (leads, partners) if leads and partners else None


def duty_sentences(text: str, start: int, end: int, accept: Accept,
                   any_verb: bool = False) -> list[tuple[tuple[int, int], Assignment]]:
    """Runs of sentences in ``text[start:end]`` each opened by a duty clause (the first clause of a sentence that is
    one: "各部门要加强配合，民政部门要…" starts a run at 民政部门); a sentence without one joins the run before it
    (text before the first run is not part of any, but the heading line: rule ``duty_lists.first_at_heading``)."""
    runs: list[list] = []
    closed = False  # (an entry headed by no unit ended the run before: later sentences join nothing)
    heads = _line_heads(text, start, end, accept)  # ("区规划资源局\n拟定…\n区财政局\n负责…": a unit alone on its line)
    for s in _SENTENCE.finditer(text, start, end):
        a = None
        table = _TABLE_LINE.search(text, s.start(), s.end())  # a table row's cells are no clauses
        for c in _CLAUSE.finditer(text, s.start(), s.end() if not table else s.start() + 1):
            pos = c.start()
            while pos < s.end() and text[pos] in " \t\u3000":
                pos += 1
            a = read_clause(text, pos, s.end(), accept)
            colon_at = _COLON.search(text, pos, c.end()) if a is None else None
            own = colon_at and c.start() == s.start() and _rules()["colon_own"]  # ("X：指导Y…", rule duty_lists.colon_own)
            if own and own.match(text, colon_at.end()) and _colon_unit(text, pos, s.end(), accept):
                break  # "区规划资源局：指导各街镇…": the unit's own entry, no lead-in
            a = read_clause(text, colon_at.end(), s.end(), accept) if colon_at else a  # ("具体分工如下：X负责…": the run
            if a is None and own and _colon_unit(text, pos, s.end(), accept):  # still starts at the lead-in)
                break  # ("主要职责如下：区农村发展局：负责…": the entry of a unit after a lead-in, rule duty_lists.colon)
            if a is None and c.start() == s.start():  # the sentence opens with a unit's prose duty
                a = prose_clause(text, pos, s.end(), accept, any_verb)  # "X要…", "X应会同Y…" (rule duty_lists.prose_sentences;
                # any_verb: "财政部门对…给予财力保障" in a measure titled 形成工作合力, rule duty_lists.unit_sentences)
            if a is not None:
                break
        colon = a is None and not table
        if colon:
            a, pos = _colon_unit(text, s.start(), s.end(), accept), s.start()
        if a is None and s.start() in heads:
            a, pos = heads[s.start()], s.start()
        if a is not None and organisation_only(a):  # "省…领导小组负责统一指挥…": organisation, no duty
            a = None
        if a is not None and runs and _tied(a):  # "…；联合Y负责…": Y the partners of the run's unit (rule tied_opening)
            a, runs[-1][4] = None, True
        if (a is not None and _committees_only(a)) or (a is None and colon and _committee_head(text, s.start(), s.end())):
            a, closed = None, True  # "各居委会：负责…" / "各居委会负责…": an entry of the list whose head is no unit
            continue  # (GOLD_GUIDE R3): no task, and it ends the entry before it ("X：配合…" stays a participant)
        if a is not None and runs and same_actor([a], [runs[-1][2]]):
            runs[-1][1] = s.end()  # "各乡镇要…。各乡镇至少建成…": the same unit's next sentence (GOLD_GUIDE R8)
        elif a is not None:
            if runs and pos > s.start() and not closed:
                runs[-1][1] = pos
            runs.append([start if not runs and at_heading(text, start, s.start(), pos > s.start()) else pos, s.end(), a, colon, False])
            closed = False
        elif runs and not closed:
            runs[-1][1] = s.end()
    for run in runs:  # "省生态环境厅：负责建立…，联合省气象局开展…": the unit leads, Y takes part
        if run[3] and (run[2].responsible or run[2].participants) and not run[2].lead:
            partners = together_clauses(text, run[2].span[1], run[1], accept)  # ("X：协同Y研究…，会同Z安排…": X leads too,
            if partners:  # real_unseen30 decision 6)
                run[2].lead, run[2].responsible = run[2].responsible or run[2].participants, []
                run[2].participants = [p for p in run[2].participants if p not in run[2].lead]
                run[2].participants.extend(p for p in partners if p not in run[2].participants)
        elif run[2].responsible and not run[2].participants and not run[2].lead:  # "X增加…。会同Y组织…", "X要…。要会同Y…":
            _together_lead(run[2], together_clauses(text, run[2].span[1], run[1], accept))  # Y takes part, X leads
        elif run[4] and run[2].lead and not run[2].participants and not run[2].responsible:  # "X：负责牵头…；联合Y负责…" (s36f,
            _together_lead(run[2], together_clauses(text, run[2].span[1], run[1], accept))  # rule tied_opening)
    for run in runs:  # "区交通与建设局: 负责协助各乡镇完成…": the assisted body leads (rule unit_heads.assisted)
        run[2] = lead_shares(text, assisting(text, run[2], run[1], accept), run[1], accept)  # (verb_roles.lead_shares)
    return [((s, e), item_lead(a, text, a.span[1], e)) for s, e, a, *_ in runs]  # (rule verb_roles.item_lead)


def organisation_only(a: Assignment) -> bool:
    """Every unit of ``a`` is a leading group or a command (rule ``prose.everywhere.organisation``)."""
    from extract.structure.prose_rules import everywhere_rules

    org = everywhere_rules()[1]
    names = a.lead + a.participants + a.responsible
    return bool(names) and all(org.search(n[0]) for n in names)


def _colon_unit(text: str, start: int, end: int, accept: Accept) -> Optional[Assignment]:
    """"教育部门：组织、指导和督促…" (rule ``colon``): the unit before the colon that
    opens ``text[start:end]``, with the role of the first verb after it; else None."""
    while start < end and text[start] in " \t\u3000":
        start += 1
    m = _rules()["colon"].match(text[start:end])
    if not m:
        return None
    accept = _with_villages(accept)  # ("各村：负责…": the villages heading an entry of the issuer's list, GOLD_GUIDE R13)
    at = start + m.start("list")
    named = m["list"] if accept(m["list"]) else title_name(m["list"], text[start + m.end():start + m.end() + 8])
    # ("县文旅局职责：…", rule unit_headings.title_suffix)
    if accept(named):
        names = heading_units(named, at, accept)  # ("X及Y：…": each, rule unit_heads.joined)
    else:  # "各片区管理局、各乡镇：负责组织…": every unit of the list
        names = accepted_units(m["list"], at, accept)
        if len(names) < 2:
            return None
    body = start + m.end()
    while body < end and text[body] in " \t\u3000":
        body += 1
    if body >= end and numbered_next(text, body):  # "（一）县文旅局：\n1.…": the heading's sub-items are its (unit_headings)
        return None
    if "会同" in text[body:body + 12] or "联合" in text[body:body + 12]:  # "区经济发展局：会同区财政金融局研究…",
        from extract.structure.prose_clauses import partners_after  # "X：负责会同公安、城管部门查处…": X leads, Y

        clause = _CLAUSE.match(text, body, end)  # take part (the list a verb, the recogniser or a name's end closes)
        partners = partners_after(text, body, clause.end() if clause else end, accept)
        if partners:
            return Assignment(span=(at, at + len(m["list"])), lead=names, participants=partners)
    if len(names) == 1:
        return unit_title(m["list"], text[body:end], at, accept, body)
    a = unit_title(names[0][0], text[body:end], at, accept, body)
    if a is None:  # (a first item that is a unit only with the head a later one lends: "广安经开区、…管委会：")
        return None
    role = next(f for f in ("lead", "participants", "responsible") if getattr(a, f))
    setattr(a, role, names)
    a.span = (at, at + len(m["list"]))
    return a


colon_unit = _colon_unit  # (the colon form of rule duty_lists.unit_heads, structure/unit_heads.py)


def unit_title(title: str, body: str, pos: int, accept: Accept, body_at: int = 0) -> Optional[Assignment]:
    """The unit named by an item's title, with the role of the first role verb
    of ``body`` (responsible when none; lead when a later clause of ``body`` opens
    with 牵头, rule ``head_lead``; the roles the verb phrase that opens ``body`` states,
    rule ``verb_roles`` with its 组织 reading as everywhere: "X：组织Y…" with Y units → lead X, participants Y,
    GOLD_GUIDE R1; partners' spans count from ``body_at``, where ``body`` starts in the text); None when the title
    is not a unit (nor the title without its duty word, rule ``unit_headings.title_suffix``)."""
    accept = _with_villages(accept)  # ("4.各村。负责…": the villages heading an entry of the issuer's list, GOLD_GUIDE R13)
    title, body = noted_title(title.strip().rstrip("。：:"), body, accept)  # ("区公安分局（交管）", rule unit_heads.noted_title)
    if title and not joined_accept(title, accept, body):  # "（一）县文旅局职责。牵头…" (rule unit_headings.title_suffix)
        title = title_name(title)
    if not title or len(title) > 30 or not joined_accept(title, accept, body) or self_governing(title):
        return None  # ("5.各居委会。做好宣传发动": a self-governing committee is no unit, GOLD_GUIDE R3)
    r = _rules()
    m = r["verb_any"].search(body[:40])
    role = r["verbs"][m.group()] if m else "responsible"
    if role == "responsible" and r["head_lead"].search(body):  # "…，牵头开展…" later in the item (rule head_lead)
        role = "lead"
    opening = len(body) - len(body.lstrip(" \t\u3000。：:，,\r\n"))  # (a unit on a line of its own: its duty opens the next)
    line = body.find("\n", opening)  # (the entry's own line: "县卫健委：负责…" on the next line is another entry's)
    own = role == "participants" and own_work(body, opening, line if line >= 0 else len(body))  # "派出所。配合开展…，依法
    role = "responsible" if own else role  # 查处…" is its own work too (rule duty_lists.unit_heads: the whole clause decides)
    a = Assignment(span=(pos, pos + len(title)))
    names = heading_units(title, pos, accept)  # "车主所在乡镇政府及公安派出所。…": each unit (rule unit_heads.joined)
    getattr(a, role).extend(names)
    a.participants += led_partners(body, (r["head_lead"], r["head_object"]), accept, body_at, names) if role == "lead" else []
    together = _opening_partners(body, accept) if role in ("responsible", "lead") and not own else []
    if together:  # "X：负责会同公安、城管部门查处…", "（二）X\n会同Y…": X leads, Y take part (GOLD_GUIDE rule 5)
        a.lead, a.responsible = names, []
        a.participants += [(n, (s + body_at, e + body_at)) for n, (s, e) in together if n not in dict(names)]
        return a
    found = reading(body, len(body) - len(body.lstrip(" \t\u3000。：:\r\n")), accept, True,
                    subject=tuple(n for n, _ in names)) if role == "responsible" and not own else None
    if found:  # "X：负责组织Y开展…" (rule verb_roles)
        a.responsible = []
        getattr(a, found[0]).extend(names)
        getattr(a, found[2]).extend((n, (s + body_at, e + body_at)) for n, (s, e) in found[1] if n not in dict(names))
    return a


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def unit_opening(text: str, pos: int, end: int, accept: Accept, title: str = "") -> Optional[Assignment]:
    """The unit that the item at ``pos`` opens with, its duties run on with no
    separator ("区党群工作部按照国家、省部署落实…"): the shortest prefix of at least
    ``opening_min`` characters that ``accept`` takes, responsible for the item.
    A heading over sub-items (``title`` given) whose whole title is a short name
    (rule ``title_unit``: "学校", "医疗卫生机构") names that unit.  None otherwise."""
    r = _rules()
    t = title_name(title)
    if t and (r["title_unit"].fullmatch(t) or (len(t) <= r["opening_max"] and accept(t))):
        at = text.find(t, pos, end)
        if at >= 0:
            return Assignment(span=(at, at + len(t)), responsible=[(t, (at, at + len(t)))])
    run = _CJK_RUN.match(text, pos, min(end, pos + r["opening_max"]))
    if not run or r["opening_not"].match(run.group()):  # "6.完善对本级…委员会…": a verb phrase (rule opening_not)
        return None
    for k in range(r["opening_min"], len(run.group()) + 1):
        name = run.group()[:k]
        if accept(name) and self_governing(name):  # "4.各居委会。做好宣传发动": no unit (GOLD_GUIDE R3)
            return None
        if accept(name):  # its role: the verb phrase after it (rule verb_roles: "X为召集人，牵头召开…")
            office = r["opening_office"].match(text, pos + k, end)  # "领导小组办公室": the office (rule opening_office)
            if office and accept(name + office.group()):
                name, k = name + office.group(), k + len(office.group())
            names, at = _listed_after(text, [(name, (pos, pos + k))], pos + k, end, accept)  # "驻岚部队、武警…"
            a = reread(Assignment(span=(pos, at), responsible=names), text, accept, end=end)
            a = item_lead(a, text, at, end)  # "…。负责对…进行牵头整治。" (rule verb_roles.item_lead)
            return _together_lead(a, together_clauses(text, at, end, accept)) if not a.lead else a  # ("…。会同Y…")
    return None


def _together_lead(a: Assignment, partners: list) -> Assignment:
    """``a`` whose unit, responsible for its own work, also does some "会同Y…" (a later clause: "区旅游与文化体育局增加…
    场地设施…。会同教育部门组织开展…"): it leads, Y take part (GOLD_GUIDE rule 5 and R2, rule
    ``duty_lists.together_leads``; without the rule Y only take part). In place; returns ``a``."""
    partners = [p for p in partners if p[0] not in {n for n, _ in a.responsible + a.lead + a.participants}]
    if partners and _rules()["together_leads"] and a.responsible:
        a.lead, a.responsible = a.lead + a.responsible, []
    a.participants.extend(partners)
    return a


def _listed_after(text: str, names: list, at: int, end: int, accept: Accept) -> tuple[list, int]:
    """``names`` with the units listed after the opening one ("驻岚部队、武警及其医疗单位参照…": 武警), each the
    shortest unit after a 、; and where the list ends."""
    while at < end and text[at] == "、":
        run = _CJK_RUN.match(text, at + 1, min(end, at + 1 + _rules()["opening_max"]))
        k = next((j for j in range(2, len(run.group()) + 1) if accept(run.group()[:j])), 0) if run else 0
        if not k:
            break
        names.append((run.group()[:k], (at + 1, at + 1 + k)))
        at += 1 + k
    return names, at


def unit_heading(text: str, title: str, pos: int, end: int, child: int, accept: Accept,
                 listed: Optional[Callable[[], bool]] = None) -> Optional[Assignment]:
    """A heading over sub-items, outside a duty section, whose whole title is a unit (:func:`title_name`) and whose
    first sub-item (its text at ``child``) opens with a role verb ("2.5各市…盐业主管部门" over "2.5.1负责本区域…",
    rule ``duty_lists.verbs``) or that is one of a list of unit headings (``listed()``, :func:`heading_units`): that
    unit, for each sub-item; None otherwise."""
    t = title_name(title)
    if not t or len(t) > 40 or not accept(t) or not (_rules()["verb_any"].match(text, child) or (listed and listed())):
        return None
    at = text.find(t, pos, end)
    return Assignment(span=(at, at + len(t)), responsible=[(t, (at, at + len(t)))]) if at >= 0 else None


def together_clauses(text: str, start: int, end: int, accept: Accept) -> list:
    """The units Y of the clauses of ``text[start:end]`` that open with "会同Y…" (rule ``prose.with_more``) or "负责组织Y…"
    (rule ``together_clause``): the partners of the unit whose duties the clauses state."""
    from extract.structure.prose import together_with

    out = []
    for c in _CLAUSE.finditer(text, start, end):
        pos = c.start()
        while pos < c.end() and text[pos] in " \t\u3000：:":
            pos += 1
        m = _rules()["together_clause"].match(text, pos, c.end())  # "会同Y…", "负责联合Y…", "并会同Y…"
        if m:  # ("负责组织Y对…": the units Y it organises, a partner list of rule verb_roles; GOLD_GUIDE R1)
            out.extend(n for n in (together_with(text, m.start("w"), c.end(), accept) if m["w"] else partner_units(text, m.end(), c.end(), accept)) if n not in out)
    return out
