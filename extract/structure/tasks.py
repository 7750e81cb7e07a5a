"""Sections and tasks of one document, with their departments' names.

``build_tasks(text, bold, start, end, doc_id, first_is_lead)`` takes the clean
text of a source, the bold spans found by the normaliser and one document's
body range, and returns ``(sections, tasks, warnings)`` with clean-text spans.

A numbered heading line (short, no sentence punctuation) is a section unless
its own text assigns departments (then it is a task, as in plans whose
chapters carry the assignment and whose sub-items are the work).  A numbered
paragraph is a task.  A sub-item without an assignment of its own inherits its
parent task's departments.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extract.structure import (carry_forward, closing_groups, duties, entry_splits, heading_scopes, labelled_duties,
                               lead_in_heads, paths, task_folds, task_units, unit_folds)
from extract.structure.unparsed import unparsed
from extract.structure.assignments import find_assignments
from extract.structure.conventions import find_scoped
from extract.structure.prose import ARTICLE, MUST, duty_mode, find_prose_assignments
from extract.structure.prose_runs import article_runs, division_item, duty_runs, run_in_item, title_duty
from extract.structure.prose import everywhere_units, together_with
from extract.structure.prose_rules import phase_step
from extract.structure.actors import is_actor as _is_actor, is_unit as _is_unit
from extract.structure.bracket_duties import bracket_duties
from extract.structure.lone_groups import drop_lone_groups, expert_items, strongest_roles
from extract.structure.prose_loose import loose_runs
from extract.structure.reply_frames import reply_frames
from extract.structure.duty_split import colon_title, division_first
from extract.structure.entry_splits import division_runs
from extract.structure.listed_units import listed_accept, opens_own, sibling_accept
from extract.structure.unit_heads import closed_runs, colon_runs, lead_in_unit, unit_head
from extract.model import ExtractionWarning, Section, Task
from extract.entities.numbers import numeral
from extract.rules.loader import load_rules
from extract.structure.numbering import Item, find_items
from extract.structure.task_nodes import (_apply_scoped, _assign, _folder, _heading_segments, _refs, _rstrip_end,
                                          _segment_task)
from extract.structure.task_titles import item_title as _title, listed_units, own_end as _own_end

@lru_cache(maxsize=1)
def _no_inherit() -> frozenset:
    """Numbering styles whose items take no units from their parent task (structure.yaml ``inherits: false``)."""
    return frozenset(s["id"] for s in load_rules("structure.yaml")["numbering"] if s.get("inherits") is False)


@lru_cache(maxsize=1)
def reader_order() -> dict[str, tuple[str, ...]]:
    """The order in which assignment readers are tried (rule ``reader-order`` of
    assignments.yaml): {"item": (...), "task": (...)}, names of the readers below."""
    rule = load_rules("assignments.yaml")["readers"]
    return {"item": tuple(rule["item"]), "task": tuple(rule["task"])}


#: item readers after "explicit" (which runs for every item first): (text, start, end) -> assignments
_ITEM_READERS = {
    "labelled_duties": lambda text, start, end: labelled_duties.labelled_duties(text, start, end, _is_unit),
    "bracket_duties": lambda text, start, end: bracket_duties(text, start, end, _is_unit),
    "reply_frames": lambda text, start, end: reply_frames(text, start, end, _is_unit),  # (h11a: reply letters)
}

#: task readers: (text, start, end, first_is_lead, in a duty context) -> assignments
_TASK_READERS = {
    "bare_units": lambda text, start, end, first_is_lead, duty: [
        a for a in [task_units.bare_units(text, start, end, _is_unit, first_is_lead)] if a],
    "prose": lambda text, start, end, first_is_lead, duty: find_prose_assignments(
        text, start, end, _is_unit, duty=duty),
}


def build_tasks(text: str, bold: list[tuple[int, int]], start: int, end: int,
                doc_id: str, first_is_lead: bool = False, regulation: bool = False, prose: bool | str = False,
                everywhere: bool = False, loose: bool = True):
    """Sections, tasks and warnings for ``text[start:end]`` (see module doc).
    ``regulation``: every article (or item) may allocate duties in prose;
    ``prose``: a document that names its units in prose only, where an item
    holding several duty sentences is a task per sentence run; ``MUST``: one
    whose prose names them only as "X要…" (rule ``prose.must``).  ``everywhere``: a
    document that assigns by brackets, labels or tables reads the prose duties of every
    item that no bracket of its own or of an item above closes (rule ``prose.everywhere``).  ``loose``:
    duty sentences that no item encloses are tasks (rule ``prose.loose``)."""
    items = find_items(text, start, end)
    sections: list[Section] = []
    tasks: list[Task] = []
    warnings: list[ExtractionWarning] = []
    keys: dict[int, str] = {}
    kinds: dict[int, object] = {}
    used: Counter = Counter()
    scoped = [find_scoped(text, it.head_start, _own_end(items, i)) for i, it in enumerate(items)]
    ends = [scoped[i][0][0] if scoped[i] else _own_end(items, i) for i in range(len(items))]
    found = [find_assignments(text, it.head_start, ends[i], first_is_lead) for i, it in enumerate(items)]
    closing_groups.closing_runs(text, items, found, scoped, ends, first_is_lead)
    groups = Counter((it.parent, it.style) for j, it in enumerate(items) if found[j] or not it.heading)
    item_of: dict[int, int] = {}  # id(task) -> item index
    titles: dict[int, str] = {}
    # a regulation (办法, 条例) without 第X条 articles allocates duties in every item
    has_articles = any(it.style == "article" for it in items)
    unit_heads: dict[int, object] = {}  # item index -> the unit its bare title names (duty lists)
    line_heads: dict[tuple, object] = {}  # (parent, style) -> the unit of the lead-in line above its items
    closed = task_folds.closed_by_scope(items, scoped)
    fold_heads: dict = {}  # item index -> the unit a heading over its duty sub-items names (rule unit_folds)
    own_units: set = set()  # unit headings a sub-item of which names its own unit (rule unit_folds)
    in_article: set = set()  # sub-items of one unit's duty list in an article (rule prose.article_items)
    prose_of: dict[int, object] = {}  # item index -> how its prose is read (rule prose.everywhere: MUST)
    for i, item in enumerate(items):
        own_end = _own_end(items, i)
        assignments = found[i]
        parent_key = keys.get(item.parent) if item.parent is not None else None
        local = numeral(item.number)
        key = f"{parent_key}.{local}" if parent_key else f"{doc_id}:{local}"
        used[key] += 1
        if used[key] > 1:  # a repeated number: d:1, d:1', d:1'', d:1''', then d:1'4 ...
            n = used[key] - 1
            key += "'" * n if n < 4 else f"'{n}"
        keys[i] = key
        title = _title(text, item, own_end, bold)
        titles[i] = title
        shown = local if item.number.isascii() else item.number  # the id as a task shows it
        path = paths.section_path(items, i, kinds, sections)
        duty = paths.duty_context(items, i, titles) or ("article" if regulation and (
            not has_articles or paths.outside_articles(items, i)) else None)  # (a notice's measures before its rules)
        if i in closed:  # a group closed by one explicit bracket: that bracket is who does it, not a duty list
            duty = None
        elif duty is None and phase_step(text, item.head_start, ends[i]):  # a timetable step: its prose assigns
            duty = "phase"  # (rule prose.phase_acts; read as a duty context, "phase" in none of the special cases)
        item_prose, item_reg = prose, regulation
        if everywhere and not (prose or regulation) and i not in closed and not paths.bracket_above(items, i, found):
            # rule prose.everywhere: an item no bracket of its own or above closes reads its prose duties
            item_prose, item_reg, duty = MUST, True, duty or "article"
        prose_of[i] = item_prose
        for reader in reader_order()["item"][1:]:  # "explicit" ran for every item above (found)
            if assignments:
                break
            assignments = _ITEM_READERS[reader](text, item.head_start, ends[i])
        runs = (closed_runs(text, duties.duty_sentences(text, item.head_start, ends[i], listed_accept(text, item.head_start, ends[i], _is_actor), division_item(text, item)), _is_unit)
                if duty == "section" and not assignments else [])  # (closed_runs: unit brackets closing runs, h11a)
        read, merged = None, False  # the prose assignments duty_runs found (reused by the "prose" reader); runs merged
        bare = bool(item.children) and item.style != "article" and colon_title(text, item.head_start, own_end)  # "（三）X:" over "1.…" (unit_headings)
        if (not assignments and item.heading and item.children and i not in closed and item.style != "article"
                and not bare):  # "（一）X局\n\nX局是…主管部门，主要履行以下职责：\n1.…" (R10)
            hit = lead_in_heads.titled_over(text, title, item.head_start, items[item.children[0]].head_start,
                                     ends[item.children[0]], _is_unit)
            if hit:  # the heading's lead-in is part of it: its sub-items are the title unit's, no task of its own
                unit_heads[i] = hit
                bare = True
        if (item_prose or item_reg) and duty == "article" and not assignments and not bare:  # "X负责…。Y会同Z…。": a task per duty sentence
            runs = duty_runs(text, item.head_start, ends[i], _is_unit,
                             prose=MUST if item_prose == MUST else ARTICLE * (not item_prose))
            read = [a for _, found_run in runs for a in found_run]
            if item_prose is not prose:  # an item of a bracket document (rule prose.everywhere)
                leaf = None if item.children else item.head_start  # (rule prose.everywhere, acted_*)
                read = everywhere_units(text, read, item.heading, leaf)  # (a heading's paragraph: exhortations too)
                runs = [(span, everywhere_units(text, found_run, item.heading, leaf)) for span, found_run in runs]
                runs = [r for r in runs if r[1]]
            if not item_prose or item.style == "article":  # in a regulation's article only a department-first
                runs = article_runs(runs, text, item.start)  # duty list or paragraphs of different bodies split
            elif item_prose and run_in_item(text, items, i, runs):  # "（一）加强统筹协调。科技部要…。教育部…配合。": one task
                runs, merged = [], True  # (its units: every run's, also under a heading over one paragraph)
        if not assignments and duty != "section" and i not in closed and not bare:  # "水务局：组织…\n应急局：…" (rule unit_heads)
            runs = colon_runs(text, item.line_end if item.heading else item.head_start, ends[i], _is_unit, runs)
        if len(runs) < 2 and not assignments and not item.children and i not in closed:  # "区管委会①…。②…" (R10)
            runs = unit_folds.inline_runs(text, item.head_start, own_end, _is_unit) or runs  # (rule unit_folds.inline)
        if len(runs) < 2 and not assignments and item.heading and not item.children and i not in closed:
            runs = division_runs(text, title, item.head_start, ends[i], _is_unit) or runs  # ("（四）加强司法联动…\n…", R11)
        if len(runs) >= 2:  # "四、职责分工 民政部门负责…。卫计部门负责…。": a task per unit
            _heading_segments(text, items, i, kinds, sections, tasks, item_of, (key, parent_key, title, shown),
                              [(span, a if isinstance(a, list) else [a]) for span, a in runs])
            continue
        if duty == "section" and not assignments and not item.children:
            at = text.find(title, item.head_start, own_end)
            hit = duties.unit_title(title, text[at + len(title):own_end], at, _is_unit) if at >= 0 else None
            hit = hit or unit_head(text, item.head_start, own_end, _is_unit, titled=True)  # "X，配合…" as outside (unit_heads)
            hit = hit or (title_duty(text, at, own_end, _is_unit) if at >= 0 else None)  # "X工作职责 负责…"
            assignments = [hit] if hit and not duties.organisation_only(hit) else [a for _, a in runs[:1]]
            split = entry_splits.later_subjects(text, hit if assignments == [hit] else None, item.head_start, own_end, _is_unit)
            if split:  # "4.建管中心。…。消委办和建管中心推动…": a later sentence of another unit is its task (R8, h16u)
                _heading_segments(text, items, i, kinds, sections, tasks, item_of, (key, parent_key, title, shown),
                                  [(span, [a]) for span, a in split])
                continue
        if duty != "section" and not assignments and not item.children:  # "（一）教育体育部门。负责…" (rule unit_heads)
            hit = unit_head(text, item.head_start, own_end, _is_unit, titled=True)
            assignments = [hit] if hit else assignments
        if (duty == "section" and not assignments and item.parent is not None and not runs[:1] and not bare
                and not duties.is_duty_heading(title)):
            # "（一）区党群工作部按照国家…" / "（七）学校" over "1.…": the unit the item opens with
            hit = duties.unit_opening(text, item.head_start, own_end, _is_unit, title if item.children else "")
            hit = None if hit and duties.organisation_only(hit) else hit  # "…领导小组组成及职责": organisation
            if hit and item.children and hit.responsible[0][0] == duties.title_name(title):
                unit_heads[i] = hit  # "（七）学校" over "1.…": each sub-item is its task, the heading is not
            elif hit:  # "…。会同教育部门组织开展…": whom its duties are done with take part
                hit.participants.extend(duties.together_clauses(text, hit.span[1], own_end, _is_unit))
                assignments = [hit]
        if duty != "section" and not assignments and item.heading and item.children:
            hit = duties.unit_heading(text, title, item.head_start, own_end, items[item.children[0]].head_start, _is_unit,
                                      lambda: listed_units(text, items, i, bold, _is_unit))  # ("一、区发改局 1.… 二、区财政局 1.…")
            if hit:  # "2.5各市…盐业主管部门" over "2.5.1负责…": each sub-item is that unit's task
                unit_heads[i] = hit
        if (not assignments and item.heading and item.children and i not in unit_heads and i not in closed
                and not runs[:1] and closed.isdisjoint(item.children)):  # (not over a group one bracket closes:
            # "（二）旅行社 1.… 2.…（X负责）", the bracket names who does it)
            hit = unit_folds.fold_head(text, title, item.head_start, own_end, _is_unit)  # "区防办职责（1）…" (unit_folds)
            fold_heads.update({i: hit} if hit and item.style != "article" else {})
        prose_read = duty and not assignments and item.heading and not bare  # (subjects open their clauses: they close no run)
        if prose_read:  # "第七条 有关部门按职责分工依法负责…。" over its sub-items
            assignments = read if merged and read else find_prose_assignments(
                text, item.head_start, ends[i], _is_unit, duty=duty_mode(duty, item_prose, item_reg)
                if item.style == "article" else True)  # ("第八条　（标题）" over its text; merged runs: their units)
            if not assignments and prose == MUST and not item.children and item.style != "article":
                assignments = _unit_paragraph(text, item.line_end, ends[i])  # "三、工作要求\n地方各级…部门要…"
            assignments = everywhere_units(text, assignments) if item_prose is not prose else assignments
            if (not assignments and prose == MUST and read and item.children
                    and not text[item.line_end:read[0].span[0]].strip()):
                assignments = read  # a prose document's heading paragraph that opens with its unit ("一、…\n各省级医保部门要…")
            if not assignments and read and item_prose is not prose and not item.children and item.parent is not None:
                assignments = read  # a bracket document's sub-heading line over its paragraph ("6.3总结改进\n各级…部门要…")
        if not assignments and i not in closed and item.style == "article" and item.children:
            hit = lead_in_unit(text, item.head_start, own_end, _is_unit)  # "监察机关对…，履行下列职责：" (rule unit_heads)
            assignments = [hit] if hit else assignments
        segs = [] if prose_read else task_units.segments(text, item.line_end if item.heading else item.start, assignments)
        tail = None if segs or item.children else task_units.prose_tail(
            text, own_end, assignments, _is_unit, i > 0 and task_units.ends_at_bracket(
                text, items, i - 1, _own_end(items, i - 1), found[i - 1]))
        if tail:  # "…（X起草）省司法厅要会同…": the next paragraph, run in, is a task of its own
            segs, assignments = [(item.line_end if item.heading else item.start, tail[0][0]), tail[0]], assignments + tail[1]
        elif segs and not item.children and segs[-1][1] < own_end:  # (after the last bracket-closed paragraph of a
            tail = task_units.prose_tail(text, own_end, assignments, _is_unit, True)  # heading: "…（X）\n\nY会同Z制定…")
            if tail:
                segs, assignments = segs + [tail[0]], assignments + tail[1]
        if item.heading and segs:  # a heading over paragraphs that each close with a bracket
            _heading_segments(text, items, i, kinds, sections, tasks, item_of, (key, parent_key, title, shown),
                              [(span, assignments) for span in segs])
            continue
        if item.heading and not assignments and not _headed_paragraph(text, items, i, groups):
            sec = Section(key=key, number=item.marker, title=title, span=(item.start, own_end),
                          level=int(item.rank), parent=parent_key)
            sections.append(sec)
            kinds[i] = sec
            continue
        task_end = segs[0][1] if segs else own_end
        body = text[item.head_start:task_end].strip()
        task = Task(id=shown, key=key,
                    parent=paths.parent_task_key(items, i, kinds), section=path,
                    title=title, text=body, span=(item.start, _rstrip_end(text, item.start, task_end)),
                    section_key=paths.section_key(items, i, kinds))
        item_of[id(task)] = i
        if segs:  # more bracket-closed tasks after the item's first one keep its number
            for k, (s0, e0) in enumerate(segs[1:], 2):
                seg = _segment_task(text, s0, e0, task.id, f"{key}-{k}", task.parent, path, assignments)
                seg.section_key = task.section_key
                tasks.append(seg)
                item_of[id(seg)] = i
            assignments = [a for a in assignments if a.span[0] < segs[0][1]]
        for reader in reader_order()["task"]:
            if assignments:
                break
            assignments = read if reader == "prose" and read is not None else _TASK_READERS[reader](
                text, item.head_start, ends[i], first_is_lead, duty_mode(duty, item_prose, item_reg))
            if reader == "prose" and read is None and item_prose is not prose:  # (no exhortation filter)
                assignments = everywhere_units(text, assignments, False, None if item.children else item.head_start)
        if not assignments and i not in closed and not item.children and item.style != "article":
            hit = unit_head(text, item.head_start, ends[i], sibling_accept(text, items, i, ends, _is_unit))  # "水务局：组织…" (unit_heads)
            assignments = [hit] if hit else assignments
        if item.parent in fold_heads and (found[i] or opens_own(text, items, i, ends, _is_unit)):
            own_units.add(item.parent)  # a sub-item with its own unit or bracket: no fold of its heading (unit_folds)
        if item.parent in unit_heads and not opens_own(text, items, i, ends, _is_unit):
            # a sub-item of "（七）学校": that unit, and whom it names itself (not over "1.市财政局负责…")
            assignments = [unit_folds.sub_role(unit_heads[item.parent], text, item.head_start, ends[i], _is_unit), *assignments]
        if not item.children:  # "区财政局职责：\n（1）…", "X局目标责任 一、…" (rules unit_headings.line_head, title_head)
            assignments = heading_scopes.line_scope(line_heads, text, item, ends[i], _is_unit, assignments)
        _assign(task, assignments)
        parent = kinds.get(item.parent) if item.parent is not None else None
        if not assignments and isinstance(parent, Task) and item.style not in _no_inherit() \
                and task_units.inherits(text, parent, ends[item.parent], prose_of.get(item.parent, prose),
                                        prose_of.get(item.parent, prose) is not prose):
            task.lead = list(parent.lead)
            task.participants = list(parent.participants)
            task.responsible = list(parent.responsible)
            task.inherited = True
            partners = together_with(text, item.head_start, ends[i], _is_unit)
            if task_folds.article_item(text, items, i, parent):  # "X履行下列职责：（一）…": one task of X (rule prose.article_items)
                if partners:  # "…（四）会同Y制定…": X leads, Y takes part
                    parent.lead = _refs([(r.name, r.span) for r in parent.lead + parent.responsible])
                    parent.participants = _refs([(r.name, r.span) for r in parent.participants] + list(partners))
                    parent.responsible = []
                in_article.add(id(task))
            elif partners:  # "X负责下列工作：…（四）会同Y制定…": X leads, Y takes part
                task.lead, task.responsible = task.lead + task.responsible, []
                task.participants += _refs(partners)
        warnings.extend(unparsed(text, item.head_start, ends[i], assignments))
        tasks.append(task)
        kinds[i] = task
    if in_article:
        tasks[:] = [t for t in tasks if id(t) not in in_article]
    # rule prose.loose: the duty sentences that no item encloses, a task per duty run
    for k, (span, found_run) in enumerate(loose_runs(text, items, start, end, _is_unit, regulation, prose) if loose else [], 1):
        tasks.append(_segment_task(text, span[0], span[1], f"0.{k}", f"{doc_id}:0.{k}", None, "", found_run))
    drop_lone_groups(text, tasks)  # "有关部门收到投诉举报后，应当…": no unit (rule lone_group)
    strongest_roles(tasks)  # a unit named twice in a task keeps its strongest role (GOLD_GUIDE R2)
    expert_items(tasks)  # "…专家组及工作职责": a body consulted, no task (GOLD_GUIDE R9)
    _apply_scoped(items, kinds, scoped)
    folded = _folder(text, items, kinds, sections, tasks, item_of)
    unit_folds.carry_unit_heads(text, items, kinds, fold_heads, own_units, folded, _is_unit)  # its unit to each sub-item
    unit_folds.carry_to_headings(text, items, kinds, unit_heads, folded, _is_unit)  # (and to a short one read as a heading)
    task_folds.fold_groups(items, kinds, scoped, folded)
    task_folds.fold_labels(text, items, kinds, folded)
    task_folds.fold_label_runs(text, items, kinds, folded)
    division_first(text, items, kinds, tasks)  # a division's first sub-item task holds its heading (R8, h12d)
    tasks.sort(key=lambda t: t.span[0])
    carry_forward.apply_carry_forward(text, start, end, items, tasks, item_of)
    if prose:  # a leading group is organisation, no unit of a prose document's task (rule prose.documents.organisation)
        task_folds.drop_organisation(text, tasks)
    return sections, tasks, warnings


def _unit_paragraph(text: str, start: int, end: int) -> list:
    """The prose duties of the one paragraph ``text[start:end]`` under a leaf heading of a prose document ("三、工作要求\n地方
    各级卫生健康行政部门要…", "5.建设项目施工图审查\n施工图审查单位按照…审查。…区建管委定期抽查…") read as a prose document's are
    ("X要…" too): the heading anchors the task of the units its paragraph names, also after leading clauses ("根据…规定，
    结合…实际，X要…") or in a later sentence (GOLD_GUIDE rule 6, R8 (c)); [] when the paragraph hands its work to an annex."""
    pos = start
    while pos < end and text[pos] in " \t\u3000\n":
        pos += 1
    if _annex_deferral().search(text, pos, end):
        return []  # "各区科技局要按照附件1做好任务落实": the annex's task division is the assignment
    return find_prose_assignments(text, pos, end, _is_unit, duty="prose")


@lru_cache(maxsize=1)
def _annex_deferral() -> re.Pattern:
    """Rule ``prose.annex_deferral``: a paragraph that hands its work to an annex's task division."""
    return re.compile(load_rules("assignments.yaml")["prose"]["annex_deferral"])


def _headed_paragraph(text: str, items: list[Item], i: int, groups: Counter) -> bool:
    """A heading line without children but with a paragraph below it is a
    task when a sibling of its style is one ("# 3. 建设概念验证中心" + text
    among assigned items); next to plain headings ("1. 基本原则") it stays a
    section.  ``groups`` counts task-like items per (parent, style)."""
    item = items[i]
    if item.children or not text[item.line_end:item.end].strip():
        return False
    return groups[(item.parent, item.style)] > 0
