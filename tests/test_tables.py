"""Golden tests for extract.structure.tables: pipe tables, flattened tables, rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.readers.dispatch import read_file
from extract.structure.tables.pipe import find_table_rows
from extract.structure.tables.cells import header_role, looks_like_deadline, table_rules

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def golden(text: str) -> list[tuple]:
    """(number, {role: text}) per row; checks every span points at its text."""
    rows = find_table_rows(text)
    for row in rows:
        for cell in row.cells.values():
            source = text[cell.span[0]:cell.span[1]]
            assert re.sub(r"[ \t\u3000]*\n[ \t\u3000]*", "", source) == cell.text
        own = row.cells.get("number", row.cells["task"])
        assert row.span[0] <= own.span[0] < own.span[1] <= row.span[1]
    return [(row.number, {role: cell.text for role, cell in sorted(row.cells.items())}) for row in rows]


PIPE = """附件

| 序号 | 领域 | 重点任务 | 责任单位 | 责任单位 | 完成时限 |
| :-: | --- | --- | --- | --- | --- |
| 序号 | 领域 | 重点任务 | 牵头 | 配合 | 完成时限 |
| 一、科技创新 | 一、科技创新 | 一、科技创新 | 一、科技创新 | 一、科技创新 | 一、科技创新 |
| 1 | 创新平台 | 建设一批新型研发机构 | 市科技局 | 市发改委、市财政局 | 2023年底 |
| 2 |  | 推进规上企业研发机构全覆盖 | 〃 | 市工信局 |  |
| 3 | 创新主体 | 培育高新技术企业 | 同上 | 各县级市（区）政府 | 长期坚持 |
| 二、产业升级 |  |  |  |  |  |
| 4 | 智能制造 | 实施智能化改造 | 市工信局 |  | 2024年 |

正文继续。
"""


def test_pipe_table_with_merged_cells():
    assert golden(PIPE) == [
        ("1", {"category": "创新平台", "deadline": "2023年底", "lead": "市科技局", "number": "1",
               "participants": "市发改委、市财政局", "task": "建设一批新型研发机构"}),
        ("2", {"category": "创新平台", "deadline": "2023年底", "lead": "市科技局", "number": "2",
               "participants": "市工信局", "task": "推进规上企业研发机构全覆盖"}),
        ("3", {"category": "创新主体", "deadline": "长期坚持", "lead": "市科技局", "number": "3",
               "participants": "各县级市（区）政府", "task": "培育高新技术企业"}),
        ("4", {"category": "智能制造", "deadline": "2024年", "lead": "市工信局", "number": "4",
               "task": "实施智能化改造"}),
    ]


def test_pipe_table_header_and_row_span():
    rows = find_table_rows(PIPE)
    assert rows[0].header == ["序号", "领域", "重点任务", "牵头", "配合", "完成时限"]
    assert PIPE[rows[0].span[0]:rows[0].span[1]] == "| 1 | 创新平台 | 建设一批新型研发机构 | 市科技局 | 市发改委、市财政局 | 2023年底 |"


def test_group_heading_fills_category_when_table_has_none():
    text = "| 序号 | 主要任务 | 责任单位 |\n| --- | --- | --- |\n| （一）优化营商环境 | | |\n| 1 | 深化“放管服”改革 | 市政务办 |\n"
    assert golden(text) == [
        ("1", {"category": "（一）优化营商环境", "number": "1", "responsible": "市政务办",
               "task": "深化“放管服”改革"}),
    ]


FLAT = """附件
重点任务分工表
序号
领域
重点任务
牵头单位
配合单位
完成时限
1
科技创新
建设一批高水平新型研发机构，
提升原始创新能力
市科技局
市发改委、
市财政局
2023年底
2
推动规上工业企业研发机构全覆盖
市工信局、市科技局

