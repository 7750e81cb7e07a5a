"""Read who leads, who takes part and who is responsible.

``find_assignments(text, start, end, first_is_lead)`` scans a task's own text
for parentheticals and labelled lines that assign departments and returns
:class:`Assignment` records whose names carry clean-text spans.
``parse_assignment(s, offset, first_is_lead)`` reads one such string (a table's
department cell: ``extract.structure.cell_roles.parse_cell``).
Nothing here knows a department's identity: that is ``extract.entities.departments``.
Rules (labels, verbs, conventions) live in ``extract/rules/assignments.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from extract.memo import LIMIT, kept_memo, memoized
from extract.entities.unit_lists import Name, names as _names, parentheticals, split_top as _split_top
from extract.entities.unit_shape import is_unit_name, looks_like_department
from extract.structure.assignment_rules import rules
from extract.structure.assignment_record import Assignment, mask_notes, remade
from extract.structure.lead_convention import ALL_KIND, COMMA_KIND, FIRST, Convention, convention_at
from extract.structure.label_runs import ROLES as _ROLES, label_body_end as _label_body_end, label_run_end, line_end as _line_end
from extract.structure.label_runs import mostly_units as _mostly_units, unit_shaped

_WS = re.compile(r"\s+")


def _verb_clauses(clauses: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Split a clause after a role verb followed by 、 ("X牵头、Y负责": rule ``verb_then_list``)."""
    verbs = tuple(rules()["verb_role"])
    out = []
    for clause, pos in clauses:
        start = 0
        i = clause.find("、")
        while i >= 0:  # only at a 、, not at every character
            if clause.endswith(verbs, start, i):
                out.append((clause[start:i], pos + start))
                start = i + 1
            i = clause.find("、", i + 1)
        out.append((clause[start:], pos + start))
    return out


def _first_comma(body: str) -> int:
    """Index of the first comma outside brackets in ``body``, or -1."""
    pieces = _split_top(body, 0, "，,")
    return len(pieces[0][0]) if len(pieces) > 1 else -1


def _add_names(a: Assignment, body: str, pos: int, role: str, conv: Optional[Convention]) -> None:
    """Add the units of ``body`` (at clean offset ``pos``) with ``role``; under
    the comma convention the units before the first comma of a list lead and
    the others take the convention's ``rest`` role."""
    comma = _first_comma(body) if conv and conv.kind == COMMA_KIND and role == "responsible" else -1
    if comma > 0:
        a.lead.extend(_names(body[:comma], pos))
        getattr(a, conv.rest).extend(_names(body[comma + 1:], pos + comma + 1))
    elif conv and conv.kind == COMMA_KIND and role == "responsible":
        a.lead.extend(_names(body, pos))  # no comma: the whole list stands before it and leads
    else:
        getattr(a, role).extend(_names(body, pos))


def _label_body(a: Assignment, body: str, pos: int, role: str, conv: Optional[Convention]) -> None:
    """The units of a labelled list.  A clause of it that ends in a role verb
    keeps that verb's role ("牵头部门：A，B、C配合" → lead A, participants B, C);
    a 负责-type verb just ends the list ("责任单位：A等有关部门按职责分工负责，B");
    a unit marked "（牵头）" leads and the others take the label's role, as in a table column (rule
    ``cell_lead_mark``; GOLD_GUIDE "roles": "X（牵头）、Y" under 责任单位 → lead X, responsible Y)."""
    r = rules()
    marked = lead_marked(body, pos, role)  # the units the mark leaves take the label's role, as a column's
    if marked is not None:
        a.lead.extend(marked.lead)
        a.participants.extend(marked.participants)
        a.responsible.extend(marked.responsible)
        return
    clauses = _verb_clauses(_split_top(body, pos, "，,；;"))  # "A牵头、B等参与": a 、 after a role verb splits too
    verbs = [r["verb_end"].match(c.strip()) for c, _ in clauses]
    if not any(v and v["list"].strip() for v in verbs):
        if not (conv is None and _joint_clauses(a, clauses, role)):
            _add_names(a, body, pos, role, conv)
        return
    for (clause, cpos), v in zip(clauses, verbs):
        text = clause.strip()
        cpos += len(clause) - len(clause.lstrip())
        if v and v["list"].strip():
            own = r["verb_role"][v["verb"]]
            listed, at = v["list"], cpos
            aside = r["aside"].match(listed)
            if aside:  # "责任单位：A、B，其中A牵头": the lead named among the units listed before
                listed, at = listed[aside.end():], at + aside.end()
            if not _together(a, listed, at):
                got = _names(listed, at)
                getattr(a, role if own == "responsible" else own).extend(got)
                if aside and own != "responsible":  # (named once: with the role the aside gives it)
                    a.responsible = [n for n in a.responsible if n[0] not in {g for g, _ in got}]
        elif text:
            getattr(a, role).extend(_names(text, cpos))


