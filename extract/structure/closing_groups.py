"""Brackets and labels that close a group of sub-items (rule ``closing_line`` in ``extract/rules/tables.yaml`` and
``assignments.yaml``; GOLD_GUIDE "tasks"): which sub-items of an item take the units of the bracket or label printed
after the group's last one.

``closing_runs(text, items, found, scoped, ends, first_is_lead)`` fills ``found`` (item index -> assignments) in place
for the sub-items a closing bracket or label covers and marks them in ``scoped``; returns None, raises nothing.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from extract.rules.loader import load_rules
from extract.structure.numbering import Item
from extract.structure.task_units import _rules, closing_bracket, closing_line

__all__ = ["closing_runs"]


def _below(items: list[Item], j: int) -> list[int]:
    """Item ``j`` and all its descendants."""
    out, todo = [], [j]
    while todo:
        k = todo.pop()
        out.append(k)
        todo.extend(items[k].children)
    return out


def closing_runs(text: str, items: list[Item], found: list, scoped: list, ends: list, first_is_lead) -> None:
    """A bracket alone on an item's last line after a run of siblings without
    assignments closes the run (rule ``closing_line``): it becomes a scoped
    assignment, like "以上任务由…", instead of the item's own.  In a document
    whose groups are all assigned that way but on one line (line breaks lost:
    "…5.…。（责任单位：A、B）（二）…" — no item but the last of a group has an
    assignment, and at least two groups close like this), the bracket closing a
    group's last item does the same.  In place."""
    groups: dict = {}
    for j, it in enumerate(items):
        groups.setdefault(it.parent, []).append(j)
    inline: dict[int, tuple] = {}  # last item of a group -> its closing bracket
    own: Counter = Counter()  # per numbering style: items, not last in their group, with an assignment of their own
    for parent, children in groups.items():
        own.update(items[j].style for j in children[:-1] if found[j])
        last = children[-1]
        if parent is not None and len(children) > 1 and len(found[last]) == 1 and not scoped[last]:
            hit = closing_bracket(text, items[last].head_start, ends[last], first_is_lead)
            if hit is not None:
                inline[last] = hit
    # the groups of one numbering style close so when no item of that style has an assignment of its own
    # and at least two of its groups close like this ("（一）…（责任单位：A）" beside "（二）1.…2.…（责任单位：B）")
    # (or, a single such group, when the item it divides stands among siblings that have their own: "（一）…（责任单位：A）
    # （二）…1.…2.…3.…。（责任单位：B）（三）…（责任单位：C）", the bracket is the item's, printed after its sub-items)
    # (rule ``closing_line.mixed_groups``: in a document whose other groups of that style assign item by item, a
    # group none of whose earlier items has an assignment still closes so when at least two groups do: "（一）1.…
    # 4.…（责任单位：A）（二）1.…7.…（责任单位：B）…（四）1.…（责任单位：C）2.…（责任单位：D）")
    closing = Counter(items[j].style for j in inline)
    bare = {j for j in inline if _bare_group(items, groups, found, scoped, j)} if _closing_rule().get(
        "mixed_groups", False) else set()
    closing_bare = Counter(items[j].style for j in bare)
    inline = {j: hit for j, hit in inline.items()
              if (not own[items[j].style]
                  and (closing[items[j].style] >= 2 or _divided_item(items, groups, found, scoped, items[j].parent)))
              or (j in bare and closing_bare[items[j].style] >= 2)}
    use_inline = bool(inline)
    if use_inline:  # "4.落实…。（1）…（2）…。（责任单位：…）": the bracket ending the last
        for d, hit in list(inline.items()):  # item's last sub-point closes the items' group
            p = items[d].parent
            siblings = groups.get(items[p].parent, [])
            if (len(siblings) > 1 and siblings[-1] == p and not scoped[p]
                    and not any(found[k] or scoped[k] or k in inline
                                for x in siblings if x != p for k in _below(items, x))):
                scoped[p], found[d], ends[d] = hit, [], hit[0][0]
                del inline[d]
    _level_labels(text, items, groups, found, scoped, ends)
    for parent, children in groups.items():
        run = 0
        for j in children:
            it = items[j]
            hit = None
            if len(found[j]) == 1 and not scoped[j] and run:  # (a label line closes a group none of whose items has its own)
                alone = not any(found[k] or scoped[k] for x in children if x != j for k in _below(items, x))
                hit = closing_line(text, it.head_start, ends[j], it.line_end, first_is_lead, alone)
                if hit is None and use_inline:
                    hit = inline.get(j)
            if hit is not None:
                scoped[j], found[j], ends[j] = hit, [], hit[0][0]
                run = 0
            elif found[j] or scoped[j] or _assigned_below(items, j, found, scoped):
                run = 0  # (a heading whose sub-items each have their own: no run for a later bracket to close)
            elif not it.heading or it.children:
                run += 1


@lru_cache(maxsize=1)
def _closing_rule() -> dict:
    return load_rules("assignments.yaml")["closing_line"]


def _bare_group(items: list[Item], groups: dict, found: list, scoped: list, last: int) -> bool:
    """No item of ``last``'s group but ``last`` (nor any item below them) has an assignment or a scope."""
    return not any(found[k] or scoped[k] for x in groups[items[last].parent] if x != last for k in _below(items, x))


def _divided_item(items: list[Item], groups: dict, found: list, scoped: list, p: int) -> bool:
    """Item ``p`` has no assignment of its own, and one of its siblings has or it is itself a sub-item (a measure
    under a numbered part, "二、…（一）…1.…2.…（责任单位：X）"; not the measures of a top-level part)."""
    if found[p] or scoped[p]:
        return False
    return items[p].parent is not None or any(found[k] for k in groups.get(items[p].parent, []) if k != p)


def _assigned_below(items: list[Item], j: int, found: list, scoped: list) -> bool:
    """Item ``j`` has sub-items, each leaf with an assignment or scope ("一、主要任务（一）…（责任单位：A）（二）…"), or one closes a run."""
    below = _below(items, j)[1:]
    leaves = [k for k in below if not items[k].children]
    return bool(leaves) and (all(found[k] or scoped[k] for k in leaves) or any(scoped[k] for k in below))


def _level_labels(text: str, items: list[Item], groups: dict, found: list, scoped: list, ends: list) -> None:
    """A label that closes the last sub-item of an item whose siblings each close with a label of
    their own is the item's, over all its sub-items ("（一）…主要职责是：1.…8.…。责任单位：A，B。（二）…。
    责任单位：C。"): the labels assign at the item's level, the line breaks that would show it are
    lost.  Only when no other sub-item of the item has an assignment.  In place."""
    bad = {g: sum(1 for x in xs if not (found[x] or scoped[x]) or items[x].children) for g, xs in groups.items()}
    for p, it in enumerate(items):
        children = groups.get(p, [])
        if len(children) < 2 or found[p] or scoped[p] or it.parent is None or len(groups[it.parent]) < 2:
            continue
        if bad[it.parent] != 1:  # p itself (no assignment, sub-items) is the one: every sibling closes with its own
            continue  # (a scope covers the earlier siblings' unassigned sub-items: siblings without any)
        d = children[-1]
        if len(found[d]) != 1 or scoped[d] or items[d].children or any(
                found[k] or scoped[k] for x in children[:-1] for k in _below(items, x)):
            continue
        a = found[d][0]
        s, e = a.span
        if text[e:ends[d]].strip(" \t\n\u3000。；;") or not _rules()["after_sentence"].search(
                text[max(items[d].head_start, s - 4):s]):
            continue
        scoped[p], found[d], ends[d] = ((s, ends[d]), a), [], s
