"""Per-unit quota tables, assessment-standard tables and figure cells of glued task tables read through
the whole pipeline: each row a task of its unit carrying the targets its cells state."""

from extract.pipeline import extract_text

QUOTA = ("广安市人民政府办公室关于大力发展花卉苗木产业的实施意见\n一、发展目标\n（一）建设繁育基地。各区市县按照目标任务建设繁育基地。\n"
         "附件1广安市新建花卉苗木繁育基地任务分解表面积：亩区市县（园区）2019年—2021年小计花卉绿化苗木广安区18001080720"
         "前锋区1300760540广安农业发展总公司200200合计1000060004000备注：每个区市县每年新建基地面积不得少于总任务的1/3。")


def _rows(text):
    docs = extract_text(text, "quota.md")
    return [(t.responsible[0].name, [(t2.value, t2.unit, t2.comparator, t2.period) for t2 in t.targets])
            for d in docs for t in d.tasks if t.responsible]


def test_each_row_of_a_quota_table_is_a_task_of_its_unit_with_its_figures():
    rows = _rows(QUOTA)
    period = (2019, 2021)
    assert ("广安区", [(1800, "亩", "=", period), (1080, "亩", "=", period), (720, "亩", "=", period)]) in rows
    assert ("前锋区", [(1300, "亩", "=", period), (760, "亩", "=", period), (540, "亩", "=", period)]) in rows
    # the total equals the one filled cell: one figure; the 合计 row is no task
    assert ("广安农业发展总公司", [(200, "亩", "=", period)]) in rows
    assert not any(name == "合计" for name, _ in rows)


def test_glued_figures_without_a_total_column_give_the_unit_no_figure():
    text = QUOTA.replace("小计花卉绿化苗木", "花卉绿化苗木").replace("18001080720", "1080720").replace("1300760540", "760540")
    rows = dict(_rows(text))
    assert rows["广安区"] == [] and rows["前锋区"] == []


SCORES = ("广安市人民政府办公室关于大力发展花卉苗木产业的实施意见\n一、考核\n附件2广安市花卉苗木产业发展年度考核任务及标准考核内容考核标准考核分值繁育基地花卉苗木繁育基地完成年度目标任务，"
          "基地设施配套完善。30栽植花街各区市县每年新建花街2条，各园区每年新建花街1条。每条花街以草本花卉为主，连续长度500米以上。"
          "5花海各区市县依托苗圃基地，在2020年前新建花海1个。5城镇各区市县城镇每年栽植花卉苗木折合面积不少于400亩。10"
          "备注：1.当年无目标任务的建设项目，不扣分")


def test_an_assessment_row_that_gives_units_work_is_their_task_with_its_counts():
    docs = extract_text(SCORES, "scores.md")
    tasks = [t for d in docs for t in d.tasks if t.responsible]
    got = [([r.name for r in t.responsible], [(x.value, x.unit, x.year) for x in t.targets]) for t in tasks]
    assert got == [(["各区市县", "各园区"], [(2, "条", None), (1, "条", None)]), (["各区市县"], [(1, "个", 2020)])]


PLAN = """广安市2024年重点工作任务分解表
一、任务分解
| 序号 | 工作任务 | 责任单位 | 2023年完成值 | 2024年 | 2025年 |
| --- | --- | --- | --- | --- | --- |
| 1 | 新建5G基站（个） | 市经信局 | 300 | 500 | ≥800 |
| 2 | 推进园区建设 | 市发展改革委 | — | 完成规划编制 | 20家以上 |
"""


def test_the_year_columns_of_a_pipe_task_table_are_targets_of_its_rows():
    docs = extract_text(PLAN, "plan.md")
    got = [(t.title, [(x.value, x.unit, x.comparator, x.year) for x in t.targets]) for d in docs for t in d.tasks]
    # the base column (2023年完成值) and a text cell give none
    assert got == [("新建5G基站（个）", [(500, "个", "=", 2024), (800, "个", ">=", 2025)]),
                   ("推进园区建设", [(20, "家", ">=", 2025)])]