def _joint_clauses(a: Assignment, clauses: list, role: str) -> bool:
    """A labelled list whose clause joins units by 会同 ("责任单位：A、B会同C、D，E、F"): lead A, B, participants
    C, D, the other clauses' units in the label's ``role`` (rule ``together``); False (nothing added) when no
    clause does."""
    r = rules()
    if not any((t := r["together"].search(c)) and t.start() > 0 and t.group() in r["together_free"] for c, _ in clauses):
        return False
    for clause, cpos in clauses:
        text = clause.strip()
        cpos += len(clause) - len(clause.lstrip())
        if text and not _together(a, text, cpos):
            getattr(a, role).extend(_names(text, cpos))
    return True


COMMA = COMMA_KIND  #: ``first_is_lead`` value for "逗号前为牵头单位" (the rest responsible)


def parse_assignment(s: str, offset: int = 0, first_is_lead: bool | str = False) -> Optional[Assignment]:
    """Read one assignment string (without its brackets): see :func:`_parse_assignment`.  A string
    read before in the document under the same convention is not read again: its assignment is
    moved to ``offset`` (a new one; a bracket is read by several readers, a document twice)."""
    key = (s, convention_at(first_is_lead, offset + len(s)))
    got = _PARSED.get(key, _UNREAD)
    if got is _UNREAD:
        a = _parse_assignment(s, offset, first_is_lead)
        if len(_PARSED) >= LIMIT:
            _PARSED.clear()
        _PARSED[key] = got = None if a is None else _moved(a, -offset)
        return a
    return None if got is None else _moved(got, offset)


def _moved(a: Assignment, by: int) -> Assignment:
    """A new assignment like ``a`` with every span moved by ``by``."""
    lead, participants, responsible = ([(n, (x + by, y + by)) for n, (x, y) in names]
                                       for names in (a.lead, a.participants, a.responsible))
    return remade(a, (a.span[0] + by, a.span[1] + by), lead, participants, responsible)


_PARSED = kept_memo()  # (the same brackets come back in a corpus: kept across documents)
_UNREAD = object()


