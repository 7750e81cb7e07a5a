"""Development check: real published task tables harvested from public web pages (the search tool's
stored pages; each excerpt's address is recorded with it), read by ``find_table_rows``.

    python bench/harvested_tables.py

Each case: the text as stored (small excerpts), then the units each row names, read by hand (every
unit of the row's department cells, any role; persons of a 责任领导/分管领导 column are no units), or
``[]`` for a counterexample (no row may be read).  Prints per case whether the rows read give exactly
those units, and the count read correctly.  Not a test: the honest transfer estimate of issue 7
(the table readers were written before these were seen).
"""

from __future__ import annotations

import sys
from pathlib import Path



CASES = [
    # https://www.ahhuoshan.gov.cn/public/6598161/37968314.html (霍山 开发区 2025 重点工作及责任清单):
    # one cell per line, each ending " |"; 责任领导 holds persons
    ("ahhuoshan_2025_dev_zone_duties",
     "2025年开发区重点工作及责任清单\n序号 |\n重点工作 |\n责任领导 |\n责任单位 |\n完成时限 |\n1 |\n"
     "坚持服务跟着项目走,优化“重点项目直通车”“无忧办”工作机 制,落实重点项目“领导+专班””“项目管家”等制度,全力服务重 大项目落地见效。 |\n"
     "叶林 |\n招商工作部、安商工作部 |\n全年 |\n2 |\n"
     "全力推进开发区“空间再造”,推动工业用地“腾笼换鸟”,力争 全年盘活僵尸企业10家,盘活存量土地400亩。 |\n"
     "马振明 |\n改革办 |\n全年 |\n3 |\n"
     "持续提升园区承载能力,加快推进开发区污水处理厂及污水管 网提升项目,全面做好纬六路以北、中沟以北地块水电气路网 等基础设施配套。 |\n"
     "张云峰 |\n规划建设局 |\n全年 |",
     [["招商工作部", "安商工作部"], ["改革办"], ["规划建设局"]]),
    # http://chongchuan.gov.cn/xccqrmzf/msssxm/content/3050375a-7066-4841-b547-49222f1a34fa.html (崇川区 2023
    # 民生实事推进情况): one cell per line ending " |", header cells broken by a space ("牵头 单位"), the
    # 全年目标任务 cell left empty in these rows (not printed), empty cells "||"
    ("chongchuan_2023_livelihood_progress",
     "2023年区政府重点民生实事项目推进情况(1-11月)\n序号 |\n主要任务 |\n全年目标任务 |\n分管 领导 |\n牵头 单位 |\n"
     "责任主体与协同单位 |\n1-10月推进情况 |\n1-11月推进情况 |\n是否达序 |\n说明 |\n24 |\n优化提升50条背街后巷交通组织。 |\n"
     "徐国江 |\n城管局 |\n市政局、相关街道 |\n已进场施工,完成30%。 |\n已进场施工,完成60%。 |\n是 |\n||\n25 |\n"
     "新增四分类“三定一督”达标小区210个。 |\n徐国江 |\n城管局 |\n市政局、环卫处、崇川经济开发区、各街道 |\n"
     "已进场施工,正在推进点位选址、场地硬化,第一批451个厢房(亭房)正在加紧制作。 |\n在46个小区,建成38个厢房,70个分类亭。 |\n否 |\n"
     "前期配合区相关部门对该项目招标质疑、投诉处置,项目于9月28才签订合同,滞后了2个月,后期将加快推进。 |\n|\n26 |\n"
     "新建建筑垃圾中转站8个、建筑垃圾分类池20个。 |\n徐国江 |\n城管局 |\n崇川经济开发区、相关街道 |\n"
     "已建成建筑垃圾中转站3个、分类池10个;其余点位已启动建设流程。 |\n已建成建筑垃圾中转站7个、分类池17个。 |\n是 |",
     [["城管局", "市政局", "相关街道"], ["城管局", "市政局", "环卫处", "崇川经济开发区", "各街道"],
      ["城管局", "崇川经济开发区", "相关街道"]]),
    # https://m.hqtbz.com/wsjkw/zwgk_bmwj/content/post_3974223.html (广东省卫生健康委 2021 政务公开重点任务台账):
    # one row per line, cells " | ", no leading bar, a 工作任务 cell spanning rows printed once
    ("guangdong_wjw_2021_open_gov_ledger",
     "2021 年政务公开工作重点任务台账 |\n序号 | 工作任务 | 细化分工 | 责任处室 | 完成时限 | 备注 |\n"
     "1 | 做好常态化疫情防控信息发布 | 重点围绕散发疫情、隔离管控、流调溯源、精准防控等发布权威信息 | 应急处、监督处、医政医管处、疾控处、基层处等按职责分工落实 | 长期推进 |\n|\n"
     "2 | 扎实做好疫苗接种信息公开和舆论引导工作 | 疾控处 | 长期推进 |\n|\n"
     "3 | 提高新冠肺炎疫情信息发布规范化水平,强化政府内部信息整合 | 宣传处会办公室 | 2021年8月前 |\n|\n"
     "4 | 做好爱国卫生运动、健康中国行动、健康广东行动的信息发布工作 | 规划信息处(爱卫办) | 长期推进 |\n|\n"
     "5 | 常规政务公开事项 | 强化行政执法信息公开,加强反垄断与反不正当竞争执法信息公开 | 政法处 | 长期推进 |\n|\n"
     "6 | 积极推进部门所属单位预算、决算及相关报表公开 | 财务处 | 2021年2月公布预算信息,2021年8月公布上年度决算信息 |\n|\n"
     "7 | 逐步清理、摸清底数,有步骤推进本部门规范性文件统一公开工作 | 政法处 | 长期推进 |\n|\n"
     "8 | 修订完善本部门主动公开目录,指导下级卫生健康行政部门有序推进基层政务公开标准化规范化建设 | 办公室 | 长期推进 |",
     [["应急处", "监督处", "医政医管处", "疾控处", "基层处"], ["疾控处"], ["宣传处", "办公室"],
      ["规划信息处(爱卫办)"], ["政法处"], ["财务处"], ["政法处"], ["办公室"]]),
    # https://www.ja.gov.cn/public/6597931/25851778.html (六安市金安区 发改委 2024年11月重点工作落实情况):
    # header cells wrapped ("工作 责任组", "责任 单位") and split over lines, a task row whose 工作责任组 /
    # 责任领导 / 责任单位 cells span its sub-rows printed once (the sub-rows end in empty merged cells "||||");
    # 责任领导 holds persons
    ("liuan_jinan_fgw_2024_11_monthly_duties",
     "区发改委2024年11月重点工作落实情况\n序号 | 工作 责任组 |\n责任 领导 |\n责任 单位 |\n月度目标要求 | 工作进展(每周报送更新) |\n"
     "3 | 项目推进 | 洪飞 | 区发改委 | 1.加快固定资产投资调度;推进3个项目开工:安标年产2.6万吨装配式建筑零配件智能制造项目(10月结转,待市土委会召开后方可入场)、2024年金安区高标准农田建设项目、六安市南山新区排水管网改造工程项目。 | 2024年1-10月我区固定资产投资累计完成168.25亿元,当月完成19.59亿元,增幅10.1%;3个计划开工项目已全部开工。 |\n"
     "2.修改完善2025年政府投资计划。 | 2025年政府投资计划已经区政府主要领导审查:正在针对审查要求更新修订中;各单位正在核对项目资金来源,完善投资计划。 | ||||\n"
     "3.全力谋划争取项目,提升中央资金预算项目、专项债券项目份额。 | ①聘请三方机构针对项目谋划实地调研结果进行梳理汇总,已形成初步意见,正在会商业内专家修改完善。②密切关注2025年中央预算内与专项债券申报信息,提前开展全区范围的建设需求摸排,同时安排三方机构编制“两案书”(《专项债券项目实施方案》、《项目财务评价报告书》和《项目法律意见书》)。 | ||||\n"
     "4.保障合武高铁项目施工,推进剩余1户房屋拆迁。 | 全线121户,已拆120户。剩余1户,城北镇专班本周已对接业主2次,业主仍坚持要宅基地重建住宅或按照5600元/平方米的标准货币补偿,计划下周联合村干部及业主亲戚与其沟通;依据反馈意见已补正验工计价资料,完善资金申报手续。 |\n"
     "文件下载\n",
     [["区发改委"], ["区发改委"], ["区发改委"], ["区发改委"]]),
    # https://1wenmi.com/doc/507125.html (钟楼区 2021年重大民生实事项目目标任务责任分解表, a .docx shared as
    # text): every cell run together, no separator at all; the site's page marks ("1、", "\n2、") cut into
    # cells; 分管领导 holds persons; a 项目 spanning two sub-rows, each with its own units.  Excerpt cut after
    # row 4's units (its later sub-rows print no unit).
    ("zhonglou_2021_livelihood_glued",
     "1、2021年重大民生实事项目目标任务责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位1增加教育资源供给实施新建、改扩建学校重点建设项目12个,计划竣工3个,其中幼儿园7个、小学4个、初中1个;增加学位5000个,其中幼儿园420个,中小学4580个。何海平教育局经开区高新园(邹区镇)各街道市国有公司2促进就业稳定增长落实就业优先战略。全区城镇新增就业15000人,失业人员再就业5800人,新增参保大学生5400人,城乡“零就业家庭”动态清零,城镇登记失业率控制在3%以内;支持成功自主创业2000人,支持大学生创业240人;开展职业技能补贴培训10000人次。何海平人社局高新园(邹区镇\n"
     "2、)各街道3老城厢复兴发展完成瞿秋白纪念馆整体提升工程对外开放,完成常州盛宣怀故居(本体)修缮展陈。何海平文体旅局晋陵公司轨道公司推进大庙弄核心区改造、瞿秋白纪念馆周边立面整治及三堡街、西横街、民元里、邮电路、北大街等老城厢道路整治。芮春祥住建局五星街道南大街街道荷花池街道4优化养老服务为全区23000名老年人提供居家上门服务。张菁民政局高新园(邹区镇)各街道",
     [["教育局", "经开区", "高新园(邹区镇)", "各街道", "市国有公司"], ["人社局", "高新园(邹区镇)", "各街道"],
      ["文体旅局", "晋陵公司", "轨道公司"], ["住建局", "五星街道", "南大街街道", "荷花池街道"],
      ["民政局", "高新园(邹区镇)", "各街道"]]),
    # counterexample — a progress ledger with no unit column (开化县 2023 重点工作清单, stored page with no address)
    ("kaihua_2023_progress_no_units",
     "序号 | 工作事项 | 进度安排 | 进展情况 | 完成情况 |\n1 | 启动新安综合体建设。 | ①2月上旬前,完成设计招标。②3月底前,完成图纸深化设计。 | ①已完成。2月10日,完成设计招标。 | 达序推进 |\n"
     "2 | 以更加开放的姿态,支持银行、证券、保险业发展,壮大金融服务业。 | ①3月底前,召开金融联席会议。 | ①已完成。 | 达序推进 |",
     []),
    # counterexample — labelled items, not a table (http://www.lishan.gov.cn/html/ASLSQ/202303/0168765895614794.html)
    ("lishan_2023_labelled_items_not_table",
     "一、经济社会发展的主要预期目标\n\n1.努力实现地区生产总值增长6.2%左右。\n\n牵头单位:区发改局\n\n责任单位:立山经济开发区,全区经济运行各专班\n\n"
     "2.规模上工业增加值增长5%左右。\n\n牵头单位:区工信局\n\n责任单位:立山经济开发区\n",
     []),
]


def _units(rows) -> list[list[str]]:
    from extract.structure.cell_roles import parse_cell
    from extract.structure.tables.cells import dept_role

    out = []
    for r in rows:
        names: list[str] = []
        for key, cell in r.cells.items():
            role = dept_role(key)
            if role and cell.text.strip():
                a = parse_cell(cell.text, cell.span[0], role)
                for field in ("lead", "participants", "responsible"):
                    names.extend(n for n, _ in getattr(a, field) if n not in names)
        if names:
            out.append(names)
    return out


def main() -> int:
    from extract.structure.tables.pipe import find_table_rows

    right = 0
    for name, text, expected in CASES:
        got = _units(find_table_rows(text))
        ok = [sorted(x) for x in got] == [sorted(x) for x in expected]
        right += ok
        print(f"{'OK ' if ok else 'MISS'} {name}: {len(got)} rows read, {len(expected)} expected")
        if not ok:
            print("     got     ", got)
            print("     expected", expected)
    print(f"{right}/{len(CASES)} harvested tables read correctly")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
