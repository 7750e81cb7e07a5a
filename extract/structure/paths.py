"""Where a task or section sits: the key of its section and parent task, and its path as shown
("一、主要任务 > （二）加强领导").  Pure functions over the numbered items of
:mod:`extract.structure.numbering` and the Section/Task each item became (``kinds``); how an item
allocates duties (``duty_context``) and whether a bracket above it closes it (``bracket_above``)."""

from __future__ import annotations

from typing import Optional

from extract.model import Section, Task
from extract.structure import duties
from extract.structure.numbering import Item


def section_key(items: list[Item], i: int, kinds: dict) -> Optional[str]:
    """The key of the section that item ``i``'s parent item became, else None (a top-level
    item, or one under a task)."""
    parent = kinds.get(items[i].parent) if items[i].parent is not None else None
    return parent.key if isinstance(parent, Section) else None


def parent_task_key(items: list[Item], i: int, kinds) -> Optional[str]:
    p = items[i].parent
    parent = kinds.get(p) if p is not None else None
    return parent.key if isinstance(parent, Task) else None


def section_path(items: list[Item], i: int, kinds, sections, include_self: bool = False) -> str:
    chain = []
    p = i if include_self else items[i].parent
    while p is not None:
        node = kinds.get(p)
        if isinstance(node, Section):
            chain.append(section_label(node))
        elif isinstance(node, Task) and node.id.isascii():
            dot = "" if "." in node.id else "."  # "2. 拓展…", "1.2 完善…"
            chain.append(f"{node.id}{dot} {node.title}")
        elif isinstance(node, Task):  # "（一）提升氢气供给能力", "第三条 …"
            chain.append(label(items[p].marker, node.title))
        p = items[p].parent
    return " > ".join(reversed(chain))


def section_label(sec: Section) -> str:
    """A section as shown in a path: its marker and title (see ``label``)."""
    return label(sec.number, sec.title)


def label(marker: str, title: str) -> str:
    """"一、主要任务", "（一）加强领导", but "第二章 重点任务" and "专栏1 重大工程"
    (a marker ending in a word, or a word and its number, is set off by a space)."""
    cjk_end = "\u4e00" <= marker[-1:] <= "\u9fff"
    word_number = "\u4e00" <= marker[:1] <= "\u9fff" and marker[-1:].isdigit()
    sep = " " if cjk_end or word_number else ""
    return f"{marker}{sep}{title}"


def bracket_above(items: list[Item], i: int, found: list) -> bool:
    """Whether item ``i`` or an item above it has an assignment bracket or label of its own."""
    k: Optional[int] = i
    while k is not None:
        if found[k]:
            return True
        k = items[k].parent
    return False


def outside_articles(items: list[Item], i: int) -> bool:
    """Whether item ``i`` is a numbered measure before the first article (第X条) that no article encloses or
    holds: in a file that prints a notice and the rules it issues as one document, the notice's measures
    ("（二）明确转诊服务规则。…") are read for duties as the articles are."""
    item = items[i]
    if item.style == "article" or any(items[c].style == "article" for c in item.children):
        return False
    first = next((it.start for it in items if it.style == "article"), None)
    if first is not None and item.start > first:
        return False  # after the articles: a regulation's own closing parts, where a bare "X负责" is narration
    k = item.parent
    while k is not None:
        if items[k].style == "article":
            return False
        k = items[k].parent
    return True


def duty_context(items: list[Item], i: int, titles: dict[int, str]) -> Optional[str]:
    """How item ``i`` allocates duties: "section" under (or itself) a heading
    about who does what (职责分工, rule ``duty_lists``), "article" in an
    article (第X条) or one of its sub-items, else None."""
    k: Optional[int] = i
    kind = None
    while k is not None:
        if duties.is_duty_heading(titles.get(k, "")):
            return "section"
        if items[k].style == "article":
            kind = "article"
        k = items[k].parent
    return kind
