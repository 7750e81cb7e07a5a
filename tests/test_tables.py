"""Golden tests for extract.structure.tables: pipe tables, flattened tables, rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.readers.dispatch import read_file
from extract.structure.tables.pipe import find_table_rows

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




def test_table_tasks_are_built_in_the_structure_stage_with_their_cell_spans():
    from extract.model import Document
    from extract.structure.table_tasks import add_table_tasks

    text = ("三、任务分工\n\n| 序号 | 重点任务 | 具体内容 | 牵头单位 |\n| --- | --- | --- | --- |\n"
            "| 1 | 建设数据中心 | 到2025年建成5个数据中心 | 市大数据局 |\n| 2 | 〃 | 培育10家企业 | 市工信局 |\n")
    doc = Document(id="d", title="t", kind="方案", span=(0, len(text)))
    add_table_tasks(doc, text, 0, len(text))
    assert [(t.key, t.text, [text[s:e] for s, e in t.pieces]) for t in doc.tasks] == [
        ("d:table.1", "建设数据中心\n到2025年建成5个数据中心", ["建设数据中心", "到2025年建成5个数据中心"]),
        ("d:table.2", "建设数据中心\n培育10家企业", ["建设数据中心", "培育10家企业"])]
    # the second row's task cell is the first row's (a ditto cell): the same span
    assert doc.tasks[1].pieces[0] == doc.tasks[0].pieces[0]
    assert [[(r.name, text[r.span[0]:r.span[1]]) for r in t.lead] for t in doc.tasks] == [
        [("市大数据局", "市大数据局")], [("市工信局", "市工信局")]]


def test_a_table_tasks_targets_come_from_its_own_cells():
    from extract.pipeline import extract_text

    text = ("某市方案\n\n三、任务分工\n\n| 序号 | 重点任务 | 具体内容 | 牵头单位 |\n| --- | --- | --- | --- |\n"
            "| 1 | 建设数据中心 | 到2025年建成5个数据中心 | 市大数据局 |\n| 2 | 〃 | 培育10家企业 | 市工信局 |\n")
    tasks = extract_text(text)[0].tasks
    assert [(t.key.split(":")[1], [(x.value, x.unit) for x in t.targets]) for t in tasks] == [
        ("table.1", [(5.0, "个")]), ("table.2", [(10.0, "家")])]


def test_headerless_unit_column_in_html_table():
    """An HTML table whose 考核项目 header spans a unit sub-column: each unit row is a
    task with that unit responsible; a row whose cell names no unit has none."""
    text = ("<table><tr><th>序号</th><th colspan=\"2\">考核项目</th><th>考核内容</th></tr>"
            "<tr><td>1</td><td colspan=\"2\">组织领导</td><td>积极配合开展工作</td></tr>"
            "<tr><td>2</td><td rowspan=\"3\">重点考核部门</td><td>县委农工部</td><td>农村生活垃圾专项治理</td></tr>"
            "<tr><td>3</td><td>县农粮局</td><td>畜禽养殖污染控制</td></tr>"
            "<tr><td>4</td><td>县水文站</td><td>水功能区监测</td></tr></table>")
    rows = find_table_rows(text)
    assert [(r.number, r.cells.get("responsible:inferred").text if "responsible:inferred" in r.cells else None)
            for r in rows] == [("1", None), ("2", "县委农工部"), ("3", "县农粮局"), ("4", "县水文站")]


def test_a_first_is_lead_note_splits_a_table_cell_into_lead_and_partners():
    """A glued table of "N、" measures whose note says the first unit leads ("主要责任单位第一个为
    牵头单位"): the first unit of a cell leads, the others take part; without the note the
    column's role (主要责任单位: lead) holds for all of them."""
    from extract.pipeline import extract_text

    table = ("附件 工作要点分工表 序号主要工作任务具体工作措施完成时限主要责任单位任务来源1推进生态文明建设\n"
             "1、建立生态文明建设领导机制，成立领导小组3月区经发局区环土局\n1、平潭综合实验区2016年工作要点\n"
             "2、全省环境保护工作视频会议2、制定生态环境保护工作实施方案6月区环土局\n")
    note = "注：主要责任单位第一个为牵头单位，其余为主要配合单位。\n"

    def roles(text):
        return [(t.id, [r.name for r in t.lead], [r.name for r in t.participants])
                for d in extract_text(text) for t in d.tasks if t.key.split(":")[1].startswith("table")]

    assert roles("某工作要点\n" + table + note) == [("1", ["区经发局"], ["区环土局"]), ("2", ["区环土局"], [])]
    assert roles("某工作要点\n" + table) == [("1", ["区经发局", "区环土局"], []), ("2", ["区环土局"], [])]


GLUED_TIMED = ("某市人民政府关于加快发展养老服务业的实施意见\n附件：重点任务分工\n附件重点任务分工序号工  作  任  务负 责 单 位时间进度备注"
               "一、主要任务部分1发挥社区服务中心和社区卫生、文化、体育及其他服务设施的养老服务功能市民政局（牵头）、市住房城乡规划建设局、"
               "市老龄办会同市卫生局、市体育局等相关部门和各区市县人民政府、园区管委会2014年4季度出台具体措施2建立医疗机构与养老机构的"
               "协作机制。有条件的二级以上综合医院应开设老年病科。支持社会力量举办护理院市卫生局（牵头）、市民政局、市商务局2014年4季度"
               "出台具体措施二、政策措施部分3加快居家养老服务信息平台建设市经济和信息化委（牵头）、市民政局和各区市县人民政府持续实施"
               "4加强督促检查市发展改革委（牵头）、市民政局、市老龄办逐年落实相关附件：二维码开始扫一扫")


def test_a_glued_task_table_whose_time_column_follows_its_units_is_read_from_the_time_limit():
    """Cells run together with no separator; the task holds sentence ends and 、 lists of its own: the unit list is
    read backwards from each row's time limit (rule glued_table.chain), spaced header words included."""
    from extract.pipeline import extract_text

    docs = extract_text(GLUED_TIMED, "glued.md")
    got = [(t.title[:8], [r.name for r in t.lead], [r.name for r in t.participants], [r.name for r in t.responsible])
           for d in docs for t in d.tasks if t.lead]
    # (the 负责单位 column's role for the units the （牵头） mark leaves; 会同's partner takes part)
    assert got == [("发挥社区服务中心", ["市民政局"], ["市卫生局"], ["市住房城乡规划建设局", "市老龄办", "市体育局", "相关部门",
                                                             "各区市县人民政府", "园区管委会"]),
                   ("建立医疗机构与养", ["市卫生局"], [], ["市民政局", "市商务局"]),
                   ("加快居家养老服务", ["市经济和信息化委"], [], ["市民政局", "各区市县人民政府"]),
                   ("加强督促检查", ["市发展改革委"], [], ["市民政局", "市老龄办"])]


def test_a_glued_row_number_is_no_count_of_the_task_that_swallows_the_table():
    """"2支持社区…" is row 2: the prose measure whose span runs over the annex gets no target "2支"."""
    from extract.pipeline import extract_text

    text = ("某市人民政府关于加快发展养老服务业的实施意见\n一、主要任务\n（一）强化监督管理。各区市县要加强辖区内养老服务机构监督管理。"
            "附件重点任务分工序号工作任务负责单位时间进度1建立县级居家养老服务网络市民政局（牵头）、市老龄办2014年4季度出台具体措施"
            "2支持社区开展老年文化体育娱乐活动市文广新局（牵头）、市体育局持续实施")
    docs = extract_text(text, "glued.md")
    targets = [(t.title[:6], x.value, x.unit) for d in docs for t in d.tasks for x in t.targets]
    assert targets == []
    assert [t.title[:6] for d in docs for t in d.tasks if t.lead] == ["建立县级居家", "支持社区开展"]


def test_a_lead_mark_in_a_cell_leaves_the_others_the_column_role():
    """GOLD_GUIDE "roles", table columns (decision of session 25): "X（牵头）、Y、Z" in a 责任单位 column gives
    lead X and responsible Y, Z; in a 牵头 column the others take part; the mark's reading of a bracket is unchanged."""
    from extract.structure.cell_roles import parse_cell

    def roles(a):
        return ([n for n, _ in a.lead], [n for n, _ in a.participants], [n for n, _ in a.responsible])

    cell = "市住房城乡规划建设局（牵头）、市民政局、市老龄办和各区市县人民政府"
    assert roles(parse_cell(cell, 0, "responsible")) == (
        ["市住房城乡规划建设局"], [], ["市民政局", "市老龄办", "各区市县人民政府"])
    assert roles(parse_cell(cell, 0, "lead")) == (
        ["市住房城乡规划建设局"], ["市民政局", "市老龄办", "各区市县人民政府"], [])
    assert roles(parse_cell("市发展改革委（牵头）、市科技局", 0, "participants")) == (["市发展改革委"], ["市科技局"], [])
    assert roles(parse_cell("市商务局牵头，市财政局配合", 0, "responsible")) == (["市商务局"], ["市财政局"], [])
