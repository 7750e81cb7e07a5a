"""Read who leads, who takes part and who is responsible.

``find_assignments(text, start, end, first_is_lead)`` scans a task's own text
for parentheticals and labelled lines that assign departments and returns
:class:`Assignment` records whose names carry clean-text spans.
``parse_assignment(s, offset, first_is_lead)`` reads one such string.
Nothing here knows a department's identity: that is ``extract.departments``.
Rules (labels, verbs, conventions) live in ``extract/rules/assignments.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from .rules import compile_scan, load_rules

Name = tuple[str, tuple[int, int]]  # (name, clean span)
_BRACKETS = load_rules("assignments.yaml")["brackets"]
_OPEN = _BRACKETS["open"]  # （…）, (…), 【责任单位：…】, 〔…〕
_CLOSE = _BRACKETS["close"]
_OPEN_RE = re.compile("[" + _OPEN + "]")
_WS = re.compile(r"\s+")


@dataclass
class Assignment:
    span: tuple[int, int]
    lead: list[Name] = field(default_factory=list)
    participants: list[Name] = field(default_factory=list)
    responsible: list[Name] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.lead or self.participants or self.responsible)


@lru_cache(maxsize=1)
def _rules():
    r = load_rules("assignments.yaml")
    labels = r["labels"]
    label_role = {w: role for role in ("lead", "participants", "responsible") for w in labels[role]}
    verbs = r["verbs"]
    verb_role = {w: role for role in ("lead", "participants", "responsible") for w in verbs[role]}
    # a label broken by a line end ("牵头\n单位：", a wrapped PDF line) is still a label
    label_alt = "|".join("[ \t\r\n]?".join(map(re.escape, w)) for w in sorted(label_role, key=len, reverse=True))
    qual_alt = "|".join(map(re.escape, labels["qualifiers"]))
    verb_alt = "|".join(sorted(map(re.escape, verb_role), key=len, reverse=True))
    mod_alt = "|".join(sorted(map(re.escape, verbs["modifiers"]), key=len, reverse=True))
    return {
        "label_role": label_role,
        "verb_role": verb_role,
        # "牵头单位：X" or "【牵头单位】X"
        "label_re": compile_scan(rf"(?:【\s*(?:{qual_alt})?(?P<blabel>{label_alt})\s*】|(?:{qual_alt})?(?P<label>{label_alt})\s*[：:])\s*"),
        "label_any": compile_scan(rf"(?:{label_alt})\s*[：:】]"),
        "other_field": re.compile(r["other_field"]["pattern"]),
        "body_stop": re.compile(r["labels"]["body_stop"]),
        "heading_quote": re.compile(r["labels"]["heading_quote"]),
        "remark": re.compile(r["remark_clauses"]["pattern"]),
        "label_after": re.compile(r["label_after"]),
        "verb_end": re.compile(rf"^(?P<list>.*?)(?:{mod_alt})*?(?P<verb>{verb_alt})$"),
        "verb_any": compile_scan(verb_alt),
        "together": re.compile("(?:" + "|".join(map(re.escape, r["together"]["words"])) + ")"),
        "first_is_lead": compile_scan(r["first_is_lead"]["pattern"]),
        "ignore": re.compile(r["ignore_clauses"]),
        "suffixes": sorted(r["strip_suffixes"], key=len, reverse=True),
        "prefixes": r["strip_prefixes"],
        "trailing_group": re.compile(r["trailing_group"]),
        "max_length": int(r["max_length"]),
        "unit_end": re.compile(r["space_separated"]["unit_end"]),
        "min_part": int(r["space_separated"]["min_part"]),
        "cell_lead": re.compile(r["cell_lead_mark"]["pattern"]),
        "level_item": re.compile(r["level_item"]["pattern"]),
        "joiners": re.compile("|".join(map(re.escape, sorted(r["conjoined"]["joiners"], key=len, reverse=True)))),
        "joined_end": re.compile(r["conjoined"]["unit_end"]),
        "joined_min": int(r["conjoined"]["min_left"]),
        "glued_cut": re.compile(r["glued_units"]["cut"]),
        "glued_min": int(r["glued_units"]["min_part"]),
        "carry": compile_scan(r["carry_forward"]["pattern"]),
        "carry_participants": frozenset(r["carry_forward"]["participants_verbs"]),
        "comma_is_lead": compile_scan(r["comma_is_lead"]["pattern"]),
        "remark_bracket": re.compile(r["remark_brackets"]["pattern"]),
        "convention_clause": re.compile("(?:" + r["first_is_lead"]["pattern"] + "|" + r["comma_is_lead"]["pattern"]
                                        + r")[^，,；;。）)]*"),
        "scope_bracket": re.compile(r["scope_bracket"]["pattern"]),
        "scoped": re.compile(r["scoped"]["pattern"], re.MULTILINE),
    }


def first_is_lead_positions(text: str) -> list[int]:
    """Sorted offsets where ``text`` states that the first listed unit leads."""
    return [m.start() for m in _rules()["first_is_lead"].finditer(text)]


def comma_is_lead_positions(text: str) -> list[int]:
    """Sorted offsets where ``text`` states that the units before the first comma lead."""
    return [m.start() for m in _rules()["comma_is_lead"].finditer(text)]


def find_carry_forward(text: str, start: int, end: int) -> list[tuple[int, "Assignment"]]:
    """Carry-forward notes ("以下均需X落实，不再列出", rule ``carry_forward``) in
    ``text[start:end]``: (offset of the note, the units it carries)."""
    r = _rules()
    out = []
    for m in r["carry"].finditer(text, start, end):
        a = Assignment(span=(m.start(), m.end()))
        role = "participants" if m["verb"] in r["carry_participants"] else "responsible"
        getattr(a, role).extend(_names(m["list"], m.start("list")))
        if not a.empty():
            out.append((m.start(), a))
    return out


def _mask_notes(s: str) -> str:
    """``s`` with carry-forward notes and convention remarks blanked out (same length)."""
    r = _rules()
    blank = lambda m: " " * len(m.group())  # noqa: E731
    s = r["remark_bracket"].sub(blank, r["carry"].sub(blank, s))
    # "（责任单位：A，B，列第一位的为牵头单位）": the convention is no unit
    return r["convention_clause"].sub(blank, s)


def states_first_is_lead(text: str) -> bool:
    """True when the document says the first listed unit leads (列第一位者为牵头单位)."""
    return bool(_rules()["first_is_lead"].search(text))


def _split_top(s: str, offset: int, seps: str) -> list[tuple[str, int]]:
    """Split on separators outside brackets; return (piece, absolute start)."""
    out = []
    depth = 0
    start = 0
    for i, ch in enumerate(s):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            out.append((s[start:i], offset + start))
            start = i + 1
    out.append((s[start:], offset + start))
    return out


def _names(s: str, offset: int) -> list[Name]:
    """Department names in a list "A、B和C等" with spans."""
    r = _rules()
    names: list[Name] = []
    for piece, pos in _glued_split(_conjoined_split(_space_split(_join_levels(s, offset, _split_top(s, offset, "、，,；;/"))))):
        lead_ws = len(piece) - len(piece.lstrip())
        name = piece.strip()
        pos += lead_ws
        for p in r["prefixes"]:
            if name.startswith(p) and len(name) > len(p) + 1:
                name, pos = name[len(p):], pos + len(p)
        m = r["trailing_group"].match(name)
        if m:
            names.append((m["name"], (pos, pos + len(m["name"]))))
            g = m["group"]
            gpos = pos + m.start("group")
            names.append((g, (gpos, gpos + len(g))))
            continue
        for suf in r["suffixes"]:
            if name.endswith(suf) and len(name) > len(suf):
                name = name[: -len(suf)].rstrip()
                break
        scope = r["scope_bracket"].search(name)  # "省交通运输厅（其他交通运输项目）"
        if scope and scope.start() > 1:
            name = name[:scope.start()].rstrip()
        written = len(name)  # "市 科技局": the span covers the spaces
        name = re.sub(r"\s+", "", name)
        if name:
            names.append((name, (pos, pos + written)))
    return names


def find_scoped(text: str, start: int, end: int) -> Optional[tuple[tuple[int, int], Assignment]]:
    """The first closing paragraph "以上任务由X牵头，Y负责" (rule ``scoped``) in
    ``text[start:end]``: (span of the paragraph, its assignment), else None."""
    for m in _rules()["scoped"].finditer(text, start, end):
        a = parse_assignment(m["body"], m.start("body"))
        if a is not None and not a.empty():
            return (m.start(), m.end()), a
    return None


def _join_levels(s: str, offset: int, pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Join an item that is only a level word ("各设区市", "市") to the item
    after it: "各设区市、县（市、区）人民政府" is one group (rule ``level_item``)."""
    level = _rules()["level_item"]
    out: list[tuple[str, int]] = []
    pending: Optional[int] = None  # start of a run of level words
    for i, (piece, pos) in enumerate(pieces):
        start = pos if pending is None else pending
        if level.match(piece.strip()) and i + 1 < len(pieces):
            pending = start
            continue
        end = pos + len(piece)
        out.append((s[start - offset:end - offset], start))
        pending = None
    return out