def _parse_assignment(s: str, offset: int = 0, first_is_lead: bool | str = False) -> Optional[Assignment]:
    """Read one assignment string (without its brackets).

    Returns None when ``s`` holds no label and no clause ending in a role
    verb.  ``first_is_lead`` is the document's convention (see
    :mod:`extract.structure.lead_convention`; the one in force where ``s`` ends
    applies): the first listed ("列第一位者为牵头单位") makes the first unit of an
    assignment that names no lead the lead; the comma ("逗号前为牵头单位")
    makes the units before the first comma of a list the leads (a list without
    a comma leads whole); the other units take the convention's ``rest`` role.  Carry-forward notes are not
    read here (``find_carry_forward``)."""
    r = rules()
    conv = convention_at(first_is_lead, offset + len(s))
    s = mask_notes(s)
    if conv is not None and conv.own_rest and r["bracket_rest"].search(s):  # "（A、B、C负责）": the rest responsible
        conv = replace(conv, rest="responsible")
    if "\n" in s:  # a unit list broken over a line after its 、 ("（市发改委、\n市财政局负责）"): one line (same length)
        s = s.replace("、\n", "、 ")
    if not (r["label_any"].search(s) or r["verb_any"].search(s)):
        return _dated_units(s, offset, conv)
    a = Assignment(span=(offset, offset + len(s)))
    labels = list(r["label_re"].finditer(s))
    if labels:
        for i, m in enumerate(labels):
            body = s[m.end():_label_body_end(s, labels, i)]
            word = _WS.sub("", m["label"] or m["blabel"])
            guarded = word.startswith(r["label_guarded"]) or word in r["label_bare"]
            if guarded and not _mostly_units(body):
                continue  # "其它相关部门：在区管委会领导下…": a department's duties, no label (rule labels.compose.guarded)
            before = {f: len(getattr(a, f)) for f in _ROLES}
            _label_body(a, body, offset + m.end(), r["label_role"][word], conv)
            if guarded:  # "相关部门：属地街道、相关使用单位、…": the names shaped like units only
                for f in _ROLES:
                    kept = [n for n in getattr(a, f)[before[f]:] if unit_shaped(n[0])]
                    setattr(a, f, getattr(a, f)[:before[f]] + kept)
        return _first_leads(a, conv)
    clauses = _verb_clauses(_split_top(s, offset, "，,；;。"))
    if not any(r["verb_end"].match(c.strip()) for c, _ in clauses):
        marked = lead_marked(s, offset)  # "市发展改革委（牵头）、市科技局" (rule cell_lead_mark)
        return marked if marked is not None and marked.lead else None  # "各牵头单位要加强统筹": no clause assigns
    units, led, part_leads, shared = 0, False, 0, []
    for clause, pos in clauses:
        text = clause.strip()
        pos += len(clause) - len(clause.lstrip())
        if not text or r["ignore"].match(text):
            continue
        verb = r["verb_end"].match(text)
        if not verb and r["remark"].search(text):
            continue  # "2024年底前完成", "长期坚持": a deadline, not a unit
        mid = _verb_mid(text) if not verb else None
        if mid is not None:  # "区财政局负责资金保障，区教育局配合": the unit and its verb's role, not a name
            verb, text = mid
        comma = conv is not None and conv.kind == COMMA_KIND and not verb
        led = led or (comma and units == 0)
        before, listed = len(a.lead), len(a.responsible)
        _read_clause(a, text, pos, ("lead" if units == 0 else conv.rest) if comma else None)
        if conv and conv.shared and verb and r["shared_form"].search(text):  # "A、B按职责分工负责" (rule shared_lead)
            shared.extend(a.responsible[listed:])
        if verb and r["part_lead"] and r["matter_by"].match(verb["list"]):
            part_leads += len(a.lead) - before  # "…机制由区财政金融局牵头": the lead of a part (rule part_lead)
        units += 1
    if a.lead and a.responsible and rules()["lead_once"]:  # "A、B按职责分工负责，A牵头": A leads only
        leads = {n for n, _ in a.lead}
        a.responsible = [p for p in a.responsible if p[0] not in leads]
    if conv and conv.kind == COMMA_KIND and units == 1 and a.responsible and not (a.lead or a.participants):
        a.lead, a.responsible = a.responsible, []  # "A、B负责" alone: no comma, the whole list leads
    elif led and conv.rest != "responsible":  # "A，B、C负责" under "其余为配合单位": B, C take part
        a.participants, a.responsible = a.participants + a.responsible, []
    if shared and not a.lead:  # under "分工负责为各部门按职责分别牵头" each unit of the list leads in its field
        a.lead, a.responsible = shared, [p for p in a.responsible if p not in shared]
    return _first_leads(a, conv, part_leads)