PIPE_QUOTA = """广安市人民政府办公室关于下达2024年高标准农田建设任务的通知
一、任务
各区市县按照下表完成建设任务。
| 区市县 | 2024年任务（万亩） | 其中新建（万亩） |
| --- | --- | --- |
| 广安区 | 3.5 | 2 |
| 前锋区 | 1.2 | 1 |
| 合计 | 4.7 | 3 |
"""


def test_a_pipe_quota_table_gives_each_unit_its_row_figures():
    rows = _rows(PIPE_QUOTA)
    assert [(n, [(v, u, c) for v, u, c, _ in ts]) for n, ts in rows] == [
        ("广安区", [(3.5, "万亩", "="), (2, "万亩", "=")]), ("前锋区", [(1.2, "万亩", "="), (1, "万亩", "=")])]
    docs = extract_text(PIPE_QUOTA, "q.md")
    assert [x.year for d in docs for t in d.tasks for x in t.targets] == [2024] * 4




# A township quota table a crawler flattened into digit runs, with no unit column word the header reader knows
# and no total column: only its 合计 row's column sums tell where each figure ends (rule column_sums).
SUMMED = ("某区管委会办公室关于下达2016年促进就业工作目标责任制任务的通知\n一、各乡镇要按照目标责任制的要求，科学分解目标任务。\n"
          "附件2016年促进就业工作目标责任制任务分解表单位城镇新增就业失业人员再就业新增农村富余劳动力转移就业就业技能培训创业培训"
          "屿头乡707200707大练乡404200404苏澳镇30020105015020潭城镇50030151520030合计91061296546061"
          " 某区管委会办公室 2016年6月22日印发")


def test_glued_runs_of_a_quota_table_are_split_by_its_total_row():
    got = {name: [v for v, unit, cmp, _ in figures if unit is None and cmp == "="] for name, figures in _rows(SUMMED)}
    assert got == {"各乡镇": [],  # the notice's own prose duty
                   "屿头乡": [70, 7, 200, 70, 7], "大练乡": [40, 4, 200, 40, 4],
                   "苏澳镇": [300, 20, 1050, 150, 20], "潭城镇": [500, 30, 1515, 200, 30]}


def test_glued_runs_that_two_splits_sum_alike_are_not_read():
    """1|212 three times and 12|12 three times both sum to the total row: no row is guessed."""
    text = SUMMED.replace("屿头乡707200707大练乡404200404苏澳镇30020105015020潭城镇50030151520030合计91061296546061",
                          "屿头乡1212大练乡1212苏澳镇1212合计3636")
    assert not any(name in ("屿头乡", "大练乡", "苏澳镇") for name, _ in _rows(text))


SECTIONS = ("某县乡镇河长制工作考核细则\n一、考核内容\n<table>\n<tr><td>序号</td><td>考核内容</td><td>分值</td><td>考核标准</td><td>责任单位</td></tr>\n"
            "<tr><td>一、</td><td>全面推行河长制</td><td>10</td><td></td><td></td></tr>\n"
            "<tr><td>1</td><td>开展河库保护宣传活动</td><td>5</td><td>开展宣传活动，得5分。</td><td>县委宣传部</td></tr>\n"
            "<tr><td>2</td><td>配合开展河库保护进校园活动</td><td>5</td><td>开展进校园活动，得5分。</td><td>县教育局</td></tr>\n"
            "<tr><td>二、</td><td>落实湖长制重点任务</td><td>2</td><td></td><td></td></tr>\n"
            "<tr><td>3</td><td>健全湖长制组织体系</td><td>2</td><td>建立湖长体系。</td><td>县河长办</td></tr>\n</table>\n")


def test_a_section_row_after_numbered_rows_takes_no_units_of_the_row_above():
    # ("二、 | 落实湖长制重点任务 | 2 | | ": a section row with its score, real_unseen 石城 河湖长制考核; rule section_units)
    tasks = {t.id: [r.name for r in t.responsible] for d in extract_text(SECTIONS, "sections.md") for t in d.tasks}
    assert tasks["二"] == [] and tasks["2"] == ["县教育局"] and tasks["3"] == ["县河长办"]
