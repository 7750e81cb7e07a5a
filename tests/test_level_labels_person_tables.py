"""Two readings of blind-set layouts (issue 7, real_unseen23/24): a label closing the last sub-item of
an item whose siblings each close with their own label assigns the whole item's sub-items
(extract/structure/task_units.py ``_level_labels``), and a flattened project table whose unit cell
stands between person cells (extract/structure/tables/person_rows.py, rule ``person_table``)."""

from __future__ import annotations

from pathlib import Path

from extract.pipeline import extract_text

GRAIN = Path(__file__).parent / "fixtures" / "real_unseen24" / "pingtan_2016_grain_security_governor_responsibility.md"
SECOND_LABEL = "责任单位：区党群工作部、农村发展局、财政金融局、经济发展局、市场监督管理局，各片区管理局、各乡镇人民政府。"


def _units(task):
    return sorted(d.name for d in task.responsible)


def _by_head(text):
    return {t.text[:6]: t for t in extract_text(text)[0].tasks}


def test_a_label_closing_the_last_sub_item_assigns_every_sub_item_when_siblings_close_with_labels():
    tasks = _by_head(GRAIN.read_text(encoding="utf-8"))
    for head in ("严守耕地红线", "落实和完善粮", "完善储备粮管", "大力推进节粮"):
        assert _units(tasks[head]) == sorted(["区直各相关单位", "各片区管理局", "各乡镇人民政府"])
    assert _units(tasks["强化有关部门"]) == sorted(["区党群工作部", "农村发展局", "财政金融局", "经济发展局",
                                              "市场监督管理局", "各片区管理局", "各乡镇人民政府"])


def test_a_label_of_the_last_sub_item_stays_its_own_when_a_sibling_has_no_label():
    text = GRAIN.read_text(encoding="utf-8")
    assert SECOND_LABEL in text
    tasks = _by_head(text.replace(SECOND_LABEL, ""))
    assert _units(tasks["大力推进节粮"]) == sorted(["区直各相关单位", "各片区管理局", "各乡镇人民政府"])
    assert _units(tasks["严守耕地红线"]) == []


def test_a_project_table_reads_the_unit_between_the_leader_and_the_unit_s_person():
    from extract.structure.tables.person_rows import person_table_rows

    text = ("附件平潭综合实验区2016年补短板项目任务分解表序号项目名称建设内容及规模总投资（亿元）建设年限至2015年底完成投资"
            "2016年工作目标资金来源及拼盘责任 领导分级管理单位项目业主项目前期手续审批情况备注计划投资（亿元）进度单位名称"
            "项目责任人单位名称项目负责人合计(3个）3.13 1.09 1.17 1如意湖排涝防潮闸工程闸室、上下游消力池铺盖。1.59 "
            "2014-20161.10 0.50 完工财政拨款陈东荣农村发展局陈人寿平潭综合实验区堤防建设工程有限公司姜兵国家可研立项"
            "2防洪防潮工程金井湾片区如意湖左岸护岸工程设计湖周防洪堤长3.418km。1.28 2015-20170.50 0.36 完成67%财政拨款"
            "陈东荣农村发展局陈人寿平潭综合实验区堤防建设工程有限公司姜兵国家可研立项缺海洋环评批复"
            "3万北路西侧延伸段城市次干道，全长1084米。1.07 2013-20160.80 0.27 完工企业自筹，省区补助林 杰 岚城片区开发管理局"
            "陈 杰区国投集团于恒兵无 平潭综合实验区管委会办公室 2016年4月15日印发")
    rows = person_table_rows(text)
    assert [(r.number, r.cells["task"].text, r.cells["responsible"].text) for r in rows] == [
        ("1", "如意湖排涝防潮闸工程闸室、上下游消力池铺盖", "农村发展局"),
        ("2", "防洪防潮工程金井湾片区如意湖左岸护岸工程设计湖周防洪堤长", "农村发展局"),
        ("3", "万北路西侧延伸段城市次干道", "岚城片区开发管理局")]
    assert [(t.value, t.unit, t.year) for t in rows[1].targets] == [(67.0, "%", 2016)]
    assert rows[0].targets == [] and rows[2].targets == []


def test_a_count_in_a_group_row_is_no_row_marker_when_the_spaces_between_rows_are_lost():
    from extract.structure.tables.cells import table_rules
    from extract.structure.tables.person_rows import person_table_rows

    raw = table_rules()["person_table"]["examples"][0][0].replace("\u3000", "")
    assert "（1个）1.59 1.10 0.50 1如意湖" in raw
    rows = person_table_rows(raw)
    assert [(r.number, r.cells["task"].text[:6], r.cells["responsible"].text) for r in rows] == [
        ("1", "平潭对台小额", "澳前片区开发管理局"), ("2", "滨湖路城市主", "岚城片区开发管理局"),
        ("3", "南宛路建设工", "区交建局"), ("1", "如意湖排涝防", "农村发展局")]


def test_an_unnumbered_task_table_closes_each_row_with_its_persons_and_deadline():
    """(h10b) real_unseen40 工作要点 annex: no 序号 column, rows closed by 责任人 + 完成时限; a surname-like character
    inside the task cell (签章江…) does not take the leader's place; several glued divisions are each a unit."""
    from extract.pipeline import extract_text

    text = ("附件 2017年主要任务分解表 类别项目内容责任领导责任处室责任人完成时限改 革 创 新完善全程电子化登记改革，"
            "实现网络签章江裕森许可处林本勇12月探索旅游消费纠纷先行赔付机制江裕森消保处张祖明12月"
            "类别项目内容责任领导责任处室责任人完成时限强 化 监 管启用食品药品安全信用评价管理系统，开展分级管理"
            "江裕森曹承代信用信息处药械处食品处瞿武朝施友鹏陈国清6月 来源：平潭")
    tasks = [t for d in extract_text("关于印发2017年工作要点的通知\n" + text, "t.md") for t in d.tasks if t.responsible]
    got = [(t.title, [u.name for u in t.responsible]) for t in tasks]
    assert [(title[:14], units) for title, units in got] == [
        ("完善全程电子化登记改革，实现", ["许可处"]), ("探索旅游消费纠纷先行赔付机制", ["消保处"]),
        ("启用食品药品安全信用评价管理", ["信用信息处", "药械处", "食品处"])], got
    assert got[0][0].endswith("实现网络签章") and "赔付机制" in got[1][0], got