def _verb_mid(text: str):
    """(verb match, "<list><verb>") of a clause "<units><role verb><matter>" whose every name is shaped like a unit
    ("区卫健局牵头负责医疗救治" → 区卫健局牵头负责: rule ``verbs.verb_mid``), else None."""
    m = rules()["verb_mid"].match(text)
    listed = _names(m["list"], 0) if m else []
    if not listed or not all(is_unit_name(n) for n, _ in listed):
        return None
    head = text[:m.end("verb")]
    return rules()["verb_end"].match(head), head


def _dated_units(s: str, offset: int, conv: Optional[Convention]) -> Optional[Assignment]:
    """"区行政审批局、经济发展局，2016年4月底前完成": clauses that are unit lists (every name shaped like a unit) and
    a deadline clause (rule ``dated_units``), no role word: the units are responsible, or read by the convention
    in force (the first listed or those before the first comma lead); None for any other string."""
    r = rules()
    if not r["dated_units"].search(s):
        return None
    a = Assignment(span=(offset, offset + len(s)))
    first: list[Name] = []
    for clause, pos in _split_top(s, offset, "，,；;。"):
        text = clause.strip()
        if not text or r["ignore"].match(text) or r["remark"].search(text):
            continue  # "2016年4月底前完成", "持续推进"
        got = _names(text, pos + len(clause) - len(clause.lstrip()))
        if not got or not all(is_unit_name(n) for n, _ in got):
            return None
        first = first or got
        a.responsible.extend(got)
    if not a.responsible:
        return None
    if conv and conv.kind == COMMA_KIND:  # the units before the first comma lead (all of a list without one)
        rest = [n for n in a.responsible if n not in first]
        a.lead, a.responsible = first, []
        getattr(a, conv.rest).extend(rest)
    return _first_leads(a, conv)


def _first_leads(a: Assignment, conv: Optional[Convention], part_leads: int = 0) -> Assignment:
    """Under "列第一位者为牵头单位", an assignment that names no lead is led by
    its first responsible unit; the other responsible units take the
    convention's ``rest`` role (participants unless stated).  The ``part_leads`` leads of a
    part of the work ("…，政府采购评审专家征集…由区财政金融局牵头", rule ``part_lead``) name no
    lead of the whole: the first listed unit leads beside them.  A lead printed again among the
    partners is a lead only (rule ``lead_once``)."""
    if conv and conv.kind == ALL_KIND and not a.lead and a.responsible:  # "无牵头单位的，责任单位即为牵头单位"
        a.lead, a.responsible = a.responsible, []
    if conv and conv.kind == FIRST and len(a.lead) == part_leads and a.responsible:
        listed = a.responsible
        a.lead, a.responsible = listed[:1] + a.lead, []
        getattr(a, conv.rest)[:0] = listed[1:]
    if a.lead and a.participants and rules()["lead_once"]:  # a lead printed again among the partners leads only
        leads = {n for n, _ in a.lead}
        a.participants = [p for p in a.participants if p[0] not in leads]
    return a


def lead_marked(s: str, offset: int, others: str = "participants") -> Optional[Assignment]:
    """"A（牵头）、B": lead A, and B in the role ``others`` (participants; a table cell passes its column's
    role) (rule ``cell_lead_mark``); None without a mark.  会同 between two names ("A（牵头）会同B", "…、C会同D、…")
    splits them; the units right after it take part."""
    together = rules()["together"]
    names: list = []
    partners: set = set()
    for name, (ns, ne) in _names(s, offset):
        t = together.search(name)
        if t and t.start() > 0 and t.group() in rules()["together_free"]:
            after = _names(name[t.end():], ns + t.end())
            names.extend([*_names(name[:t.start()], ns), *after])
            partners.update(span for _, span in after)
        else:
            names.append((name, (ns, ne)))
    mark = rules()["cell_lead"]
    marked = [mark.search(n) for n, _ in names]
    if not any(marked):
        return None
    a = Assignment(span=(offset, offset + len(s)))
    for (name, (ns, _)), m in zip(names, marked):
        if m:
            bare = name[:m.start()]
            a.lead.append((bare, (ns, ns + len(bare))))
        else:
            role = "participants" if (ns, ns + len(name)) in partners else others
            getattr(a, role).append((name, (ns, ns + len(name))))
    return a


