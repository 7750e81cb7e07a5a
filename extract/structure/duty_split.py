"""Prose duty sentences in a department-first duty list (rule ``duty_lists.prose_sentences`` in
``extract/rules/assignments.yaml``; GOLD_GUIDE "Prose duties" 6).

Under a heading about who does what (任务分工, 职责分工: :func:`~extract.structure.duties.is_duty_heading`)
each sentence that opens with its own unit is a task of that unit.  The duty-list reader
(:func:`~extract.structure.duties.read_clause`) knows the verbs of such lists ("X负责…", "X牵头…");
:func:`prose_clause` reads the others the way a prose duty is read: "X要将…纳入…", "X应会同Y共同推进…"
(roles from the verb phrase, :mod:`extract.structure.verb_roles`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Optional

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment

__all__ = ["prose_clause"]


@lru_cache(maxsize=1)
def _enabled() -> bool:
    return bool(load_rules("assignments.yaml")["duty_lists"]["prose_sentences"]["enabled"])


def prose_clause(text: str, pos: int, end: int, accept: Callable[[str], bool]) -> Optional[Assignment]:
    """The prose duty of the sentence ``text[pos:end]`` when it opens (at ``pos``) with its unit
    ("人力资源和社会保障部门、安全生产监督管理部门要将…纳入…" → responsible those two;
    "公安机关消防机构应会同人力资源和社会保障部门…" → lead X, participants Y), read by
    :func:`~extract.structure.prose.find_prose_assignments` as in a prose-only document; None when
    the rule is off, the sentence names no unit's duty or its first one does not open it.
    ``accept(name) -> bool``: what may stand for a unit."""
    if not _enabled():
        return None
    from extract.structure.prose import find_prose_assignments  # (prose imports the duty-list reader)

    found = find_prose_assignments(text, pos, end, accept, duty="prose")
    first = min(found, key=lambda a: a.span[0], default=None)
    if first is None or first.span[0] != pos:
        return None
    return first
