"""Where one numbered item is not one task, or one assignment serves several.

Three layouts of real documents, each a pure function over clean text and the
items of ``extract.structure.numbering`` (rules: ``bracket_tasks``, ``closing_line`` and
``carry_forward`` in ``extract/rules/assignments.yaml``):

* ``segments(text, start, assignments)``: a paragraph run that holds several
  assignment brackets, each closing its own sentences ("培育…。（责任单位：A）
  推动…。（责任单位：B）"), is several tasks; returns their ``(start, end)``
  clean spans, or ``[]`` when the item is one task.
* ``closing_line(text, head_start, own_end, line_end)``: an assignment that
  stands alone on the last line of an item ("（省教育厅牵头，省科协配合）" after
  sub-item 3 of a group); returns its span and the line's start, or None.
  ``tasks`` lets it assign the run of unassigned siblings it closes.
* ``bare_units(text, start, end, accept)``: "…。（市发展改革委、市财政局）", a
  closing bracket of unit names only, without a role word.
* carry-forward notes ("以下均需X落实，不再列出"): :mod:`extract.structure.carry_forward`.
* which closing brackets assign a run of items (``closing_runs``, used by ``tasks.build_tasks`` before it builds
  the tasks): :mod:`extract.structure.closing_groups`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from extract.structure.assignment_rules import rules as assignment_rules
from extract.structure.assignments import Assignment, find_assignments, mask_notes, _first_comma as first_comma
from extract.structure.lead_convention import COMMA_KIND, FIRST, convention_at
from extract.model import Task
from extract.structure.prose import accepted_units, find_prose_assignments
from extract.structure.prose_subjects import Acted
from extract.rules.loader import load_rules
from extract.structure.numbering import Item
from extract.entities.unit_lists import Name, parentheticals, split_top


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = load_rules("assignments.yaml")
    return {
        "min_text": int(r["bracket_tasks"]["min_text"]),
        "text_char": re.compile(r["bracket_tasks"]["text_char"]),
        "after_sentence": re.compile(r["bracket_tasks"]["after_sentence"]),
        "after_clause": re.compile(r["bracket_tasks"].get("after_clause", "(?!)")),
        "sentence_inside": re.compile(r["bracket_tasks"].get("sentence_inside", "(?!)")),
        "clause_list": re.compile(r["bracket_tasks"].get("clause_list", "(?!)")),
        "open": r["brackets"]["open"],
        "close": r["brackets"]["close"],
        "after_unit": re.compile(r["bare_units"]["after_unit"]),
        "sign_off": re.compile(r["bare_units"]["sign_off"]),
    }


def _text_chars(s: str) -> int:
    return len(_rules()["text_char"].findall(s))


def _closing_end(text: str, a: Assignment) -> int:
    """End of an assignment including its closing bracket, if it has one."""
    end = a.span[1]
    return end + 1 if end < len(text) and text[end] in _rules()["close"] else end


def segments(text: str, start: int, assignments: list[Assignment]) -> list[tuple[int, int]]:
    """Clean spans of the tasks in ``text[start:…]`` when two or more of its
    ``assignments`` (sorted) each close a finished sentence run of at least
    ``min_text`` text characters, or a clause run after a bracket that closed the clause
    before with 分号 in a colon-introduced list ("…：…（X负责）；…（Y负责）"); any other bracket joins the run before it.
    An assignment of rule ``prose.subject_verb`` opens its clause and closes no run: not counted."""
    assignments = [a for a in assignments if not isinstance(a, Acted)]
    if len(assignments) < 2:
        return []
    min_text = _rules()["min_text"]
    spans: list[list[int]] = []
    prev = start
    for a in assignments:
        end = _closing_end(text, a)
        if end <= prev:  # an assignment inside the brackets of the one before: part of its run
            continue
        open_at = a.span[0] - 1 if a.span[0] > 0 and text[a.span[0] - 1] in _rules()["open"] else a.span[0]
        run = text[prev:open_at]
        if not spans or (_text_chars(run) >= min_text and (_rules()["after_sentence"].search(run)
                                                            or _clause_of_list(text, start, prev, run)
                                                            or _opens_sentence(run))):
            spans.append([prev, end])
        else:
            spans[-1][1] = end
        prev = end
    if len(spans) < 2:
        return []
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        out.append((s, e))
    return out


def _opens_sentence(run: str) -> bool:
    """``run`` (after the bracket before) holds a finished sentence before the bracket that closes it ("…参与）强化饮用水
    水源保护。分期实施…搬迁工程（X牵头）2018年底前…"): it opens a run of its own (rule ``bracket_tasks.sentence_inside``)."""
    return bool(_rules()["sentence_inside"].search(run))


def _clause_of_list(text: str, start: int, prev: int, run: str) -> bool:
    """``run`` opens after a bracket that closed its clause with 分号 (rule ``bracket_tasks.after_clause``)
    in a sentence whose clauses a colon introduced ("构筑安全屏障：…（X负责）；…", ``clause_list``)."""
    r = _rules()
    if not r["after_clause"].match(run):
        return False
    sentence = max(start, *(text.rfind(c, start, prev) + 1 for c in "。！？!?"))
    return bool(r["clause_list"].search(text, sentence, prev))


def ends_at_bracket(text: str, items: list[Item], j: int, own_end: int, assignments: list[Assignment]) -> bool:
    """Whether item ``j`` is a sibling of the next item and its own text (to ``own_end``)
    ends with the bracket of its last assignment."""
    return (j + 1 < len(items) and items[j].parent == items[j + 1].parent and items[j].style == items[j + 1].style
            and bool(assignments) and not text[_closing_end(text, assignments[-1]):own_end].strip(" \t\n\u3000。；;"))


def prose_tail(text: str, own_end: int, assignments: list[Assignment], accept: Callable[[str], bool],
               sibling_closed: bool) -> Optional[tuple[tuple[int, int], list[Assignment]]]:
    """The text after the bracket that closes the last item of a list whose items end
    at their brackets, when a crawl ran the next paragraph into it and that paragraph
    opens with an assignment of its own in prose ("…（省交通运输厅起草）省司法厅要会同省有关
    部门…"): ((its span), its assignments), else None (rule ``bracket_tasks``: the
    bracket ends the task).  ``sibling_closed``: the item before it is a sibling whose
    text ends at its bracket (``ends_at_bracket``)."""
    if not assignments or not sibling_closed:
        return None
    start = _closing_end(text, assignments[-1])
    if start >= own_end or text[start - 1] not in _rules()["close"]:
        return None
    while start < own_end and text[start] in " \t\u3000。；;":
        start += 1
    if _text_chars(text[start:own_end]) < _rules()["min_text"]:
        return None
    if "\n" not in text[start:own_end].strip():
        found = find_prose_assignments(text, start, own_end, accept)
        if found and found[0].span[0] == start:
            return (start, own_end), found
    # a closing paragraph a crawl ran in after the item's bracket, or a new paragraph after it ("…（X）\n\n
    # 省经济和信息化厅会同省财政厅等单位制定…", "…（X按职责分工负责）　　商务部、科技部会同…"): its prose duty sentences
    # ("X要…", "X会同Y…"), less exhortations and leading groups (rule prose.everywhere), GOLD_GUIDE "Prose duties" 1
    from extract.structure.prose import MUST, everywhere_units
    from extract.structure.prose_runs import duty_runs

    stop = _tail_stop().search(text, start, own_end)  # (an annex run in after it: "附件：…清单")
    stop = stop.start() if stop else own_end
    found = [a for _, run in duty_runs(text, start, stop, accept, prose=MUST) for a in everywhere_units(text, run)]
    return ((start, stop), found) if found else None


@lru_cache(maxsize=1)
def _tail_stop() -> re.Pattern:
    """Rule ``prose.tail_stop``: where the prose after an item's closing bracket stops being read (an annex)."""
    return re.compile(load_rules("assignments.yaml")["prose"]["tail_stop"])


def closing_line(text: str, head_start: int, own_end: int, line_end: int, first_is_lead=False,
                 labels: bool = False) -> Optional[tuple[tuple[int, int], Assignment]]:
    """The assignment standing alone on the last line of an item's own text (after its first line), a bracket or,
    with ``labels``, a label line: ((start of that line, end), assignment), else None."""
    end = own_end
    while end > head_start and text[end - 1].isspace():
        end -= 1
    line_start = text.rfind("\n", head_start, end) + 1
    if line_start <= line_end or line_start <= head_start:
        return None
    line = text[line_start:end]
    first = line_start + len(line) - len(line.lstrip())
    r = _rules()
    labelled = labels and assignment_rules()["label_re"].match(text, first) is not None  # "责任单位：A、B" alone
    if end - first < 4 or not labelled and (text[first] not in r["open"] or text[end - 1] not in r["close"]):
        return None
    found = find_assignments(text, first, end, first_is_lead)
    ok = len(found) == 1 and found[0].span[0] == first + (not labelled)  # (a label: nothing after its list)
    tail = ok and (text[found[0].span[1]:end].strip("。；; ") if labelled else _closing_end(text, found[0]) != end)
    return ((line_start, end), found[0]) if ok and not tail else None


def _last_bracket(text: str, start: int, end: int, max_length: int) -> Optional[tuple[int, int]]:
    """The last top-level bracketed span in ``text[start:end]``, or None."""
    last = None
    for span in parentheticals(text, start, end, max_length):
        last = span
    return last


def bare_units(text: str, start: int, end: int, accept: Callable[[str], bool],
               first_is_lead=False) -> Optional[Assignment]:
    """A bracket that ends an item and holds only unit names ("…改革。（市发展改革委、
    市财政局）"): its units are responsible (under "列第一位者为牵头单位" the first
    leads; under "逗号前为牵头单位" those before the first comma, all of a list without one).  Every name must pass ``accept``; None otherwise."""
    last = _last_bracket(text, start, end, 200)
    if last is None:
        return None
    s, e = last
    if not ends_item(text, e, end) or e - s < 4:
        return None  # the bracket does not end the item
    if _rules()["after_unit"].search(text, max(start, s - 1), s):
        return None  # "社会事业局（教育处）": a part or another name of the unit before it
    names = _bare_names(text[s + 1:e - 1], s + 1, accept)  # every unit passes ``accept``
    if not names:
        return None
    a = Assignment(span=(s + 1, e - 1))
    conv = convention_at(first_is_lead, e)
    if conv and conv.kind == FIRST:
        a.lead = names[:1]
        getattr(a, conv.rest).extend(names[1:])
    elif conv and conv.kind == COMMA_KIND:  # before the first comma lead (all of a list without one)
        comma = first_comma(text[s + 1:e - 1])
        a.lead = [n for n in names if comma < 0 or n[1][0] < s + 1 + comma]
        getattr(a, conv.rest).extend(n for n in names if comma >= 0 and n[1][0] > s + 1 + comma)
    else:
        a.responsible = names
    return a


def ends_item(text: str, at: int, end: int) -> bool:
    """Whether only punctuation, or the document's sign-off ("平潭综合实验区管委会办公室 2016年4月5日印发
    来源：…", rule ``bare_units.sign_off``: a crawl ran it into the last item), follows ``at`` up to ``end``."""
    rest = text[at:end].strip(" \t\n\u3000。；;，,.")
    return not rest or bool(_rules()["sign_off"].match(rest))


def _bare_names(body: str, pos: int, accept: Callable[[str], bool]) -> list[Name]:
    """The units of a bare bracket's ``body`` (at clean offset ``pos``): the whole list when every name
    passes ``accept``; else, when the body has several clauses (top-level commas), the units of its
    clauses when each is a unit list, a remark (a deadline: "2016年4月底前完成", "持续推进", rule
    ``remark_clauses``) or a convention ("列第一位的为牵头单位，下同", masked), at least one a unit
    list ("（区行政审批局、经济发展局，2016年4月底前完成）", rule ``bare_units``); [] otherwise."""
    names = accepted_units(body, pos, accept)
    if names or ("，" not in body and "," not in body and "；" not in body):
        return names
    r = assignment_rules()
    out: list[Name] = []
    for clause, cpos in split_top(mask_notes(body), pos, "，,；;"):
        text = clause.strip()
        if not text or r["ignore"].match(text):
            continue
        got = accepted_units(clause, cpos, accept)
        if got:
            out.extend(got)
        elif not r["remark"].search(text):
            return []
    return out


def closing_bracket(text: str, head_start: int, own_end: int,
                    first_is_lead=False) -> Optional[tuple[tuple[int, int], Assignment]]:
    """The assignment bracket that closes an item's own text after a finished
    sentence ("…吸引社会资本来岚投资建设。（责任单位：A、B）"), on the same line:
    ((its start, end), assignment), else None.  ``tasks`` lets the last item of
    a group whose other items have no assignment pass it to the whole group."""
    end = own_end
    while end > head_start and text[end - 1] in " \t\n\u3000。；;":
        end -= 1
    last = _last_bracket(text, head_start, end, 400)
    if last is None or last[1] != end:
        return None
    s, _ = last
    if not _rules()["after_sentence"].search(text[max(head_start, s - 4):s]):
        return None
    found = find_assignments(text, s, end, first_is_lead)
    if len(found) != 1 or found[0].span[0] != s + 1:
        return None
    return (s, end), found[0]


def inherits(text: str, parent: Task, own_end: int, prose, everywhere: bool = False) -> bool:
    """Whether a sub-item without units of its own takes those of task ``parent`` (whose
    own text ends at ``own_end``).  Not under a list of conditions ("有下列行为之一的，由X给予
    警告：（一）…", rule ``prose.condition_items``); in a prose document (``prose``) only when
    the sentence that names the units leads in to the sub-items ("X负责下列工作：（一）…"), not
    when a later sentence does ("…X负责…。具体界定标准为：（1）…"); in a bracket document whose
    ``parent`` read its prose duties (``everywhere``, rule ``prose.everywhere``) only when that sentence
    ends in a colon ("…X应…建立…机制。1.…": the measures below are the document's own, not X's)."""
    if _conditions().search(text, parent.span[0], own_end):
        return False
    return not prose or bool(parent.assignment_span) and not any(
        c in "。；;！？" for c in text[parent.assignment_span[1]:own_end].rstrip().rstrip("。；;")) and (
        not everywhere or text[:own_end].rstrip().endswith(("：", ":")))


@lru_cache(maxsize=1)
def _conditions() -> re.Pattern:
    return re.compile(load_rules("assignments.yaml")["prose"]["condition_items"])
