"""The fallback table readers of issue 7 (tables of every shape): glued tables read by header and
column inference (extract/structure/tables/general.py), bar-separated tables of web page stores
(bar_rows.py), and quota figures split as shares of a base column (quota_sums.split_by_shares).
Excerpts of real published tables (sources in extract/rules/tables.yaml and bench/harvested_tables.py)."""

from __future__ import annotations

from extract.structure.cell_roles import parse_cell
from extract.structure.tables.bar_rows import bar_table_rows
from extract.structure.tables.cells import dept_role
from extract.structure.tables.general import general_table_rows
from extract.structure.tables.pipe import find_table_rows
from extract.structure.tables.quota_sums import split_by_shares

# real_unseen22 pingtan_2016_investment_packages_opinion (平潭综合实验区管委会办公室 2016): the annex table
PACKAGES = ("附件2016年度第一批投资工程包汇总表序号工程包及项目名称2016年计划完成投资(亿元)投资重点内容推进单位牵头部门 合计12.17 "
            "一易地扶贫搬迁工程包3.30实施搬迁群众住房建设。区国有资产投资集团有限公司、交通投资集团有限公司区环境与国土资源局"
            "五信息网络工程包2.30 (一）光纤网络建设0.05流水小城镇安置房一期（C、D区）通信配套工程区土地开发集团有限公司区通信管理办公室"
            "（二）无线网络覆盖1.95重点推进全区公共WIFI覆盖等工程中国电信福建省分公司、中国铁塔股份有限公司福州市分公司区通信管理办公室"
            "六养老服务工程工程包0.50重点推进潭城镇养老院等工程区社会事业局区社会事业局 来源：平潭综合实验区管委会办公室")


def _roles(row) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"lead": [], "participants": [], "responsible": []}
    for key, cell in row.cells.items():
        if dept_role(key):
            a = parse_cell(cell.text, cell.span[0], dept_role(key))
            for role in out:
                out[role].extend(n for n, _ in getattr(a, role))
    return out


def test_glued_table_by_header_inference_reads_units_figures_and_subrows():
    assert general_table_rows(PACKAGES) == []  # 一 then 五: the numbering breaks after one row, no table
    rows = general_table_rows(PACKAGES.replace("五信息网络", "二信息网络").replace("六养老", "三养老"))
    first = rows[0]
    assert first.number == "一" and first.cells["task"].text == "易地扶贫搬迁工程包"
    assert _roles(first) == {"lead": ["区环境与国土资源局"],
                             "participants": ["区国有资产投资集团有限公司", "交通投资集团有限公司"], "responsible": []}
    assert [(t.value, t.unit, t.comparator, t.year) for t in first.targets] == [(3.3, "亿元", "=", 2016)]
    assert PACKAGES[first.targets[0].span[0]:first.targets[0].span[1]] == "3.30"


def test_glued_table_subrows_and_the_same_unit_in_both_columns():
    text = PACKAGES.replace("五信息网络", "二信息网络").replace("六养老", "三养老")
    rows = general_table_rows(text)
    assert [r.number for r in rows] == ["一", "二.1", "二.2", "三"]
    assert _roles(rows[1]) == {"lead": ["区通信管理办公室"], "participants": ["区土地开发集团有限公司"], "responsible": []}
    assert _roles(rows[2])["participants"] == ["中国电信福建省分公司", "中国铁塔股份有限公司福州市分公司"]
    # the same unit printed in the 推进单位 and the 牵头部门 column leads, once
    assert _roles(rows[3]) == {"lead": ["区社会事业局"], "participants": [], "responsible": []}


def test_glued_table_reader_leaves_prose_and_broken_numbering_alone():
    assert general_table_rows("按序号排列，牵头单位要加强督查。1推进项目建设区发改局2加强督查区督查室") == []
    # row 12's number broken by a line break ("1\n2", a window cut from a crawl): row 11 would run on to row
    # 12's unit; the reader ends the table before row 11 rather than guess where it ends
    units = ["区财政局", "区民政局", "区水利局", "区农业局", "区督查室", "区委宣传部", "区林业局", "区交通局", "区住建局",
             "区人社局", "区卫健局"]
    broken = "序号名称具体内容责任部门" + "".join(f"{n}推进第{n}项工作。{u}" for n, u in enumerate(units, 1)) \
        + "1\n2完善制度。政法综治处 来源：某局"
    rows = general_table_rows(broken)
    assert [r.number for r in rows] == [str(n) for n in range(1, 11)]
    assert rows[-1].cells["responsible"].text == "区人社局"


def test_bar_separated_one_cell_per_line_with_persons_column():
    text = ("序号 |\n重点工作 |\n责任领导 |\n责任单位 |\n完成时限 |\n1 |\n全力推进开发区“空间再造”。 |\n马振明 |\n改革办 |\n全年 |\n"
            "2 |\n持续提升园区承载能力。 |\n张云峰 |\n规划建设局 |\n全年 |")
    rows = bar_table_rows(text)
    assert [(r.number, r.cells["task"].text, r.cells["responsible"].text) for r in rows] == [
        ("1", "全力推进开发区“空间再造”。", "改革办"), ("2", "持续提升园区承载能力。", "规划建设局")]
    assert text[rows[1].cells["responsible"].span[0]:rows[1].cells["responsible"].span[1]] == "规划建设局"


