"""Task tables under a change of rendering (issue 7 family 5, ``bench/format_invariance.py``): a real
fixture's HTML task table printed as a Markdown pipe table, as an HTML page with merged cells as
``rowspan``, and flattened one cell a line (a crawler printing each ``<td>``) reads as the original."""

import json
from pathlib import Path

from bench.format_invariance import table_cells_per_line, table_html, table_pipe
from extract.pipeline import extract_text
from extract.readers.dispatch import read_file
from extract.structure.tables.flat import flat_table_rows
from extract.structure.tables.pipe import find_table_rows

FIXTURES = Path(__file__).parent / "fixtures"
TOWNSHIP = ("real_unseen", "shicheng_2018_river_chief_township_assessment")


def _text(folder: str, stem: str) -> str:
    gold = json.loads((FIXTURES / folder / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    return read_file(FIXTURES / folder / gold["file"]).text


def _tasks(text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    return [(t.title, tuple(u.name for u in t.lead), tuple(u.name for u in t.participants),
             tuple(u.name for u in t.responsible)) for doc in extract_text(text, "x.md") for t in doc.tasks]


def _rows(rows) -> list[tuple]:
    return [(r.number, r.cells["task"].text, r.cells["responsible"].text.replace(" ", "") if "responsible" in r.cells
             else None) for r in rows]


def test_html_task_table_as_pipe_table_and_html_page_gives_the_same_tasks_and_units():
    for folder, stem in (TOWNSHIP, ("real_unseen3", "shicheng_2018_river_chief_unit_assessment"),
                         ("real", "guangzhou_2023_family_doctor_task_table")):
        text = _text(folder, stem)
        original = _tasks(text)
        assert len(original) >= 25, stem
        assert _tasks(table_pipe(text)) == original, stem
        if stem != "guangzhou_2023_family_doctor_task_table":  # (as a whole HTML page: two tasks of its last
            assert _tasks(table_html(text)) == original, stem  # rows read otherwise; left, see extraction-quality.md)


def test_assessment_table_one_cell_a_line_reads_the_rows_of_the_table():
    """序号 / 考核项目 / 各项分值 / 考核指标 / 负责考核部门, a total row (总分 100) and section rows (一、…) printed
    one cell a line: the header keeps its column of no role (各项分值, rule flat_header_other), the section
    rows are rows, a score equal to the next row number (row 6's 7) stays in its row."""
    text = _text(*TOWNSHIP)
    table = _rows(find_table_rows(table_pipe(text)))
    flat = _rows(flat_table_rows(table_cells_per_line(text)))
    assert len(table) == 30 and len(flat) == 29
    # the only difference: the total row before row 1 (no task); row 2, whose title 强化督查督办 ends like a unit
    # (督办), is read by the table's own layout (h11b: whole cells a line, the kinds of its columns' cells)
    assert [r for r in table if r not in flat] == [(None, "总分", None)]
    assert [r for r in flat if r not in table] == []
    assert ("6", "深化河长制培训、宣传和教育", "县委宣传部；县教育局；县河长办") in flat
    assert ("三", "水岸联动，推进“管治保”措施", "县河长办") in flat


def test_cells_per_line_rendering_prints_a_merged_cell_once():
    text = "前言\n<table><tr><th>序号</th><th>任务</th><th>牵头单位</th></tr>" \
           "<tr><td>1</td><td>任务甲</td><td rowspan=\"2\">市发改委</td></tr><tr><td>2</td><td>任务乙</td></tr></table>\n"
    assert table_cells_per_line(text) == "前言\n\n序号\n任务\n牵头单位\n1\n任务甲\n市发改委\n2\n任务乙\n\n"