def _space_split(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Split "市发改委 市科技局" at its spaces when every part ends like a
    unit (see ``space_separated`` in the rules); keep "市 发改委" whole."""
    unit_end, min_part = _rules()["unit_end"], _rules()["min_part"]
    out = []
    for piece, pos in pieces:
        parts = [(m.group(), pos + m.start()) for m in re.finditer(r"\S+", piece)]
        if len(parts) > 1 and all(len(p) >= min_part and unit_end.search(p.rstrip("等")) for p, _ in parts):
            out.extend(parts)
        else:
            out.append((piece, pos))
    return out


def _conjoined_split(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Split "各区市县政府及园区管委会" at its joiner when both sides end like a
    unit (rule ``conjoined``); "省工业和信息化厅" stays whole."""
    r = _rules()
    unit, min_left = r["joined_end"], r["joined_min"]
    out = []
    for piece, pos in pieces:
        cut = 0  # start of the part not yet split off
        for m in r["joiners"].finditer(piece):
            left = piece[cut:m.start()].strip().rstrip("等")
            right = piece[m.end():].strip().rstrip("等")
            if len(left) >= min_left and len(right) >= min_left and unit.search(left) and unit.search(right):
                out.append((piece[cut:m.start()], pos + cut))
                cut = m.end()
        out.append((piece[cut:], pos + cut))
    return out


def _glued_split(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Cut "区经发局区环土局" into two units (rule ``glued_units``)."""
    r = _rules()
    out = []
    for piece, pos in pieces:
        cut = 0
        stripped = piece.rstrip()
        for m in r["glued_cut"].finditer(stripped):
            left = stripped[cut:m.start()].strip()
            if len(left) >= r["glued_min"] and len(stripped) - m.start() >= r["glued_min"]:
                out.append((piece[cut:m.start()], pos + cut))
                cut = m.start()
        out.append((piece[cut:], pos + cut))
    return out


def _verb_clauses(clauses: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Split a clause after a role verb followed by 、 ("X牵头、Y负责": rule ``verb_then_list``)."""
    verbs = _rules()["verb_role"]
    out = []
    for clause, pos in clauses:
        start = 0
        for i, ch in enumerate(clause):
            if ch == "、" and any(clause.endswith(v, start, i) for v in verbs):
                out.append((clause[start:i], pos + start))
                start = i + 1
        out.append((clause[start:], pos + start))
    return out


def _first_comma(body: str) -> int:
    """Index of the first comma outside brackets in ``body``, or -1."""
    pieces = _split_top(body, 0, "，,")
    return len(pieces[0][0]) if len(pieces) > 1 else -1


def _add_names(a: Assignment, body: str, pos: int, role: str, first_is_lead) -> None:
    """Add the units of ``body`` (at clean offset ``pos``) with ``role``; under
    the comma convention (``first_is_lead == "comma"``) the units before the
    first comma of a list lead and the others keep ``role``."""
    comma = _first_comma(body) if first_is_lead == COMMA and role == "responsible" else -1
    if comma > 0:
        a.lead.extend(_names(body[:comma], pos))
        getattr(a, role).extend(_names(body[comma + 1:], pos + comma + 1))
    else:
        getattr(a, role).extend(_names(body, pos))


def _label_body(a: Assignment, body: str, pos: int, role: str, first_is_lead) -> None:
    """The units of a labelled list.  A clause of it that ends in a role verb
    keeps that verb's role ("牵头部门：A，B、C配合" → lead A, participants B, C);
    a 负责-type verb just ends the list ("责任单位：A等有关部门按职责分工负责，B");
    a unit marked "（牵头）" leads and the others take part (rule ``cell_lead_mark``)."""
    r = _rules()
    marked = _lead_marked(body, pos)
    if marked is not None:
        a.lead.extend(marked.lead)
        a.participants.extend(marked.participants)
        return
    clauses = _split_top(body, pos, "，,；;")
    verbs = [r["verb_end"].match(c.strip()) for c, _ in clauses]
    if not any(v and v["list"].strip() for v in verbs):
        _add_names(a, body, pos, role, first_is_lead)
        return
    for (clause, cpos), v in zip(clauses, verbs):
        text = clause.strip()
        cpos += len(clause) - len(clause.lstrip())
        if v and v["list"].strip():
            own = r["verb_role"][v["verb"]]
            getattr(a, role if own == "responsible" else own).extend(_names(v["list"], cpos))
        elif text:
            getattr(a, role).extend(_names(text, cpos))


#: ``first_is_lead`` value for the convention "逗号前为牵头单位".
COMMA = "comma"


def parse_assignment(s: str, offset: int = 0, first_is_lead: bool | str = False) -> Optional[Assignment]:
    """Read one assignment string (without its brackets).

    Returns None when ``s`` holds no label and no clause ending in a role
    verb.  ``first_is_lead`` is the document's convention: True
    ("列第一位者为牵头单位") makes the first unit of an assignment that names no
    lead the lead and the others participants; ``COMMA`` ("逗号前为牵头单位")
    makes the units before the first comma of a list the leads.  Carry-forward
    notes ("以下均需X落实，不再列出") are not read here (``find_carry_forward``).
    """
    r = _rules()
    s = _mask_notes(s)
    if not (r["label_any"].search(s) or r["verb_any"].search(s)):
        return None
    a = Assignment(span=(offset, offset + len(s)))
    labels = list(r["label_re"].finditer(s))
    if labels:
        for i, m in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(s)
            body = s[m.end():end]
            other = r["other_field"].search(body)  # "；完成时限：…", "  责任领导：…"
            body = body[:other.start()] if other else body
            stop = r["body_stop"].search(body)  # a list never runs past a sentence end or a heading's colon
            body = (body[:stop.start()] if stop else body).rstrip("；;，,。 \n")
            quote = r["heading_quote"].search(body)  # "区卫生与计划生育局“互联网+”教育": the next heading
            body = body[:quote.start()] if quote else body
            _label_body(a, body, offset + m.end(), r["label_role"][_WS.sub("", m["label"] or m["blabel"])],
                        first_is_lead)
        return _first_leads(a, first_is_lead)
    clauses = _verb_clauses(_split_top(s, offset, "，,；;。"))
    if not any(r["verb_end"].match(c.strip()) for c, _ in clauses):
        return None  # "各牵头单位要加强统筹": a verb, but no clause assigns
    units = 0
    for clause, pos in clauses:
        text = clause.strip()
        pos += len(clause) - len(clause.lstrip())
        if not text or r["ignore"].match(text):
            continue
        if not r["verb_end"].match(text) and r["remark"].search(text):
            continue  # "2024年底前完成", "长期坚持": a deadline, not a unit
        comma_lead = first_is_lead == COMMA and units == 0 and not r["verb_end"].match(text)
        _read_clause(a, text, pos, "lead" if comma_lead else None)
        units += 1
    if first_is_lead == COMMA and units == 1 and a.lead and not (a.participants or a.responsible):
        a.responsible, a.lead = a.lead, []  # "A、B" alone: no comma, no lead
    return _first_leads(a, first_is_lead)


def _first_leads(a: Assignment, first_is_lead) -> Assignment:
    """Under "列第一位者为牵头单位", an assignment that names no lead is led by
    its first responsible unit; the other responsible units take part."""
    if first_is_lead is True and not a.lead and a.responsible:
        a.lead = a.responsible[:1]
        a.participants = a.responsible[1:] + a.participants
        a.responsible = []
    return a


def parse_cell(s: str, offset: int, role: str) -> Assignment:
    """Read one department cell of an assignment table whose column has
    ``role`` ("lead", "participants" or "responsible").

    Roles stated in the cell win: "A牵头，B配合" gives lead A and participant
    B; "A（牵头）、B" (see ``cell_lead_mark``) gives lead A and participant B;
    otherwise every unit takes the column's role.  Never raises.
    """
    stated = parse_assignment(s, offset)
    if stated is not None and (stated.lead or stated.participants):
        return stated
    a = Assignment(span=(offset, offset + len(s)))
    names = _names(s, offset)
    marked = _lead_marked(s, offset)
    if marked is not None:
        a.lead, a.participants = marked.lead, marked.participants
        return a
    column = parse_assignment(s + _ROLE_WORD[role], offset)
    if column is not None:
        a.lead, a.participants, a.responsible = column.lead, column.participants, column.responsible
    return a


def _lead_marked(s: str, offset: int) -> Optional[Assignment]:
    """"A（牵头）、B": lead A, participants B (rule ``cell_lead_mark``); None without a mark."""
    names = _names(s, offset)
    mark = _rules()["cell_lead"]
    marked = [mark.search(n) for n, _ in names]
    if not any(marked):
        return None
    a = Assignment(span=(offset, offset + len(s)))
    for (name, (ns, _)), m in zip(names, marked):
        if m:
            bare = name[:m.start()]
            a.lead.append((bare, (ns, ns + len(bare))))
        else:
            a.participants.append((name, (ns, ns + len(name))))
    return a


# a verb appended to a bare table cell so that the assignment reader splits it
_ROLE_WORD = {"lead": "牵头", "participants": "参与", "responsible": "负责"}


def _read_clause(a: Assignment, text: str, pos: int, role: Optional[str] = None) -> None:
    """Read "<list><verb>" (or a bare list, responsible unless ``role`` says otherwise)."""
    r = _rules()
    m = r["verb_end"].match(text)
    body, role = (m["list"], r["verb_role"][m["verb"]]) if m else (text, role or "responsible")
    tm = r["together"].search(body)
    if tm and tm.start() > 0:
        a.lead.extend(_names(body[: tm.start()], pos))
        a.participants.extend(_names(body[tm.end():], pos + tm.end()))
        return
    getattr(a, role).extend(_names(body, pos))


def parentheticals(text: str, start: int, end: int, max_length: int):
    """Top-level bracketed spans ``(open, close+1)`` in ``text[start:end]``."""
    i = start
    while i < end:
        j = _next_open(text, i, end)
        if j == -1:
            return
        depth = 0
        k = j
        limit = min(end, j + max_length)
        while k < limit:
            ch = text[k]
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if k < limit and depth == 0:
            yield j, k + 1
            i = k + 1
        else:
            i = j + 1


def _next_open(text: str, i: int, end: int) -> int:
    m = _OPEN_RE.search(text, i, end)
    return m.start() if m else -1


def find_assignments(text: str, start: int, end: int, first_is_lead: bool = False) -> list[Assignment]:
    """Assignments in ``text[start:end]``: parentheticals and labelled lines."""
    r = _rules()
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
        line_end = text.find("\n", m.start(), end)
        line_end = end if line_end == -1 else line_end
        line_start = text.rfind("\n", start, m.start()) + 1
        line_start = max(line_start, start)
        # a labelled line: the labels start the line (or follow a sentence end)
        prefix = text[line_start:m.start()].strip()
        if prefix and not r["label_after"].search(prefix):
            continue
        a = parse_assignment(text[m.start():line_end], m.start(), first_is_lead)
        if a is not None and not a.empty():
            found.append(a)
            covered.append((m.start(), line_end))
    found.sort(key=lambda a: a.span)
    return found


def find_prose_assignments(text: str, start: int, end: int, accept, duty: bool = False) -> list[Assignment]:
    """Assignments stated in running prose in ``text[start:end]`` ("省有关部门按职责
    分工负责", "A要会同B建立…"), clause by clause; ``accept(name) -> bool`` must
    hold for every unit named (rules: ``prose`` in assignments.yaml).  With
    ``duty`` (an article of a regulation) a bare "X负责…" counts too."""
    r = _prose_rules()
    role = r["duty"] if duty else r["role"]
    found = []
    for clause, pos in _split_top(text[start:end], start, "，,。；;！!？?\n"):
        stripped = clause.lstrip()
        pos += len(clause) - len(stripped)
        m = None if duty and r["by"].match(stripped) else r["with"].match(stripped)
        if m:
            lead = accepted_units(m["lead"], pos + m.start("lead"), accept)
            partners = accepted_units(m["with"], pos + m.start("with"), accept)
            if lead and partners:
                found.append(Assignment(span=(pos, pos + m.end()), lead=lead, participants=partners))
            continue
        m = r["by"].match(stripped) if duty else None
        if m and m["with"]:  # "由X会同Y制定"
            lead = accepted_units(m["list"], pos + m.start("list"), accept)
            partners = accepted_units(m["with"], pos + m.start("with"), accept)
            if lead and partners:
                found.append(Assignment(span=(pos, pos + m.end()), lead=lead, participants=partners))
            continue
        if m:
            names = accepted_units(m["list"], pos + m.start("list"), accept)
            if names:
                found.append(Assignment(span=(pos, pos + m.end()), responsible=names))
                continue
        m = r["role"].match(stripped) or (duty and role.match(stripped))
        if m:
            names = accepted_units(m["list"], pos, accept)
            if names:
                a = Assignment(span=(pos, pos + m.end()))
                getattr(a, r["verbs"][m["verb"]]).extend(names)
                found.append(a)
    return found


@lru_cache(maxsize=1)
def _prose_rules() -> dict:
    p = load_rules("assignments.yaml")["prose"]
    return {"with": re.compile(p["with"]), "role": re.compile(p["role"]), "duty": re.compile(p["duty"]),
            "by": re.compile(p["by"]), "verbs": p["verbs"]}


def accepted_units(s: str, pos: int, accept) -> list[Name]:
    """The units of ``s`` when all pass ``accept``: the whole phrase if it is one
    unit (各市、县（市、区）人民政府), else its 、-separated items; [] otherwise."""
    lead_ws = len(s) - len(s.lstrip())
    whole = s.strip()
    for p in _rules()["prefixes"]:  # "由区规划局": the unit is after 由
        if whole.startswith(p) and len(whole) > len(p) + 1:
            whole, lead_ws = whole[len(p):], lead_ws + len(p)
            break
    if "等" not in whole and accept(whole):
        return [(whole, (pos + lead_ws, pos + lead_ws + len(whole)))]
    names = _names(s, pos)
    return names if names and all(accept(n) for n, _ in names) else []
