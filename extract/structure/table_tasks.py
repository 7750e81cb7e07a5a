"""Tasks from the rows of assignment tables (任务分工表), built in the structure stage.

``add_table_tasks(doc, text, start, end)`` appends one :class:`Task` per table row of
``text[start:end]`` (``extract.structure.tables.pipe.find_table_rows``) to ``doc.tasks``: key
``<doc>:table.<number>``, title and text from the task (and detail) cells, ``pieces`` the
spans of those cells, the section from the row's category cell or the section the row sits in,
departments read from each department cell by ``parse_cell`` with their spans.  Clean-text
spans; nothing is returned, nothing raised.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extract.model import ROLE_FIELDS, DeptRef, Document, Task
from extract.structure.cell_roles import parse_cell
from extract.structure.lead_convention import COMMA_KIND, FIRST, convention_at
from extract.structure.tables.cells import Cell, dept_role, table_rules
from extract.structure.tables.flat import unwrap
from extract.structure.tables.pipe import find_table_rows
from extract.structure.paths import section_label


def add_table_tasks(doc: Document, text: str, start: int, end: int, first_is_lead=False) -> None:
    """Rows of assignment tables in ``text[start:end]`` become tasks.  ``first_is_lead``
    (True: "主要责任单位第一个为牵头单位" stated once): in a cell that states no role, the first
    unit leads and the others take part."""
    rows = [r for r in find_table_rows(text[start:end])] + _titled_rows(doc, text, start, end)
    glued = [(start + r.span[0], start + r.span[1]) for r in rows if "task" in r.cells and (
        r.inline or r.number and text.startswith(r.number, start + r.span[0]))]
    if glued:  # a glued row "1.增强…。区直各有关单位…" was also read as numbered item 1: the row wins
        doc.tasks = [t for t in doc.tasks if not any(a <= t.span[0] < b for a, b in glued)]
        # (and an item that opens at the table's header and runs over two or more of its rows is the table read as
        # one item: "单位\n\n职责分工\n\n区规划资源局\n\n拟定…", rule unit_text_table, s36f)
        inline = [(start + r.span[0], start + r.span[1]) for r in rows
                  if r.inline and "task" in r.cells and r.header and _unit_header(r.header)]
        doc.tasks = [t for t in doc.tasks if not (inline and inline[0][0] - _HEADER_REACH <= t.span[0] < inline[0][0]
                                                  and sum(t.span[0] < a and b <= t.span[1] for a, b in inline) >= 2)]
    used = {t.key for t in doc.tasks}
    repeats: dict[str, int] = {}
    section: list = []  # the units a section row names for the rows under it (rule section_units)
    for n, row in enumerate(rows, 1):
        task_cell = row.cells.get("task")
        if task_cell is None:
            continue
        heading = _section_units(row, task_cell, start, section)
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
        goal = row.cells.get("target")  # a target column (目标, 评分标准): what the row's work must reach
        body = "\n".join(c.text.strip() for c in (task_cell, detail, goal) if c is not None and c.text.strip())
        task = Task(id=number, key=key, parent=None,
                    section=(row.cells["category"].text if "category" in row.cells
                             else _section_at(doc, start + row.span[0])),
                    title=title, text=body, span=(start + row.span[0], start + row.span[1]),
                    pieces=[(start + c.span[0], start + c.span[1]) for c in (task_cell, detail, goal)
                            if c is not None and c.text.strip()],
                    targets=[replace(t, span=(start + t.span[0], start + t.span[1])) for t in row.targets])
        for key, cell in row.cells.items():
            role = dept_role(key)
            if role is None or not cell.text.strip():
                continue
            conv = convention_at(first_is_lead, start + row.span[1])
            a = parse_cell(cell.text, start + cell.span[0], role, conv if conv and conv.kind == COMMA_KIND else False)
            if conv and conv.kind == FIRST and role in ("lead", "responsible") and not a.participants \
                    and getattr(a, role) and not (a.lead and a.responsible):
                listed = getattr(a, role)
                a.lead, a.participants, a.responsible = listed[:1], [], []
                getattr(a, conv.rest).extend(listed[1:])
            if role == "responsible" and detail is not None and a.responsible and not (a.lead or a.participants):
                _detail_leads(a, detail.text)
            for r in ROLE_FIELDS:
                names = getattr(a, r)
                known = {ref.name for ref in getattr(task, r)}
                for nm, sp in names:  # (a name a cell prints twice, "…文化、文物、…文化…", is one unit)
                    if nm not in known:
                        known.add(nm)
                        getattr(task, r).append(DeptRef(name=nm, span=sp))
        if section and not heading and not any(getattr(task, r) for r in ROLE_FIELDS):
            task.responsible = [DeptRef(name=nm, span=sp) for nm, sp in section]
        doc.tasks.append(task)


def _unit_header(header: list) -> bool:
    """A header of a unit-column table (rule ``unit_text_table``): a unit cell ("单位", "序号 单位") before a last duty
    cell ("职责分工"); a task table's 责任单位 column beside 完成时限 is none."""
    from extract.structure.tables.unit_text import duty_cell, header_cell

    return len(header) >= 2 and duty_cell(header[-1]) and any(header_cell(cell.split()[-1]) for cell in header[:-1] if cell.split())


_HEADER_REACH = 40  # characters a table's header takes before its first row (an item opening there is the table)


def _titled_rows(doc: Document, text: str, start: int, end: int) -> list:
    """Rows of a per-place figure table whose header's first cell the document split took into the annex's title
    ("附件1\n\n…任务量分解表\n\n面积单位：亩\n\n街镇" above the body, tables.unit_paragraphs), read from the
    document's start; spans relative to ``start``."""
    from extract.structure.tables.unit_paragraphs import unit_paragraph_rows

    head = doc.span[0]
    if head >= start or "\n\n" not in text[head:start]:
        return []
    shift = start - head
    rows = [row for row in unit_paragraph_rows(text[head:end])
            if row.span[0] >= shift and all(c.span[0] >= shift for c in row.cells.values())]
    if not rows or unit_paragraph_rows(text[start:end]):
        return []  # (none, or the body holds the header: find_table_rows read the table)
    out = []
    for row in rows:
        cells = {k: Cell(c.text, (c.span[0] - shift, c.span[1] - shift)) for k, c in row.cells.items()}
        out.append(replace(row, cells=cells, span=(row.span[0] - shift, row.span[1] - shift), targets=[]))
    return out


def _section_units(row, task_cell, start: int, section: list) -> bool:
    """Whether ``row`` is a section row ("一、 | 通用考核项目（全部责任单位）", rule ``section_units``):
    ``section`` then holds the group it names for the rows under it (none when it names none)."""
    r = table_rules()["section_units"]
    if not row.number or not re.match(r["number"], row.number) or any(dept_role(k) for k in row.cells):
        return False
    section.clear()
    m = re.search(r["pattern"], task_cell.text)
    if m:
        at = start + task_cell.span[0] + m.start("units")
        section.append((m["units"], (at, at + len(m["units"]))))
    return True


def _detail_leads(a, detail: str) -> None:
    """A unit of a cell that states no role leads when the row's detail text says it leads
    ("区财政金融局牵头配合企业申请…", rule ``tables.yaml: detail_lead``) (in place)."""
    lead = re.compile(table_rules()["detail_lead"]["pattern"])
    said = [n for n in a.responsible if re.search(re.escape(n[0]) + "(?:" + lead.pattern + ")", detail)]
    if said:
        a.lead = said
        a.responsible = [n for n in a.responsible if n not in said]


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
