"""Task tables printed one cell a line or a paragraph, read by their own layout (h11b, issue 7 family 5;
``extract/structure/tables/flat_rows.py``, ``flat_place.Layout``, ``unit_text.py``): the 上海 crawls of
real_unseen43 and 44 print each ``<td>`` as a paragraph, with merged cells printed once, unit cells broken over
lines and group titles between rows.  Their table tasks carry the same units whatever the rendering
(``bench/format_invariance.py``: one cell a line, a paragraph, a pipe table, an HTML page)."""

import json
from pathlib import Path

import pytest

from bench.format_invariance import table_cells_paragraphs, table_cells_per_line, table_html, table_pipe
from extract.pipeline import extract_text
from extract.readers.dispatch import read_file
from extract.structure.tables.flat import flat_table_rows
from extract.structure.tables.unit_text import unit_text_rows

FIXTURES = Path(__file__).parent / "fixtures"
BAOSHAN = ("real_unseen43", "shanghai_baoshan_2019_waste_sorting_plan")
PHOTOVOLTAIC = ("real_unseen44", "shanghai_2023_transport_photovoltaic_plan")


def _text(folder: str, stem: str) -> str:
    gold = json.loads((FIXTURES / folder / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    return read_file(FIXTURES / folder / gold["file"]).text


def _table_tasks(text: str) -> list[tuple]:
    return [(t.id, tuple(u.name for u in t.lead), tuple(u.name for u in t.participants),
             tuple(u.name for u in t.responsible)) for doc in extract_text(text, "x.md") for t in doc.tasks
            if ":table." in t.key]


def test_waste_sorting_task_table_cells_a_paragraph():
    """序号 | 任务名称 | 任务内容 | 牵头部门 | 配合部门 | 时间节点, the 任务名称 cell printed on a group's first row only,
    a unit cell broken after "、" (row 9), a lead cell over two paragraphs (row 21), a per-unit target table after it."""
    rows = {r.number: r for r in flat_table_rows(_text(*BAOSHAN))}
    assert len(rows) == 39
    assert rows["2"].cells["task"].text == "加强组织领导" and rows["2"].cells["lead"].text == "区委组织部（区公务员局）"
    assert rows["9"].cells["participants"].text == "区绿化市容局、区农业农村委"
    assert rows["21"].cells["lead"].text == "区政府办公室、区绿化市容局、区规划资源局、区重大办"
    assert "participants" not in rows["21"].cells  # (a column every row prints left empty: not the cell above)
    quota = unit_text_rows(_text(*BAOSHAN))
    assert [r.cells["responsible"].text for r in quota][:3] == ["罗店镇", "大场镇", "杨行镇"] and len(quota) == 14


def test_photovoltaic_task_table_merged_cells_and_group_titles():
    """序号 | 事项 | 工作措施 | 责任单位 with 事项 and 责任单位 printed once over their rows, group titles between rows,
    and a second table without a task column (序号 | 交通子行业 | … | 责任单位) whose unit is broken before 集团."""
    rows = flat_table_rows(_text(*PHOTOVOLTAIC))
    assert len(rows) == 48 + 9
    by = {(r.number, r.cells["task"].text[:4]): r for r in rows}
    assert by[("2", "“光伏+")].cells["responsible"].text == "申通地铁集团"
    assert by[("29", "“光伏+")].cells["responsible"].text == "各交通行业企业、市道路运输局、市邮政管理局"
    assert by[("30", "健全商业")].cells["category"].text == "建立健全“光伏+”推进机制"
    assert by[("1", "地铁")].cells["responsible"].text == "申通地铁集团"


@pytest.mark.parametrize("folder,stem", [BAOSHAN, PHOTOVOLTAIC])
def test_table_tasks_same_in_every_rendering(folder, stem):
    text = _text(folder, stem)
    original = _table_tasks(text)
    assert len(original) >= 48
    for render in (table_cells_per_line, table_cells_paragraphs):
        assert _table_tasks(render(text)) == original, render.__name__
    for render in (table_pipe, table_html):  # (an empty cell of a pipe or HTML table is read as merged: row 21's
        found = _table_tasks(render(text))     # empty 配合部门 takes the cell above there)
        assert [t for t in found if t not in original] == ([("21", original[20][1], ("区绿化市容局",), ())]
                                                           if stem == BAOSHAN[1] else []), render.__name__


# Session 32, helper h12t: a header with no number column (类别 | 项目 | 主要任务 | 牵头单位 | 配合单位, the 杨浦
# fire-safety annex of real_unseen46): rows cut at their first text cell, the 类别 cells printed as section rows, a
# cell's lines within one paragraph one cell, a row printing no unit cell keeps the merged units above.
YANGPU = ("real_unseen46", "shanghai_yangpu_2022_grassroots_fire_safety_opinion")


def test_unnumbered_header_table_cells_a_paragraph():
    rows = flat_table_rows(_text(*YANGPU))
    assert len(rows) == 19
    assert [r.number for r in rows][:4] == ["1", "2", None, "3"]
    assert rows[0].cells["category"].text == "一、做好政策保障" and rows[0].cells["lead"].text == "区消防救援支队"
    assert rows[4].cells["participants"].text == "各街道、相关委、办、局"
    assert rows[6].cells["other"].text == "5.实化运行消防安全委员会" and rows[6].cells["lead"].text == "区委编办、各街道"
    assert rows[8].cells["lead"].text == "各支队" and rows[8].cells["participants"].text == "防火监督处"
    assert [r.cells["lead"].text for r in rows[-2:]] == ["区消防救援支队"] * 2  # (merged, printed once above)


def test_unnumbered_header_table_same_in_every_rendering():
    from bench.format_invariance import table_lines_no_number, table_paragraphs_no_number

    text = _text(*YANGPU)
    original = _table_tasks(text)
    assert len(original) == 19
    for render in (table_cells_per_line, table_cells_paragraphs):
        assert _table_tasks(render(text)) == original, render.__name__
    for folder, stem in (BAOSHAN, PHOTOVOLTAIC):  # h11b's tables printed with no number column: the same rules
        text = _text(folder, stem)
        units = {t[1:] for t in _table_tasks(text)}
        for render in (table_lines_no_number, table_paragraphs_no_number):
            found = _table_tasks(render(text))
            assert sum(t[1:] in units for t in found) >= (50 if stem == BAOSHAN[1] else 43), (stem, render.__name__)
