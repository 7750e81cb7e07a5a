"""Add identities and entities to a document's tasks (pure, in place).

``add_table_tasks(doc, text, start, end)`` turns assignment-table rows into
tasks; ``enrich_document(doc, text, parent)`` resolves department names
through the gazetteer (the document's jurisdiction deciding short forms),
flags names that are neither known departments nor groups, and attaches
targets, districts, platforms and industries to each task and to the document.
Spans stay clean-text spans; the pipeline maps them afterwards.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from typing import Optional

from extract.entities import departments, jurisdiction, places
from extract.structure.assignments import parse_cell
from extract.model import DeptRef, Document, ExtractionWarning, Task
from extract.rules.loader import load_rules
from extract.structure.tables.pipe import find_table_rows
from extract.structure.tables.cells import dept_role
from extract.structure.tables.flat import unwrap
from extract.entities.standard_names import standard_department
from extract.entities.targets import extract_targets
from extract.entities.unit_kinds import unit_kind
from extract.structure.tasks import section_label


def add_table_tasks(doc: Document, text: str, start: int, end: int) -> None:
    """Rows of assignment tables in ``text[start:end]`` become tasks."""
    rows = [r for r in find_table_rows(text[start:end])]
    used = {t.key for t in doc.tasks}
    repeats: dict[str, int] = {}
    for n, row in enumerate(rows, 1):
        task_cell = row.cells.get("task")
        if task_cell is None:
            continue
        number = row.number or str(n)
        base = key = f"{doc.id}:table.{number}"
        k = repeats.get(base, 0)
        while key in used:  # a repeated row number: table.1, table.1', table.1'' … table.1'4 …
            k += 1
            key = base + ("'" * k if k < 4 else f"'{k}")
        repeats[base] = k
        used.add(key)
        title = unwrap(task_cell.text.strip()).split("。")[0][:60]
        detail = row.cells.get("detail")
        body = "\n".join(c.text.strip() for c in (task_cell, detail) if c is not None and c.text.strip())
        task = Task(id=number, key=key, parent=None,
                    section=(row.cells["category"].text if "category" in row.cells
                             else _section_at(doc, start + row.span[0])),
                    title=title, text=body, span=(start + row.span[0], start + row.span[1]))
        for key, cell in row.cells.items():
            role = dept_role(key)
            if role is None or not cell.text.strip():
                continue
            a = parse_cell(cell.text, start + cell.span[0], role)
            for r in ("lead", "participants", "responsible"):
                names = getattr(a, r)
                known = {ref.name for ref in getattr(task, r)}
                getattr(task, r).extend(DeptRef(name=nm, span=sp) for nm, sp in names if nm not in known)
        doc.tasks.append(task)


def _section_at(doc: Document, pos: int) -> str:
    """The section path ("三、任务分工", "二、重点任务 > （一）…") of the innermost
    section whose own text holds ``pos``, or ""."""
    inner = None
    for sec in doc.sections:
        if sec.span[0] <= pos < sec.span[1] and (inner is None or sec.span[0] >= inner.span[0]):
            inner = sec
    by_key = {s.key: s for s in doc.sections}
    chain = []
    while inner is not None:
        chain.append(section_label(inner))
        inner = by_key.get(inner.parent)
    return " > ".join(reversed(chain))


def assign_jurisdictions(docs: list[Document], parts, text: str, metas: Optional[list[dict]] = None) -> None:
    """Each document's jurisdiction id, level and name (``extract.entities.jurisdiction``):
    from its issuer and title, its number's issuer code, its signature block,
    else its opening text; an annex takes its parent's; documents of one file
    that state none take the file's most common one."""
    metas = metas or [{} for _ in docs]
    for doc, part, meta in zip(docs, parts, metas):
        if part.parent is not None:
            doc.jurisdiction = docs[part.parent].jurisdiction
            continue
        doc.jurisdiction = jurisdiction.document_jurisdiction(
            doc.title, doc.issuer, doc.number, text[doc.span[0]:doc.span[0] + 2000], meta.get("signature", ""))
    known = Counter(d.jurisdiction for d in docs if d.jurisdiction)
    if known:
        common = known.most_common(1)[0][0]
        for doc in docs:
            doc.jurisdiction = doc.jurisdiction or common
    for doc in docs:
        found = jurisdiction.describe_jurisdiction(doc.jurisdiction)
        if found:
            doc.jurisdiction_level, doc.jurisdiction_name = found.level, found.name


def enrich_document(doc: Document, text: str, year: Optional[tuple] = None) -> None:
    """Resolve departments and attach targets and mentions (see module doc).
    ``year`` is ``(year, annual)`` as ``document_year`` gives it (default: the
    document's own), dating 年内/今年 targets and, for an annual plan, undated ones.

    Mentions are found once over the whole document and handed to the task
    whose own text contains them; places other than the ten districts go with
    the districts (their ``kind`` tells them apart).
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
    for task in doc.tasks:
        for ref in (*task.lead, *task.participants, *task.responsible):
            _resolve(ref, doc)
        body_start, body_end, task.targets = _task_targets(task, text, year)
        if annual:  # "平潭综合实验区2015年宜居环境建设行动计划": an undated target is due that year
            for t in task.targets:
                if t.year is None and t.period is None:
                    t.year = year
        inside = mentions[bisect_left(starts, body_start):bisect_left(starts, body_end)]
        inside = [m for m in inside if m.span[1] <= body_end]
        task.districts = [m for m in inside if m.kind in ("district", "place")]
        task.platforms = [m for m in inside if m.kind == "platform"]
        task.industries = [m for m in inside if m.kind == "industry"]




def document_year(doc: Document) -> tuple[Optional[int], bool]:
    """(the year a document speaks of as "this year", whether it is an annual
    plan): a single year in its title ("包头市2022年数字政府建设考评办法",
    annual), else the year of its date (not annual), else (None, False)."""
    title = doc.title or ""
    rule = load_rules("targets.yaml")["relative_year"]
    years = re.findall(rule["title_year"], title)
    if len(set(years)) == 1 and not re.search(rule["title_range"], title):
        return int(years[0]), True
    return (int(doc.date[:4]), False) if doc.date and doc.date[:4].isdigit() else (None, False)


def _task_targets(task: Task, text: str, year=None):
    """(start, end, targets) of a task's body in ``text``.  A body made of
    several source pieces joined by newlines (a table row's task and detail
    cells) is read piece by piece, each found in order from the task's start."""
    pieces = task.text.split("\n") if "\n" in task.text and task.key and ":table." in task.key else [task.text]
    pos, start, targets = task.span[0], None, []
    for piece in pieces:
        at = text.find(piece[:20], pos) if piece else pos
        at = pos if at < 0 else at
        start = at if start is None else start
        pos = at + len(piece)
        targets.extend(extract_targets(text[at:pos], at, year))
    return start, max(pos, start), targets


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
    if not ref.group and not departments.looks_like_department(ref.name):
        doc.warnings.append(ExtractionWarning(
            code="unknown-department",
            message=f"assigned name does not look like a department: {ref.name}",
            span=ref.span))