def _together(a: Assignment, body: str, pos: int) -> bool:
    """"A会同B" / "A联合B" (rule ``together``): lead A, participants B (in place); False if no such word."""
    r = rules()
    tm = r["together"].search(body)
    if not (tm and tm.start() > 0 and (tm.group() in r["together_free"] or r["unit_like_end"].search(body[:tm.start()]))):
        return False
    a.lead.extend(_names(body[: tm.start()], pos))
    a.participants.extend(_names(body[tm.end():], pos + tm.end()))
    return True


def _read_clause(a: Assignment, text: str, pos: int, role: Optional[str] = None) -> None:
    """Read "<list><verb>" (or a bare list, responsible unless ``role`` says otherwise)."""
    r = rules()
    m = r["verb_end"].match(text)
    body, role = (m["list"], r["verb_role"][m["verb"]]) if m else (text, role or "responsible")
    by = r["matter_by"].match(body) if m else None
    if by:  # "其中旅游景区的公厕由区旅游发展公司负责": the unit is after 由, else there is none
        if not looks_like_department(r["together"].split(by["unit"])[0].strip()):
            return
        body, pos = by["unit"], pos + by.start("unit")
    aside = r["aside"].match(body) if m and not by else None
    if aside:  # "…，其中A牵头": the lead named among the units listed before
        body, pos = body[aside.end():], pos + aside.end()
    if _together(a, body, pos):
        return
    names = _names(body, pos)
    if m and m["verb"] in r["shaped"]:  # "（待起草）" names no unit (rule verbs.shaped)
        names = [n for n in names if looks_like_department(n[0])]
    getattr(a, role).extend(names)


def has_assignment(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds any bracketed or labelled assignment
    (``find_assignments`` stopped at its first hit)."""
    r = rules()
    for s, e in parentheticals(text, start, end, r["max_length"]):  # the cheap test first: it stops at a hit
        a = parse_assignment(text[s + 1: e - 1], s + 1)
        if a is not None and not a.empty():
            return True
    return bool(r["label_re"].search(text, start, end) and find_assignments(text, start, end))


def copied(found: list[Assignment]) -> list[Assignment]:
    """New assignments with new lists of the same names, every other field as it is (what a memo hands out)."""
    return [remade(a, a.span, list(a.lead), list(a.participants), list(a.responsible)) for a in found]


@memoized(copied)  # (a document is read twice when its prose assigns: remembered for the document)
def find_assignments(text: str, start: int, end: int, first_is_lead: bool = False) -> list[Assignment]:
    """Assignments in ``text[start:end]``: parentheticals and labelled lines."""
    r = rules()
    found: list[Assignment] = []
    covered: list[tuple[int, int]] = []
    for s, e in parentheticals(text, start, end, r["max_length"]):
        a = parse_assignment(text[s + 1: e - 1], s + 1, first_is_lead)
        if a is not None and not a.empty():
            found.append(a)
            covered.append((s, e))
    for m in r["label_re"].finditer(text, start, end):
        if any(s <= m.start() < e for s, e in covered):
            continue
        line_end = _line_end(text, m.start(), end)
        line_start = text.rfind("\n", start, m.start()) + 1
        line_start = max(line_start, start)
        # a labelled line: the labels start the line (or follow a sentence end)
        prefix = text[line_start:m.start()].strip()
        if prefix and not r["label_after"].search(prefix):
            continue
        if prefix.endswith("["):  # "[牵头单位:X;责任单位:Y]": the run ends at its closing bracket
            close = text.find("]", m.start(), line_end)
            line_end = close if close != -1 else line_end
        run_end = m.start() + label_run_end(text[m.start():line_end])
        a = parse_assignment(text[m.start():run_end], m.start(), first_is_lead)
        if a is not None and not a.empty():
            found.append(a)
            covered.append((m.start(), run_end))
    found.sort(key=lambda a: a.span)
    return found