def test_bar_separated_rows_with_a_spanned_cell_a_repeated_header_and_a_combined_column():
    text = ("序号 | 主要任务 | 分管领导 | 牵头单位 | 责任主体与协同单位 | 完成时限 |\n"
            "1 | 优化背街后巷交通组织。 | 徐国江 | 城管局 | 市政局、相关街道 | 年底 |\n"
            "序号 | 主要任务 | 分管领导 | 牵头单位 | 责任主体与协同单位 | 完成时限 |\n"
            "2 | 新建建筑垃圾中转站8个。 | 徐国江 | | 崇川经济开发区、相关街道 | 年底 |\n")
    rows = bar_table_rows(text)
    assert [r.number for r in rows] == ["1", "2"]
    assert _roles(rows[0]) == {"lead": ["城管局"], "participants": ["市政局", "相关街道"], "responsible": []}
    # row 2's lead cell is empty: the merged cell above (城管局) leads, the combined column takes part
    assert _roles(rows[1]) == {"lead": ["城管局"], "participants": ["崇川经济开发区", "相关街道"], "responsible": []}


def test_bar_separated_tables_without_a_unit_column_give_no_rows():
    assert bar_table_rows("序号 | 工作事项 | 进度安排 | 完成情况 |\n1 | 启动新安综合体建设。 | 2月上旬前 | 达序推进 |") == []
    assert find_table_rows("索引号: | 001008003001086/2020-42401 | 组配分类 | 部门文件 |\n发布机构 | 山福镇 |") == []


def test_quota_split_as_shares_of_the_base_column():
    # 平潭 2016 conscription quotas (real_unseen22): 总任务数 = 人口数 ÷ 431107 × 120, rounded; the sums miss
    runs = ["622981773515", "549931573113", "476501362711", "39053115229", "37427104219", "34714104198",
            "2786883167", "2651573156", "2531773146", "1870452104", "1727052104", "111513163", "104223162",
            "94723152", "82532152"]
    rule = {"tolerance": 1, "total_extra_digits": 2, "budget": 400000}
    cuts = split_by_shares(runs, "43110712052240103", 6, 5, rule)
    assert [[int(r[a:b]) for a, b in zip(c, c[1:])] for r, c in zip(runs[:2], cuts[:2])] == [
        [62298, 17, 7, 35, 15], [54993, 15, 7, 31, 13]]
    # figures that are no shares of the first column: no split
    assert split_by_shares(["172705", "94723", "3742710"], "6416919", 6, 5, rule) is None


def test_glued_lead_and_partner_columns_before_a_time_limit():
    text = ("附件 重点任务分工表 序号重点任务牵头单位配合单位完成时限1推进数据共享。市发改委市财政局、市科技局2024年底前"
            "2完善平台建设。市大数据局市委网信办长期坚持3开展专项检查。市市场监管局各县（市、区）人民政府持续推进 来源：某市")
    rows = find_table_rows(text)
    assert [(r.number, r.cells["task"].text) for r in rows] == [("1", "推进数据共享。"), ("2", "完善平台建设。"),
                                                                 ("3", "开展专项检查。")]
    assert [_roles(r) for r in rows] == [
        {"lead": ["市发改委"], "participants": ["市财政局", "市科技局"], "responsible": []},
        {"lead": ["市大数据局"], "participants": ["市委网信办"], "responsible": []},
        {"lead": ["市市场监管局"], "participants": ["各县（市、区）人民政府"], "responsible": []}]


def test_spaced_rows_numbered_with_chinese_numerals():
    text = ("序号 主要任务 责任单位 完成时限 一 推进数据共享 市发改委、市财政局 2024年底前 二 完善平台建设 市大数据局 长期坚持 "
            "三 开展专项检查 市市场监管局 持续推进")
    rows = find_table_rows(text)
    assert [(r.number, r.cells["task"].text, r.cells["responsible"].text) for r in rows] == [
        ("一", "推进数据共享", "市发改委、市财政局"), ("二", "完善平台建设", "市大数据局"), ("三", "开展专项检查", "市市场监管局")]


def test_per_year_figure_columns_are_targets_with_their_year_and_unit():
    text = ("序号 重点任务 2024年(个) 2025年(个) 2026年(个) 责任单位 1 新建5G基站 500 800 1000 市经信局 "
            "2 建设充电桩 300 400 500 市发改委、市住建局 来源：某市")
    rows = find_table_rows(text)
    assert [(r.cells["task"].text, r.cells["responsible"].text) for r in rows] == [
        ("新建5G基站", "市经信局"), ("建设充电桩", "市发改委、市住建局")]
    assert [[(t.value, t.unit, t.comparator, t.year) for t in r.targets] for r in rows] == [
        [(500, "个", "=", 2024), (800, "个", "=", 2025), (1000, "个", "=", 2026)],
        [(300, "个", "=", 2024), (400, "个", "=", 2025), (500, "个", "=", 2026)]]
    assert [text[t.span[0]:t.span[1]] for t in rows[0].targets] == ["500", "800", "1000"]
    # a base column (2020年完成值) is read past, no target
    based = general_table_rows("序号 重点任务 2020年完成值 2025年目标值 责任单位 1 新建基站 300 900 市经信局 "
                               "2 建设充电桩 100 400 市发改委 来源：某市")
    assert [[(t.value, t.year) for t in r.targets] for r in based] == [[(900, 2025)], [(400, 2025)]]
