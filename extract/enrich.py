"""Add identities and entities to a document's tasks (pure, in place).

``enrich_document(doc, text, year)`` resolves department names
through the gazetteer (the document's jurisdiction deciding short forms),
flags names that are neither known departments nor groups, and attaches
targets, districts, platforms and industries to each task and to the document.
Spans stay clean-text spans; the pipeline maps them afterwards.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Optional

from extract.entities import departments, jurisdiction, places
from extract.model import DeptRef, Document, ExtractionWarning, Task
from extract.rules.loader import load_rules
from extract.entities.standard_names import standard_department
from extract.entities.numbers import parse_number
from extract.entities.plan_periods import (five_year_plan_first, part_period_end, part_year_of, plan_period, plan_period_end,
                                           stage_year_of)
from extract.entities.targets import extract_targets
from extract.entities.target_cells import year_cell_targets
from extract.entities.target_years import ordinal_year
from extract.entities.target_rules import compiled_rules
from extract.entities.unit_kinds import unit_kind
from extract.entities.unit_shape import looks_like_department
from extract.structure.prefilter import needed_literals


def enrich_document(doc: Document, text: str, year: Optional[tuple] = None, plan_end: Optional[int] = None) -> None:
    """Resolve departments and attach targets and mentions (see module doc).
    ``year`` is ``(year, annual)`` as ``document_year`` gives it (default: the
    document's own), dating 年内/今年 targets and, for an annual plan, undated ones;
    ``plan_end`` (default: ``plan_period_end`` of its title) dates the undated targets of a plan for a named period.

    Mentions are found once over the whole document and handed to the task
    whose own text contains them; places (kind "place") go with the districts
    (their ``kind`` tells them apart).
    """
    # a city's districts, places and platforms only in documents of its region (extract.entities.regions)
    mentions = places.find_all(text[doc.span[0]:doc.span[1]], doc.span[0], doc.jurisdiction, scoped=True)
    by_kind: dict[str, list] = {"district": [], "place": [], "platform": [], "industry": []}
    for m in mentions:
        by_kind.setdefault(m.kind, []).append(m)
    doc.districts = by_kind["district"] + by_kind["place"]
    doc.platforms = by_kind["platform"]
    doc.industries = by_kind["industry"]
    starts = [m.span[0] for m in mentions]
    year, annual = year or document_year(doc)
    plan_end = plan_end or plan_period_end(doc.title)
    period = plan_period(doc.title) if plan_end is not None else None
    period = period if period and period[1] == plan_end else None  # (its first year: "第二年" of a 2024—2026 plan is 2025)
    base = year if year is not None and _year_of_date(doc, year) else None  # "五年内" of a dated notice: date + 5
    norms = _regulation_norms() if re.search(_regulation_title(), doc.title or "") else None
    # a regulation in articles (第八条 …): a figure with no due date is a standard it sets ("（0.5亩以上的）…")
    articles = norms is not None and _articled(text[doc.span[0]:doc.span[1]])
    bodies = []
    parts = {sec.key: (part_year_of(sec.title) or stage_year_of(text, sec.span[0], sec.title), sec.parent)
             for sec in doc.sections}  # key -> (its year, its parent)
    part_ends = {sec.key: (part_period_end(sec.title), sec.parent) for sec in doc.sections}  # key -> (its period's end, …)
    opened: dict = {}  # task key -> the year its heading or opening deadline dates its work by (sub-items inherit it)
    for task in doc.tasks:
        for ref in (*task.lead, *task.participants, *task.responsible):
            _resolve(ref, doc)
        pieces, found = _task_targets(task, text, year, base, annual)
        task.targets = [*task.targets, *found]  # (the figures of a quota table's row, read with the row)
        if ":table." in task.key:  # "2018年\n\n24.3万户/682个": a row's yearly quota cells (w2t)
            task.targets += year_cell_targets(text, *task.span, [t.span for t in task.targets])
        if norms is not None:  # a regulation's "每季度召开一次…", "每个学校配备1—2名…": rules of conduct
            task.targets = [t for t in task.targets if not is_norm(t, norms)
                            and not (articles and _undated(t))]
        # a table row claims its whole span (its number too: "12支持…" is row 12, no count of 支 in the task before)
        bodies.append([*pieces, task.span] if ":table." in task.key else pieces)
        due = closing_deadline(task.text) or closing_deadline(text[max(task.span[0], task.span[1] - 80):task.span[1]])
        if due is not None:  # "…各县级公立医院2015年12月": the row's completion deadline dates its targets
            for t in filter(_undated, task.targets):
                t.year = due
        assignment = text[task.assignment_span[0]:task.assignment_span[1]] if task.assignment_span else ""
        heading = year is not None and _dated_heading(task.title)
        due = year if heading else opening_deadline(task.text)
        due = opened[task.key] = due if due is not None else opened.get(task.parent)  # (a sub-item: its parent's)
        if due is not None:
            # "（二）城市公共停车场工程包，全年力争完成投资0.5亿元": a heading that speaks of this year dates its item;
            # "（十二）健全…体系。2017年底前，我区要建成…": so does a deadline that opens the item's body, up to a
            # deadline of another year in it ("…。2024年底前，…编制完成…。各郊区要在2025年底前，实现…；…增设一处…")
            for t in filter(_undated, task.targets):
                if heading or not _other_year(text, task.span[0], t, due):
                    t.year = due
        part_year, key, hops = None, task.section_key, len(parts)  # (up the section tree, at most once a section)
        while part_year is None and key in parts and hops:
            (part_year, key), hops = parts[key], hops - 1
        if part_year is not None and not is_ongoing(assignment):  # "二、2016年重点任务": that part's work is that year's
            for t in filter(_undated, task.targets):
                t.year = part_year
        part_end, key, hops = None, task.section_key, len(part_ends)
        while part_end is None and key in part_ends and hops:
            (part_end, key), hops = part_ends[key], hops - 1
        if part_end is not None and not is_ongoing(assignment):
            # "（三）“十四五”重点安排": a part whose heading names a period as the period of its work dates its undated
            # targets to the period's last year, as a plan's title does (GOLD_GUIDE R12), not a rhythm's
            for t in filter(_undated, task.targets):
                if not _rhythm(text, t.span, task.span[0]):
                    t.year = _paragraph_year(text, t.span[0]) or part_end
        if annual and not is_ongoing(assignment):
            # "平潭综合实验区2015年宜居环境建设行动计划": an undated target is due that year
            # (not a task marked 持续推进: it has no due date)
            for t in filter(_undated, task.targets):
                t.year = year
        if plan_end is not None and not is_ongoing(assignment):
            # "…行动计划（2021—2023年）": an undated target is due in the period's last year, not a rhythm's
            # ("每年培育10家…": a count each year; GOLD_GUIDE R12)
            for t in filter(_undated, task.targets):
                if not _rhythm(text, t.span, task.span[0]):
                    t.year = (_paragraph_year(text, t.span[0])  # ("到2023年，…。…比重达到22%。": 2023; "第二年…": its year)
                              or ordinal_year(text, t.span, task.span[0], period, load_rules("targets.yaml")) or plan_end)
        inside = [m for body_start, body_end in pieces
                  for m in mentions[bisect_left(starts, body_start):bisect_left(starts, body_end)]
                  if m.span[1] <= body_end]
        task.districts = [m for m in inside if m.kind in ("district", "place")]
        task.platforms = [m for m in inside if m.kind == "platform"]
        task.industries = [m for m in inside if m.kind == "industry"]
    _innermost_targets(doc.tasks, bodies)




def _innermost_targets(tasks: list[Task], bodies: list[list[tuple[int, int]]]) -> None:
    """Drop from a task the targets that lie in the body of another task inside
    its own (an annex table of tasks swallowed by the task before it): each
    target belongs to the innermost task whose text states it."""
    pieces = sorted((s, e, k) for k, body in enumerate(bodies) for s, e in body if e > s)
    starts = [p[0] for p in pieces]
    for k, task in enumerate(tasks):
        if not task.targets or not bodies[k]:
            continue
        lo, hi = min(s for s, _ in bodies[k]), max(e for _, e in bodies[k])
        size = sum(e - s for s, e in bodies[k])
        inner = [(s, e) for s, e, o in pieces[bisect_left(starts, lo):bisect_left(starts, hi)]
                 if o != k and e <= hi and e - s < size and (s, e) not in bodies[k]]  # not a shared cell
        if inner:  # where the number itself stands decides
            task.targets = [t for t in task.targets
                            if not any(s <= t.span[0] + max(0, t.text.find(t.value_text)) < e for s, e in inner)]


def _dated_heading(title: str) -> bool:
    """Whether a task's title (its first sentence) says its work is this year's (全年, 年内: rule
    ``relative_year.words`` before the first clause end)."""
    head = re.split(r"[。；;：:]", title, 1)[0]
    return compiled_rules().relative_year.search(head) is not None


def opening_deadline(task_text: str) -> Optional[int]:
    """The year of a deadline that opens the sentence after a task's title ("健全…体系。2017年底前，我区要建成…";
    rule ``relative_year.opening_deadline`` in targets.yaml), else None."""
    end = task_text.find("。", 0, 80)
    m = _opening_deadline().match(task_text, end + 1) if end >= 0 else None
    return int(m.group(1)) if m else None


def _other_year(text: str, start: int, target, due: int) -> bool:
    """Whether a deadline of a year other than ``due`` (rule ``relative_year.later_deadline``) is written between
    ``start`` (a task's start) and ``target``."""
    found = re.finditer(load_rules("targets.yaml")["relative_year"]["later_deadline"], text[start:target.span[0]])
    return any(int(m.group(1) or m.group(2)) != due for m in found)


@lru_cache(maxsize=1)
def _opening_deadline() -> re.Pattern:
    return re.compile(load_rules("targets.yaml")["relative_year"]["opening_deadline"])


def is_norm(target, norms: re.Pattern) -> bool:
    """Whether a target of a regulation is a rule of conduct: a count of times or of people per period or per unit
    (rule ``regulation_norms`` in targets.yaml: 每季度, 每个 … before its number in its text; its ``units``)."""
    if target.unit not in _norm_units():
        return False
    at = target.text.find(target.value_text)
    return norms.search(target.text, 0, at if at >= 0 else len(target.text)) is not None


@lru_cache(maxsize=1)
def _norm_units() -> frozenset:
    return frozenset(load_rules("targets.yaml")["regulation_norms"]["units"])


@lru_cache(maxsize=1)
def _regulation_norms() -> re.Pattern:
    return re.compile(load_rules("targets.yaml")["regulation_norms"]["pattern"])


def _articled(body: str) -> bool:
    """Whether a document is written in articles (rule ``regulation_norms.articles``: at least ``min_articles``)."""
    rule = load_rules("targets.yaml")["regulation_norms"]
    return len(re.findall(rule["articles"], body)) >= int(rule["min_articles"])


@lru_cache(maxsize=1)
def _regulation_title() -> re.Pattern:
    return re.compile(load_rules("targets.yaml")["regulation_norms"]["title"])


def is_ongoing(assignment: str) -> bool:
    """Whether an assignment marks its task as ongoing ("持续推进，牵头考核单位：…";
    rule ``relative_year.ongoing`` in targets.yaml)."""
    return re.search(load_rules("targets.yaml")["relative_year"]["ongoing"], assignment) is not None


def closing_deadline(task_text: str) -> Optional[int]:
    """The year of a completion deadline that closes a task's text ("…各县级公立医院2015年12月",
    "（…，2025年底前完成）"; rule ``relative_year.closing_deadline`` in targets.yaml; a heading of the next part that a
    flattened table ran into the row after the deadline, "…2015年12月（五）深化医保支付方式改革，激发医保调控活力", is
    left out first: rule ``relative_year.run_in_heading``), else None."""
    deadline, heading, needs = _closing_deadline()
    tail = task_text[-80:]
    if needs is not None and not any(w in tail for w in needs):
        return None  # (a literal every deadline holds, "年", is not there: most tasks end with none)
    m = deadline.search(heading.sub("", tail)[-24:])
    return int(m.group(1)) if m else None


@lru_cache(maxsize=1)
def _closing_deadline() -> tuple[re.Pattern, re.Pattern, Optional[frozenset]]:
    rule = load_rules("targets.yaml")["relative_year"]
    return (re.compile(rule["closing_deadline"]), re.compile(rule["run_in_heading"]),
            needed_literals(rule["closing_deadline"]))


def document_year(doc: Document, text: str = "") -> tuple[Optional[int], bool]:
    """(the year a document speaks of as "this year", whether it is an annual
    plan): a single year in its title ("包头市2022年数字政府建设考评办法",
    annual), else the year of its date or, undated, of its number ("〔2016〕", rule ``relative_year.number_year``;
    annual when its own text gives it a term of a year at most:
    "为期一年的…整治工作", rule ``relative_year.campaign_term``, or its annexes are task tables of that year:
    rule ``relative_year.annual_annex``; a campaign run to a date of that or the next year, "从即日起至2016年9月20日…开展":
    rule ``relative_year.campaign_until``, annual in the campaign's last year), else the year its own
    text says the plan starts ("2012年起5年内…", rule ``relative_year.start_year``,
    looked for in ``text[doc.span]``; not annual), else the year its text names by its place in a five-year plan
    ("今年是“十四五”开局之年", rule ``relative_year.plan_year``; not annual), else (None, False)."""
    title = doc.title or ""
    rule = load_rules("targets.yaml")["relative_year"]
    years = re.findall(rule["title_year"], title)
    if len(set(years)) == 1 and not re.search(rule["title_range"], title):
        return int(years[0]), True
    dated = doc.date[:4] if doc.date and doc.date[:4].isdigit() else None
    numbered = re.search(rule["number_year"], doc.number or "") if not dated else None
    if dated or numbered:  # (an undated notice is of the year of its number: "岚综管办〔2016〕105号")
        body = text[doc.span[0]:doc.span[1]]
        term = re.search(rule["campaign_term"], body) if text else None
        year = int(dated or numbered.group(1))
        until = re.search(rule["campaign_until"], body) if text else None
        if until and year <= int(until.group(1)) <= year + 1:  # a campaign to a date of this or the next year
            return int(until.group(1)), True
        if dated and doc.date[5:7].isdigit() and int(doc.date[5:7]) >= 7 and re.search(rule["campaign_season"], title + body):
            return year + 1, True  # "今冬明春…" in a notice of November: the campaign ends next spring
        span = re.search(rule["campaign_span"], body) if text else None  # "从2013年1月8日至3月…，在全区部署开展"
        if span and int(span.group(1)) == year and year <= int(span.group(2) or year) <= year + 1:
            return int(span.group(2) or year), True
        return year, ((term is not None and _within_one_year(term, body, rule)) or _annual_annex(body, year, rule)
                      or _goal_year(body, year, rule, title))
    start = re.search(rule["start_year"], text[doc.span[0]:doc.span[1]]) if text else None
    if start:
        return int(start.group(1)), False
    plan = re.search(rule["plan_year"], text[doc.span[0]:doc.span[1]]) if text else None  # "今年是“十四五”开局之年"
    if plan:
        first = five_year_plan_first(plan.group(1))
        return first + (4 if plan.group(3) else 0), False
    return None, False


def _undated(target) -> bool:
    """Whether a target has neither a year nor a period of its own."""
    return target.year is None and target.period is None


def _rhythm(text: str, span: tuple[int, int], floor: int) -> bool:
    """Whether the sentence of a target at ``span`` (from ``floor`` on, up to the target's end) sets a count per period
    ("每年", "每季度"; rule ``plan_period.rhythm``): the target is then no count due by a year."""
    start = max(floor, *(text.rfind(c, floor, span[0]) + 1 for c in "。；;！？\n"))
    return re.search(load_rules("targets.yaml")["plan_period"]["rhythm"], text[start:span[1]]) is not None


def _paragraph_year(text: str, at: int) -> Optional[int]:
    """The year a deadline opening the paragraph of ``at`` gives ("　　到2023年，…。全省…比重达到22%。": 2023; rule
    ``relative_year.opening_deadline``): a part of a plan that gives its own year (GOLD_GUIDE R12), else None."""
    start = text.rfind("\n", 0, at) + 1
    m = _opening_deadline().match(text, start, at)
    return int(m.group(1)) if m else None


def _annual_annex(body: str, year: int, rule: dict) -> bool:
    """Whether a notice's annexes are task tables of its own year and of no other ("附件：2016年度第一批投资工程包
    汇总表", rule ``relative_year.annual_annex``): the notice is then that year's plan."""
    years = {int(m.group(1)) for m in re.finditer(rule["annual_annex"], body)}
    return years == {year}


def _goal_year(body: str, year: int, rule: dict, title: str) -> bool:
    """Whether a plan whose title names no period states its aim as reached in ``year`` ("…工作目标，…在2024年实现大幅
    提升", rule ``relative_year.goal_year``): the plan is then that year's plan."""
    m = re.search(rule["goal_year"], body)
    return m is not None and int(m.group(1)) == year and plan_period_end(title) is None


def _within_one_year(term: re.Match, body: str, rule: dict) -> bool:
    """Whether a campaign term (rule ``relative_year.campaign_term``) lies in one calendar year: true unless a start
    stated right before it ("自2016年8月起…为期1年", rule ``campaign_start``) runs it into the next year."""
    start = re.search(rule["campaign_start"], body[max(0, term.start() - 60):term.start()])
    if start is None:
        return True
    months = 12 if term.group("year") else 6 if term.group("half") else int(parse_number(term.group("months")))
    return int(start.group(2)) + months - 1 <= 12


def _year_of_date(doc: Document, year: int) -> bool:
    """Whether ``year`` (the document's year) is the year of its date, its title naming no single year
    (a notice counts "N年内" from the moment it is issued, a plan of a named year from that year)."""
    rule = load_rules("targets.yaml")["relative_year"]
    years = set(re.findall(rule["title_year"], doc.title or ""))
    return len(years) != 1 and bool(doc.date) and doc.date[:4] == str(year)


def _task_targets(task: Task, text: str, year=None, within_base=None, annual=False) -> tuple[list[tuple[int, int]], list]:
    """(spans, targets) of a task's body in ``text``.  A body made of several
    source pieces (a table row's task and detail cells, the task cell perhaps
    inherited from the row above) is read piece by piece at the spans the
    structure stage recorded (``task.pieces``); a body of one run is found from
    the task's start (after its number)."""
    if task.pieces:
        return list(task.pieces), [t for s, e in task.pieces for t in extract_targets(text[s:e], s, year, within_base, annual)]
    at = text.find(task.text[:20], task.span[0]) if task.text else task.span[0]
    at = task.span[0] if at < 0 else at
    start = _box_start(text, task.span[0], at)
    return [(at, at + len(task.text))], extract_targets(text[start:at + len(task.text)], start, year, within_base, annual)


def _box_start(text: str, span_start: int, at: int) -> int:
    """Where a task's targets are read from: ``at`` (its body), or the 专栏 box heading
    the structure stage started the task at or right after (targets.yaml ``feature_box``),
    so that the box is seen and masked."""
    box = compiled_rules().feature_box
    line = text.rfind("\n", 0, at - 1) + 1 if at and text[at - 1] == "\n" else at
    for s in (span_start, line):
        if s < at and box.match(text, s):
            return s
    return at


def _resolve(ref: DeptRef, doc: Document) -> None:
    if ref.kind is None:
        ref.kind = unit_kind(ref.name)
    if ref.id is not None:
        ref.jurisdiction = ref.jurisdiction or doc.jurisdiction
        return
    hit = departments.resolve(ref.name, doc.jurisdiction)
    if hit is not None:
        ref.id, ref.label, ref.level, ref.body = hit.id, hit.label, hit.level, hit.body
        ref.group, ref.members = hit.group, list(hit.members)
        ref.jurisdiction = (hit.jurisdiction if not hit.group else None) or doc.jurisdiction
        return
    ref.jurisdiction = doc.jurisdiction
    standard = standard_department(ref.name, doc.jurisdiction)
    if standard is not None:  # 市科技局 in a Hangzhou document: 杭州市科学技术局
        ref.jurisdiction, ref.label = standard
        ref.level = jurisdiction.describe_jurisdiction(standard[0]).level
        return
    ref.group = departments.is_group(ref.name)
    if not ref.group and not looks_like_department(ref.name):
        doc.warnings.append(ExtractionWarning(
            code="unknown-department",
            message=f"assigned name does not look like a department: {ref.name}",
            span=ref.span))
