"""The export contract of ``policykg extract`` (JSON and CSV).

``to_dict(result) -> dict`` gives ``{"documents": [...], "skipped": [...]}``
where each document is ``{"id", "title", "kind", "source", ..., "tasks": [TASK]}``
and TASK is ``{"id", "key", "parent", "section", "title", "text", "span",
"lead", "participants", "responsible", "targets", "districts", "platforms", ...}``
with DEPT ``{"name", "id", "label", ...}``.  Keep these keys stable; add freely.
``to_csv(result, fh)`` writes one row per task–department–role.
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict
from typing import IO

from extract.model import DeptRef, Document, ExtractionResult, Mention, Target, Task

CSV_COLUMNS = ["document_id", "document_title", "task_key", "task_id", "section", "task_title",
               "role", "department", "department_id", "department_label", "group",
               "span_start", "span_end"]


def dept_dict(ref: DeptRef) -> dict:
    return {"name": ref.name, "id": ref.id, "label": ref.label, "jurisdiction": ref.jurisdiction,
            "key": ref.identity(), "group": ref.group,
            "level": ref.level, "body": ref.body, "kind": ref.kind, "members": ref.members,
            "span": list(ref.span) if ref.span else None}


def target_dict(t: Target) -> dict:
    d = asdict(t)
    d["span"] = list(t.span)
    d["period"] = list(t.period) if t.period else None
    return d


def mention_dict(m: Mention) -> dict:
    return {"name": m.name, "id": m.id, "label": m.label, "kind": m.kind, "type": m.type,
            "span": list(m.span)}


def task_dict(t: Task) -> dict:
    return {
        "id": t.id, "key": t.key, "parent": t.parent, "section": t.section,
        "title": t.title, "text": t.text, "span": list(t.span),
        "lead": [dept_dict(r) for r in t.lead],
        "participants": [dept_dict(r) for r in t.participants],
        "responsible": [dept_dict(r) for r in t.responsible],
        "targets": [target_dict(x) for x in t.targets],
        "districts": [mention_dict(x) for x in t.districts],
        "platforms": [mention_dict(x) for x in t.platforms],
        "industries": [mention_dict(x) for x in t.industries],
        "inherited": t.inherited,
        "assignment_span": list(t.assignment_span) if t.assignment_span else None,
    }


def document_dict(d: Document) -> dict:
    return {
        "id": d.id, "title": d.title, "kind": d.kind, "source": d.source,
        "issuer": d.issuer, "date": d.date, "number": d.number, "part_of": d.part_of, "path": d.path,
        "jurisdiction": d.jurisdiction, "jurisdiction_level": d.jurisdiction_level,
        "jurisdiction_name": d.jurisdiction_name, "span": list(d.span),
        "sections": [{"key": s.key, "number": s.number, "title": s.title, "level": s.level,
                      "parent": s.parent, "span": list(s.span)} for s in d.sections],
        "tasks": [task_dict(t) for t in d.tasks],
        "targets": [target_dict(x) for x in d.targets],
        "districts": [mention_dict(x) for x in d.districts],
        "platforms": [mention_dict(x) for x in d.platforms],
        "industries": [mention_dict(x) for x in d.industries],
        "warnings": [{"code": w.code, "message": w.message, "line": w.line,
                      "span": list(w.span) if w.span else None} for w in d.warnings],
    }


def to_dict(result: ExtractionResult) -> dict:
    return {
        "documents": [document_dict(d) for d in result.documents],
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
    }


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a CSV cell that a spreadsheet will not run as a formula: a cell beginning with
    ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` (OWASP); numbers such as ``-5`` are kept."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(result: ExtractionResult, fh: IO[str]) -> int:
    """Write one row per task–department–role (cells escaped by :func:`spreadsheet_safe`); return the row count."""
    w = csv.writer(fh)
    w.writerow(CSV_COLUMNS)
    n = 0
    for d in result.documents:
        for t in d.tasks:
            for role, refs in (("lead", t.lead), ("participant", t.participants),
                               ("responsible", t.responsible)):
                for r in refs:
                    w.writerow([spreadsheet_safe(str(cell)) for cell in (
                        d.id, d.title, t.key, t.id, t.section, t.title, role, r.name,
                        r.id or "", r.label or "", "1" if r.group else "0",
                        r.span[0] if r.span else "", r.span[1] if r.span else "")])
                    n += 1
    return n
