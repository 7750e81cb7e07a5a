"""Tests for extract.entities.targets / extract.entities.numbers and the rules in targets.yaml."""

from __future__ import annotations

import json
from collections import Counter
import re
from dataclasses import astuple
from pathlib import Path

import pytest

from extract.entities.numbers import five_year_plan_period, parse_number
from extract.entities.targets import extract_targets

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
GOLD = json.loads((ROOT / "tests" / "fixtures" / "targets_annex1.json").read_text("utf-8"))
FIELDS = ("indicator", "value", "unit", "comparator", "year", "period", "text")


def annex1_tasks() -> dict[str, str]:
    """Task number -> cleaned text of annex 1 of the sample (test-local split)."""
    raw = SAMPLE.read_text("utf-8")
    annex = raw[raw.index("## 附件 1"): raw.index("## 附件 2")]
    lines = [ln for ln in annex.splitlines() if not ln.startswith("#")]
    joined = "".join(lines)
    parts = re.split(r"\*\*(\d{1,3})\.\s*", joined)
    tasks = {}
    for number, body in zip(parts[1::2], parts[2::2]):
        body = body.replace("**", "")
        body = re.sub(r"\s+(?=[\d%])|(?<=[\d%])\s+", "", body)
        body = re.sub(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+", "", body)
        tasks[number] = body.strip()
    return tasks


TASKS = annex1_tasks()


def as_record(t) -> dict:
    """The fixture's view of a Target."""
    return {
        "indicator": t.indicator,
        "value": t.value,
        "unit": t.unit,
        "comparator": t.comparator,
        "year": t.year,
        "period": list(t.period) if t.period else None,
        "text": t.text,
    }


def test_annex1_split_finds_100_tasks():
    assert list(TASKS) == [str(i) for i in range(1, 101)]


def _task_params():
    xfail_tasks = {entry[0]: entry for entry in GOLD["_xfail"]}
    for number in TASKS:
        marks = []
        if number in xfail_tasks:
            marks = [pytest.mark.xfail(strict=True, reason=f"known miss {xfail_tasks[number]}")]
        yield pytest.param(number, id=f"task{number}", marks=marks)


@pytest.mark.parametrize("number", _task_params())
def test_annex1_gold(number):
    got = [as_record(t) for t in extract_targets(TASKS[number])]
    assert got == GOLD["tasks"].get(number, [])


def _key_tuples(records_by_task) -> Counter:
    return Counter((n, r["value"], r["unit"], r["comparator"], r["year"])
                   for n, recs in records_by_task.items() for r in recs)


def test_annex1_precision_recall():
    got = {n: [as_record(t) for t in extract_targets(text)] for n, text in TASKS.items()}
    gold, pred = _key_tuples(GOLD["tasks"]), _key_tuples(got)
    tp = sum((gold & pred).values())
    precision, recall = tp / sum(pred.values()), tp / sum(gold.values())
    print(f"annex1 targets: gold={sum(gold.values())} predicted={sum(pred.values())} "
          f"precision={precision:.3f} recall={recall:.3f}")
    assert (precision, recall) == (1.0, 1.0)


def test_spans_point_into_text_with_offset():
    text = TASKS["9"]
    for t in extract_targets(text, offset=1000):
        assert text[t.span[0] - 1000: t.span[1] - 1000] == t.text


HAND_CASES = [
    ("到2025年，全国单位GDP能耗比2020年降低13.5%",
     [("全国单位GDP能耗比2020年降低", 13.5, "%", "=", 2025, None)]),
    ("城镇调查失业率控制在5.5%以内",
     [("城镇调查失业率", 5.5, "%", "<=", None, None)]),
    ("新增城镇就业1100万人以上",
     [("新增城镇就业", 1100, "万人", ">=", None, None)]),
    ("森林覆盖率提高到24.1%",
     [("森林覆盖率", 24.1, "%", ">=", None, None)]),
    ("粮食综合生产能力保持在1.3万亿斤以上",
     [("粮食综合生产能力", 1.3, "万亿斤", ">=", None, None)]),
    ("数字经济核心产业增加值占GDP比重达到10%",
     [("数字经济核心产业增加值占GDP比重", 10, "%", ">=", None, None)]),
    ("常住人口城镇化率提高到65%",
     [("常住人口城镇化率", 65, "%", ">=", None, None)]),
    ("“十四五”时期，地区生产总值年均增长6%左右。",
     [("地区生产总值年均增长", 6, "%", "≈", None, (2021, 2025))]),
    ("“十五五”期间，新建城市公园50个。",
     [("新建城市公园", 50, "个", "=", None, (2026, 2030))]),
    ("2023—2024年，建成100个智慧社区。",
     [("建成智慧社区", 100, "个", "=", None, (2023, 2024))]),
    ("到2022年底，完成50家企业智能化改造。",
     [("完成企业智能化改造", 50, "家", "=", 2022, None)]),
    ("2022年全面开工建设10个重大项目。",
     [("全面开工建设重大项目", 10, "个", "=", 2022, None)]),
    ("到2025年，建成10个产业园区。新增50家上市企业。",
     [("建成产业园区", 10, "个", "=", 2025, None), ("新增上市企业", 50, "家", "=", None, None)]),
    ("城镇新增就业超过一千一百万人",
     [("城镇新增就业", 1100, "万人", ">=", None, None)]),
    ("城乡居民收入比缩小到2.2∶1以内",
     [("城乡居民收入比", 2.2, None, "<=", None, None)]),
    ("力争到2030年，全省地区生产总值突破15万亿元",
     [("全省地区生产总值", 15, "万亿元", ">=", 2030, None)]),
    ("“十四五”末，全市高新技术产业产值占规上工业总产值比重达55%",
     [("全市高新技术产业产值占规上工业总产值比重", 55, "%", ">=", 2025, None)]),
    ("到2025年，累计建成5G基站3万个，5G用户普及率超过60%。",
     [("累计建成5G基站", 3, "万个", "=", 2025, None),
      ("5G用户普及率", 60, "%", ">=", 2025, None)]),
    ("每千人口拥有3岁以下婴幼儿托位数达到4.5个",
     [("每千人口拥有3岁以下婴幼儿托位数", 4.5, "个", ">=", None, None)]),
    ("“十四五”期间，地区生产总值年均增长6%—7%。",
     [("地区生产总值年均增长", 6, "%", ">=", None, (2021, 2025))]),
    ("新开工10亿元以上项目50个",
     [("新开工10亿元以上项目", 50, "个", "=", None, None)]),
    ("到2025年，人均预期寿命达到79岁左右，每千人口执业（助理）医师数达到3.5人。",
     [("人均预期寿命", 79, "岁", "≈", 2025, None),
      ("每千人口执业（助理）医师数", 3.5, "人", ">=", 2025, None)]),
    ("到2025年，打造3个千亿级产业集群。",
     [("打造千亿级产业集群", 3, "个", "=", 2025, None)]),
    ("力争到2025年，全市数字经济规模突破2万亿元，占GDP比重超过60%。",
     [("全市数字经济规模", 2, "万亿元", ">=", 2025, None),
      ("全市数字经济规模占GDP比重", 60, "%", ">=", 2025, None)]),
    ("到2025年，一般公共预算收入年均增长5%—6%。",
     [("一般公共预算收入年均增长", 5, "%", ">=", 2025, None)]),
    ("万元GDP用水量下降到12立方米，农业灌溉水有效利用系数达0.62。",
     [("万元GDP用水量", 12, "立方米", "<=", None, None),
      ("农业灌溉水有效利用系数", 0.62, None, ">=", None, None)]),
    # a quantity opening the next clause continues the list of the target before it
    ("5年内重点支持300名领军人才赴境外培训，1000名核心人才参加国内研修。",
     [("5年内重点支持领军人才赴境外培训", 300, "名", "=", None, None),
      ("5年内重点支持核心人才参加国内研修", 1000, "名", "=", None, None)]),
    # a trailing qualifier covers the bare items before it
    ("到2025年，锂电材料、光纤行业非电能源占比分别在7%、2%以下。",
     [("锂电材料、光纤行业非电能源占比", 7, "%", "<=", 2025, None),
      ("锂电材料、光纤行业非电能源占比", 2, "%", "<=", 2025, None)]),
    ("每年分别推送企业200家、100家和50家以上。",
     [("每年分别推送企业", 200, "家", ">=", None, None), ("每年分别推送企业", 100, "家", ">=", None, None),
      ("每年分别推送企业", 50, "家", ">=", None, None)]),
    # a comparator before "…的" governs the share; a deadline after the number dates it
    ("调整面不低于整个医疗服务项目的50%。",
     [("调整面不低于整个医疗服务项目的", 50, "%", ">=", None, None)]),
    ("确保国道G230安运桥等12个项目2022年6月底前全部开工。",
     [("国道G230安运桥等项目2022年6月底前全部开工", 12, "个", ">=", 2022, None)]),
    ("恢复重建粪污处理站144座。", [("恢复重建粪污处理站", 144, "座", "=", None, None)]),
    # a number right after an ASCII comma (not a thousands separator); a commitment after the count
    ("加快病险水库除险加固建设进度,4座小型水库抓紧扫尾工作,确保汛前全部完工。",
     [("小型水库抓紧扫尾工作", 4, "座", ">=", None, None)]),
    # ； ends a clause: a cue before it does not reach the next one (the time phrase opening the sentence does)
    ("到2025年，县城至少建成1个社区养老服务综合体；广安区各建2家托育机构。",
     [("县城至少建成社区养老服务综合体", 1, "个", ">=", 2025, None), ("广安区各建托育机构", 2, "家", "=", 2025, None)]),
    ("全市新增2400户（累计约3600户）大中型餐饮单位纳入智慧监管平台",
     [("全市新增", 2400, "户", "=", None, None), ("（累计）大中型餐饮单位纳入智慧监管平台", 3600, "户", "≈", None, None)]),
    # a size class (以上 + noun) qualifies the count that runs into it
    ("全省筛选20个集中连片新建100亩以上设施园区", [("全省筛选集中连片新建", 20, "个", "=", None, None)]),
    # a number before "…的" + the next number counts on its own
    ("选派10名业务骨干到有需求的10家重点企业担任企业助理",
     [("选派业务骨干到有需求", 10, "名", "=", None, None), ("选派重点企业担任企业助理", 10, "家", "=", None, None)]),
]

COUNTER_CASES = [
    "推进PM2.5和臭氧“双控双减”",
    "实现5G网络深度全覆盖",
    "发挥激励干事担当“1+5”制度体系效应",
    "贯彻落实第四轮生态补偿政策",
    "不断优化城乡一体“10分钟体育健身圈”",
    "按50年一遇标准建设防洪工程",
    "2022年1月13日，苏州召开产业创新集群发展大会。",
    "全市规上工业总产值同比增长12.5%",
    "实施“12530”行动计划",
    "编制“十四五”规划纲要",
    "坚持“两个维护”，增强“四个意识”",
    "持续推进危险化学品、道路交通、331消防安全等专项治理",
    "进一步发挥网络人士7个专项协调小组的作用",
    "到2022年率先基本实现农业农村现代化。",
    "单位地区生产总值二氧化碳排放持续下降",
    "加强应急预警、应急指挥、应急救援三大体系建设",
    "水质达到国家二级标准",
    "培育超百亿级企业",
    "三至六年级书面家庭作业完成时间不得超过60分钟",
    "景观工程南北总长约4公里",
    "确保中小学生在校时每天1小时以上体育活动时间",
    "待检车辆超过100米时立即启用复式检查模式",
    "前田融资租赁服务项目拟投资5亿元",
    "职工普通门诊在医保政策范围内报销比例为60%左右",
    "持续做好投资总额2000万美元以上重点外资企业包联帮扶",
]


@pytest.mark.parametrize("text,expected", HAND_CASES, ids=[c[0][:12] for c in HAND_CASES])
def test_hand_cases(text, expected):
    got = [(t.indicator, t.value, t.unit, t.comparator, t.year, t.period)
           for t in extract_targets(text)]
    assert got == expected


@pytest.mark.parametrize("text", COUNTER_CASES)
def test_counter_cases(text):
    assert extract_targets(text) == []


@pytest.mark.parametrize("written,value", [
    ("7000", 7000.0), ("1,200", 1200.0), ("13.5", 13.5), ("1.3万亿", 1.3e12),
    ("7000亿", 7e11), ("万", 1e4), ("万亿", 1e12), ("十四", 14.0), ("十", 10.0),
    ("两千", 2000.0), ("一千一百万", 1.1e7), ("一千零五", 1005.0),
    ("三万亿", 3e12), ("一亿二千万", 1.2e8), ("二〇二五", 2025.0), ("二十五", 25.0),
    ("", None), ("abc", None), ("第四", None), ("1.2.3", None),
])
def test_parse_number(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize("ordinal,period", [(14, (2021, 2025)), (15, (2026, 2030)),
                                            (13, (2016, 2020)), (2, None)])
def test_five_year_plan_period(ordinal, period):
    assert five_year_plan_period(ordinal) == period


def test_target_fields_are_model_fields():
    t = extract_targets("到2025年，城乡居民人均可支配收入差距缩小至1.85:1。")[0]
    assert (t.ratio, t.value_text) == ("1.85:1", "1.85:1")
    assert len(astuple(t)) == 10


def test_within_years_counts_from_the_document_year():
    assert [t.year for t in extract_targets("5年内重点引进30名金融高级管理人才", default_year=2012)] == [2016]
    assert [t.year for t in extract_targets("未来5年，入库企业保持200家左右", default_year=2023)] == [2027]


def test_a_horizon_that_opens_its_sentence_dates_the_later_sentences_of_the_passage():
    item = "“百会进千企”金桥项目。5年内组织和发动100家科技类社会组织。重点建设30家学会科技服务站，培训2000名企业一线人才。"
    assert [t.year for t in extract_targets(item, default_year=2012)] == [2016, 2016, 2016]
    inside = "培育一批名家大师，5年内遴选评定名家达到50名。选拔培养10名在全国有影响的青年拔尖人才。"
    assert [t.year for t in extract_targets(inside, default_year=2012)] == [2016, None]
    assert [t.year for t in extract_targets(item)] == [None, None, None]


def test_sentences_without_digits_still_give_chinese_numeral_counts():
    # (a quota with 至少: a bare rhythm "每季度开展一次…" is no target, GOLD_GUIDE R5)
    got = extract_targets("各单位要高度重视。每季度至少开展一次专项检查。到2025年，新增企业100家。")
    assert [(t.value, t.unit, t.year) for t in got] == [(1, "次", None), (100, "家", 2025)]


def test_a_clause_longer_than_the_look_back_keeps_its_opening_verb():
    roads = "、".join(f"第{n}号道路（东段至西段）" for n in range(1, 16))
    got = extract_targets(f"排水管网实施项目：完成{roads}15条市政道路的污水管网项目。")
    assert [(t.value, t.unit, t.comparator) for t in got] == [(15, "条", "=")]
    assert extract_targets(f"排水管网实施项目：{roads}15条市政道路的污水管网项目。") == []


def test_a_time_phrase_opening_a_clause_dates_the_later_semicolon_clauses_of_its_sentence():
    text = ("到2025年，全市所有街道办事处至少建成1个社区养老服务综合体；广安区、武胜县各建2家优质服务星级托育机构，"
            "前锋区、华蓥市各建1家优质服务星级托育机构。新建站点10个。")
    assert [(t.value, t.year) for t in extract_targets(text)] == [(1, 2025), (2, 2025), (1, 2025), (10, None)]
    inside = "推进改造，到2025年建成1个综合体；各建2家托育机构。"  # the year does not open its clause
    assert [(t.value, t.year) for t in extract_targets(inside)] == [(1, 2025), (2, None)]
    period = "2023—2024年，建成100个智慧社区；新增托位500个。"
    assert [(t.value, t.period) for t in extract_targets(period)] == [(100, (2023, 2024)), (500, (2023, 2024))]


def test_counts_of_existing_sets_are_no_targets_but_their_results_are():
    text = ("2022年有序推进37个整县屋顶分布式光伏试点建设。推动24个国家级外贸基地、81个省级外贸基地加快发展。"
            "精准服务107个县域特色产业集群和15个农业特色优势产业集群。到2025年，推动5000家规模以上工业企业数字化转型。")
    # "推动24个…、81个…加快发展": the phrase of progress closes the list, so both counts are sizes of existing sets
    # (the real gold of hebei_2022_stabilize_economy_package lists neither)
    assert [(t.value, t.year) for t in extract_targets(text)] == [(5000, 2025)]


def test_conditions_before_a_grant_and_rates_changed_by_it_are_no_targets():
    grant = "连锁运营10家以上、营业收入达到300万元以上的，一次性奖励20万元。每年优选20个取得突出进展的园区，每个补助500万元。"
    assert [(t.value, t.unit) for t in extract_targets(grant)] == [(20, "个")]
    rates = "给予失业保险稳岗返还，大型企业返还比例由30%提高至50%，中小微企业由60%提高至90%。到2025年，森林覆盖率由20%提高到25%。"
    assert [(t.value, t.year) for t in extract_targets(rates)] == [(25, 2025)]


def test_a_bare_year_range_in_a_project_row_is_its_period():
    row = "1君山养老服务中心项目（一期）新建2022-2023平潭综合实验区总建筑面积13000平方米，建设床位300张。"
    assert [(t.value, t.unit, t.period) for t in extract_targets(row)] == [(300, "张", (2022, 2023))]
    assert [(t.value, t.period) for t in extract_targets("培养2000-2500名技能人才")] == [(2000, None)]


def test_a_count_in_chinese_numerals_after_each_and_a_verb_of_making_is_a_quota():
    # "各打造一个": a quota of each unit addressed (rule cn_numeral_extra_prefixes); "打造一个良好环境" is an article
    text = "2021年前，各区市县要在城区新建或提升花卉苗木市场，各打造一个规模适度的县级花卉苗木交易市场。"
    assert [(t.value, t.unit, t.comparator, t.year) for t in extract_targets(text)] == [(1, "个", "=", 2021)]
    assert extract_targets("要打造一个良好的营商环境。") == []


def test_the_sizes_of_each_item_a_standard_describes_are_no_targets():
    # rule non_targets per_item_spec: "每条花街…连续长度500米以上" specifies each street; the streets to build count
    text = "各区市县每年新建花街2条，各园区每年新建花街1条。每条花街以草本花卉为主，因地制宜栽植花卉，连续长度500米以上。"
    assert [(t.value, t.unit) for t in extract_targets(text)] == [(2, "条"), (1, "条")]
    quota = "每个区市县各新建6条花街，总面积2000平方米以上。"
    assert [(t.value, t.unit) for t in extract_targets(quota)] == [(6, "条"), (2000, "平方米")]
