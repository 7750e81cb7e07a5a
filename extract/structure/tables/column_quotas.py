"""Quota figures of flattened tables whose value columns carry their measure unit in the header ("序号 单位 总投资 （亿元)
2016年计划完成投资（亿元） 1-9月已完成投资 （亿元） 百日攻坚战役计划完成投资（亿元） 合计 …", "序号 项目名称 所在乡镇 土地（亩）
房屋（座） 已知坟墓（穴） 备注 …"; rule ``column_quotas`` in ``tables.yaml``).

``header_columns(text, start, end)`` lists the value columns of the header written in ``text[start:end]`` (up to its first
figure) as (words, unit) pairs in order: each bracketed measure unit with the words of its cell before it.
``figure_targets(text, start, end, columns)`` reads the space-separated figures of ``text[start:end]`` one per column and
returns the targets of the goal columns:

* a column whose words say its figure is known or done already (已知, 已完成: rule ``achieved``) states no goal;
* columns that all share one unit are stages of one figure (a project's total, the year's plan, what is done, what the
  campaign must do): the last goal column is the target;
* columns of different units are quotas each; a flattened two-level header that prints fewer units than a row has figures
  (merged cells dropped) gives the later columns the last unit it printed;
* a row with fewer figures than the header has columns cannot be placed (empty cells were dropped): no target; a zero
  quota is none.

Targets are "=" with no year of their own (the document's year dates them).  Spans point into ``text``; nothing is raised.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.model import Target
from extract.structure.tables.cells import table_rules
from extract.structure.tables.quota import unit_alternation

_FIGURE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["column_quotas"]
    unit_alt = unit_alternation()
    # (a measure unit, or a word of the table's own: 已知坟墓（穴）)
    return {"column": re.compile(r"(?P<words>[^\s（()）]*)[ \u3000]*[（(](?P<unit>" + unit_alt + r"|[\u4e00-\u9fff]{1,2})[）)]"),
            "header_end": re.compile(r["header_end"]), "achieved": re.compile(r["achieved"]),
            "max_header": int(r["max_header"])}


def header_columns(text: str, start: int, end: int) -> list[tuple[str, str]]:
    """(words, unit) of each value column of the header in ``text[start:end]`` (see module doc)."""
    r = _rules()
    end = min(end, start + r["max_header"])
    stop = r["header_end"].search(text, start, end)
    return [(m["words"], m["unit"]) for m in r["column"].finditer(text, start, stop.start() if stop else end)]


def figure_targets(text: str, start: int, end: int, columns: list[tuple[str, str]]) -> list[Target]:
    """Targets of the goal columns among the figures of ``text[start:end]`` (see module doc)."""
    figures = list(_FIGURE.finditer(text, start, end))
    if not columns or len(figures) < len(columns):
        return []
    columns = columns + [("", columns[-1][1])] * (len(figures) - len(columns))
    achieved = _rules()["achieved"]
    goals = [k for k, (words, _) in enumerate(columns) if not achieved.search(words)]
    if len({unit for _, unit in columns}) == 1:
        goals = goals[-1:]
    out = []
    for k in goals:
        f = figures[k]
        if float(f.group()) == 0:
            continue
        out.append(Target(indicator=columns[k][0], value=float(f.group()), unit=columns[k][1], comparator="=",
                          text=f.group(), span=f.span(), value_text=f.group()))
    return out