序号
领域
重点任务
牵头单位
配合单位
完成时限
3
产业升级
实施智能化改造
市工信局
市财政局等
长期坚持
4
培育工业互联网平台
同上
2025年
二、保障措施
加强组织领导。
"""


def test_flattened_table_one_cell_per_line():
    assert golden(FLAT) == [
        ("1", {"category": "科技创新", "deadline": "2023年底", "lead": "市科技局", "number": "1",
               "participants": "市发改委、市财政局", "task": "建设一批高水平新型研发机构，提升原始创新能力"}),
        ("2", {"category": "科技创新", "deadline": "2023年底", "lead": "市科技局", "number": "2",
               "participants": "市工信局、市科技局", "task": "推动规上工业企业研发机构全覆盖"}),
        ("3", {"category": "产业升级", "deadline": "长期坚持", "lead": "市工信局", "number": "3",
               "participants": "市财政局等", "task": "实施智能化改造"}),
        ("4", {"category": "产业升级", "deadline": "2025年", "lead": "市工信局", "number": "4",
               "participants": "市财政局等", "task": "培育工业互联网平台"}),
    ]


def test_flattened_last_row_does_not_swallow_prose():
    text = "序号\n重点任务\n责任单位\n1\n建设数据中心\n市大数据局\n加强组织领导，各地各部门要抓好落实，确保各项任务落地见效。\n"
    assert golden(text) == [("1", {"number": "1", "responsible": "市大数据局", "task": "建设数据中心"})]


def test_flattened_section_heading_groups_rows():
    text = "序号\n重点任务\n牵头单位\n（一）基础设施\n1\n建设5G基站\n市工信局\n（二）数据要素\n2\n培育数据交易市场\n市大数据局\n"
    assert golden(text) == [
        ("1", {"category": "（一）基础设施", "lead": "市工信局", "number": "1", "task": "建设5G基站"}),
        ("2", {"category": "（二）数据要素", "lead": "市大数据局", "number": "2", "task": "培育数据交易市场"}),
    ]


FORMAT_ROWS = [
    ("1", {"deadline": "2023年底", "lead": "市工信局", "number": "1", "participants": "市发改委、市财政局",
           "task": "实施智能化改造"}),
    ("2", {"deadline": "2024年底", "lead": "市发改委", "number": "2", "participants": "市科技局、市工信局",
           "task": "建设工业互联网平台"}),
    ("3", {"deadline": "2024年底", "lead": "市发改委", "number": "3", "participants": "市公安局",
           "task": "强化数据要素支撑"}),
]
PDF_ROWS = [(number, {k: v for k, v in cells.items() if k != "deadline"}) for number, cells in FORMAT_ROWS]
DOCX_ROWS = [FORMAT_ROWS[0][:1] + ({**FORMAT_ROWS[0][1], "participants": "市发改委、 市财政局"},)] + FORMAT_ROWS[1:]


@pytest.mark.parametrize(
    "name, expected",
    [("policy.docx", DOCX_ROWS), ("policy.html", FORMAT_ROWS), ("policy.pdf", PDF_ROWS)],
)
def test_tables_in_read_files(name, expected):
    assert golden(read_file(FIXTURES / name).text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # no department column
        "| 序号 | 重点任务 | 完成时限 |\n| --- | --- | --- |\n| 1 | 建设数据中心 | 2023年 |\n",
        # no task column: an indicator table
        "| 序号 | 指标 | 2020年 | 2025年 | 责任单位 |\n| --- | --- | --- | --- | --- |\n| 1 | 研发投入强度 | 3.78% | 4% | 市科技局 |\n",
        # 序号 in prose, numbered paragraphs below
        "序号\n重点任务\n完成时限\n1\n建设数据中心\n2023年\n",
        # flattened header without a number column
        "重点任务\n牵头单位\n配合单位\n建设数据中心\n市大数据局\n市发改委\n",
        # a leader column is no department column
        "| 序号 | 重点任务 | 牵头领导 |\n| --- | --- | --- |\n| 1 | 建设数据中心 | 张三 |\n",
        "",
    ],
)
def test_counterexamples_give_no_rows(text):
    assert find_table_rows(text) == []


RULES = table_rules()


@pytest.mark.parametrize(
    "role, example",
    [(rule["role"], example) for rule in RULES["header_roles"] for example in rule["examples"]],
)
def test_header_rule_examples(role, example):
    assert header_role(example) == role


@pytest.mark.parametrize(
    "role, example",
    [(rule["role"], example) for rule in RULES["header_roles"] for example in rule["counterexamples"]],
)
def test_header_rule_counterexamples(role, example):
    assert header_role(example) != role


@pytest.mark.parametrize("example", RULES["deadline"]["examples"])
def test_deadline_examples(example):
    assert looks_like_deadline(example)


@pytest.mark.parametrize("example", RULES["deadline"]["counterexamples"])
def test_deadline_counterexamples(example):
    assert not looks_like_deadline(example)


@pytest.mark.parametrize("example", RULES["section_heading"]["examples"])
def test_section_heading_examples(example):
    assert re.match(RULES["section_heading"]["pattern"], example)


@pytest.mark.parametrize("example", RULES["section_heading"]["counterexamples"])
def test_section_heading_counterexamples(example):
    assert not re.match(RULES["section_heading"]["pattern"], example)


@pytest.mark.parametrize("raw,expected", table_rules()["glued_table"]["examples"])
def test_glued_table_rows(raw, expected):
    from extract.structure.assignments import parse_cell
    from extract.structure.tables.glued import glued_table_rows

    rows = glued_table_rows(raw)
    def names(cell):
        a = parse_cell(cell.text, 0, "responsible")
        return [n for n, _ in (*a.lead, *a.participants, *a.responsible)]
    got = [[r.number, names(r.cells["responsible"])] for r in rows]
    assert got == expected
    for r in rows:
        for cell in r.cells.values():
            assert raw[cell.span[0]:cell.span[1]] == cell.text


@pytest.mark.parametrize("raw", table_rules()["glued_table"]["counterexamples"])
def test_glued_table_counterexamples(raw):
    from extract.structure.tables.glued import glued_table_rows

    assert glued_table_rows(raw) == []
