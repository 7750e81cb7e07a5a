"""One reading of the department-first family (issue 7 family 6): every wording of an item whose head is a unit
reads the same under any heading — a duty heading (职责分工), a heading that names no duties (保障措施) and an
emergency plan's member-unit duties (成员单位职责).

The unit names are new to the rules' examples (县文旅局, 区发改局 …); the roles come from the item's verbs
(牵头 → lead, 配合/协助/参与 first → participants, else responsible); a unit heading scopes all its sub-items until
the next sibling heading; an unnumbered line "X职责：" scopes the numbered sub-items after it until the next such line.
"""

from __future__ import annotations

import pytest

from extract.structure.normalize import clean
from extract.structure.tasks import build_tasks

_HEADS = {
    "duty": "某工作方案\n一、工作目标\n提升服务水平。\n二、职责分工\n",
    "plain": "某工作方案\n一、工作目标\n提升服务水平。\n二、保障措施\n",
    "member": "某应急预案\n一、总则\n为做好工作，制定本预案。\n二、成员单位职责\n",
}

_THREE = {"1": {"lead": ["县文旅局"]}, "2": {"participants": ["县市场监管局"]}, "3": {"responsible": ["县卫健委"]}}
_HEADED = {"1.1": {"lead": ["县文旅局"]}, "1.2": {"responsible": ["县文旅局"]},
           "2.1": {"responsible": ["县市场监管局"]}, "2.2": {"participants": ["县市场监管局"]}}

WORDINGS = {
    # "（一）X。牵头…", "（一）X：…", "1.X牵头…", "（一）X职责。…", "（一）X职责：…", "（一）X，配合…"
    "dot": ("（一）县文旅局。牵头开展景区安全检查，督促整改隐患。\n（二）县市场监管局。配合做好食品安全监管。\n"
            "（三）县卫健委。负责医疗救治工作。\n", _THREE),
    "colon": ("（一）县文旅局：牵头开展景区安全检查，督促整改隐患。\n（二）县市场监管局：配合做好食品安全监管。\n"
              "（三）县卫健委：负责医疗救治工作。\n", _THREE),
    "verb": ("1.县文旅局牵头开展景区安全检查，督促整改隐患。\n2.县市场监管局配合做好食品安全监管。\n"
             "3.县卫健委负责医疗救治工作。\n", _THREE),
    "duty_word": ("（一）县文旅局职责。牵头开展景区安全检查，督促整改隐患。\n（二）县市场监管局职责。配合做好食品安全监管。\n"
                  "（三）县卫健委职责。负责医疗救治工作。\n", _THREE),
    "duty_word_colon": ("（一）县文旅局职责：牵头开展景区安全检查，督促整改隐患。\n（二）县市场监管局职责：配合做好食品安全监管。\n"
                        "（三）县卫健委职责：负责医疗救治工作。\n", _THREE),
    "comma": ("（一）县文旅局，牵头开展景区安全检查。\n（二）县市场监管局，配合做好食品安全监管。\n"
              "（三）县卫健委，负责医疗救治工作。\n", _THREE),
    # unnumbered colon lines: one task per line, each line's own verbs (not the next line's) give its role
    "colon_lines": ("县文旅局：牵头开展景区安全检查，督促整改隐患。\n县市场监管局：配合做好食品安全监管工作。\n"
                    "县卫健委：负责医疗救治工作。\n", _THREE),
    # a unit heading over numbered sub-items, in every form of its title
    "heading": ("（一）县文旅局\n1.牵头开展景区安全检查。\n2.督促景区整改隐患。\n（二）县市场监管局\n1.加强食品安全监管。\n"
                "2.配合开展联合执法。\n", _HEADED),
    "heading_dot": ("（一）县文旅局。\n1.牵头开展景区安全检查。\n2.督促景区整改隐患。\n（二）县市场监管局。\n"
                    "1.加强食品安全监管。\n2.配合开展联合执法。\n", _HEADED),
    "heading_colon": ("（一）县文旅局：\n1.牵头开展景区安全检查。\n2.督促景区整改隐患。\n（二）县市场监管局：\n"
                      "1.加强食品安全监管。\n2.配合开展联合执法。\n", _HEADED),
    "heading_duty_word": ("（一）县文旅局职责\n1.牵头开展景区安全检查。\n2.督促景区整改隐患。\n（二）县市场监管局职责\n"
                          "1.加强食品安全监管。\n2.配合开展联合执法。\n", _HEADED),
    "heading_bare_bureau": ("1.县文旅局\n（1）牵头开展景区安全检查。\n（2）督促景区整改隐患。\n2.县市场监管局\n"
                            "（1）加强食品安全监管。\n（2）配合开展联合执法。\n", _HEADED),
    # an unnumbered lead-in line over numbered sub-items (rule duty_lists.unit_headings.line_head)
    "line_head": ("县文旅局职责：\n（1）牵头开展景区安全检查。\n（2）督促景区整改隐患。\n县市场监管局职责：\n"
                  "（1）加强食品安全监管。\n（2）配合开展联合执法。\n", _HEADED),
    # an unnumbered title naming a unit and what its list holds, over items numbered from one again under every title
    # (rule duty_lists.unit_headings.title_head): on lines of their own, with a year, over titled items
    "title_lines": ("县文旅局工作任务\n1.牵头开展景区安全检查。\n2.督促景区整改隐患。\n县市场监管局工作任务\n"
                    "1.加强食品安全监管。\n2.配合开展联合执法。\n", _HEADED),
    "title_year": ("2024年县文旅局安全生产目标责任\n（1）牵头开展景区安全检查。\n（2）督促景区整改隐患。\n"
                   "2024年县市场监管局安全生产目标责任\n（1）加强食品安全监管。\n（2）配合开展联合执法。\n", _HEADED),
    # a unit heading with its numbered items run on after it on its own line (rule structure.yaml inline_items)
    "heading_inline": ("（一）县文旅局 1.牵头开展景区安全检查。2.督促景区整改隐患。\n（二）县市场监管局 1.加强食品安全监管。"
                       "2.配合开展联合执法。\n", _HEADED),
    "heading_inline_dot": ("（一）县文旅局。1.牵头开展景区安全检查。2.督促景区整改隐患。\n（二）县市场监管局。1.加强食品安全监管。"
                           "2.配合开展联合执法。\n", _HEADED),
    "heading_inline_colon": ("（一）县文旅局：（1）牵头开展景区安全检查。（2）督促景区整改隐患。\n（二）县市场监管局：（1）加强食品安全"
                             "监管。（2）配合开展联合执法。\n", _HEADED),
    "title_titled_items": ("县文旅局重点任务\n1.加强景区管理。牵头开展景区安全检查。\n2.整治隐患。督促景区整改隐患。\n"
                           "县市场监管局重点任务\n1.强化食品监管。加强食品安全监管。\n2.开展联合执法。配合县公安局开展联合执法。\n",
                           _HEADED),
}


def _read(raw: str) -> list[dict]:
    """Each task's roles, in order (task ids differ with the numbering, the readings must not)."""
    text = clean(raw).text
    _, tasks, _ = build_tasks(text, [], 0, len(text), "d")
    out = []
    for t in tasks:
        roles = {k: [r.name for r in getattr(t, k)] for k in ("lead", "participants", "responsible") if getattr(t, k)}
        if roles:
            out.append(roles)
    return out


@pytest.mark.parametrize("context", sorted(_HEADS))
@pytest.mark.parametrize("wording", sorted(WORDINGS))
def test_one_reading_in_every_context(wording: str, context: str) -> None:
    body, expected = WORDINGS[wording]
    assert _read(_HEADS[context] + body) == [expected[k] for k in sorted(expected)]


def test_unit_headings_need_a_list_outside_duty_sections() -> None:
    """One heading that is a unit, over sub-items that state facts, outside a duty section, is no list."""
    raw = ("某方案\n二、重点任务\n（一）省工业和信息化厅\n1.全省食盐储备保持在三个月用量以上。\n2.建立应急联动机制。\n"
           "（二）保障措施\n1.加强资金保障。\n")
    assert _read(raw) == []


def test_a_sub_item_naming_its_own_unit_keeps_it() -> None:
    raw = _HEADS["plain"] + ("（一）区发改局\n1.牵头制定年度计划。\n2.区统计局负责数据统计工作。\n（二）区财政局\n"
                             "1.保障工作经费。\n")
    assert _read(raw) == [{"lead": ["区发改局"]}, {"responsible": ["区统计局"]}, {"responsible": ["区财政局"]}]


def test_unit_titles_run_into_one_line() -> None:
    """A crawl that lost its line breaks ("…。 2024年县文旅局安全生产目标责任 一、…二、… 2024年县市场监管局…目标责任 一、…"):
    the numbering restarts under every title; each title's unit holds its items, the item's verbs give its role
    (rule duty_lists.unit_headings.title_head; the line is long enough for normalize's rebreak)."""
    own = "加强日常巡查，建立工作台账，定期报送工作进展情况，及时发现并协调解决工作中存在的突出问题，确保各项工作落到实处、取得实效。"
    raw = ("某县人民政府关于下达2024年安全生产目标责任的通知 各有关单位：为落实安全生产责任，现将2024年有关部门安全生产目标责任下达给你们，"
           "请结合实际认真研究落实措施，细化分解任务，确保目标责任有效落实，请认真贯彻执行。 "
           "附件 2024年县文旅局安全生产目标责任 一、强化景区安全。牵头开展景区安全检查，" + own
           + "二、整治隐患。督促景区整改隐患，" + own + "三、配合执法。配合县公安局开展联合执法，" + own[:10] + "。"
           + " 2024年县市场监管局安全生产目标责任 一、强化食品监管。加强食品安全监管，" + own
           + "二、协助整治。协助县应急局开展隐患排查。三、开展抽检。" + own + "\n")
    assert len(raw) > 500
    assert _read(raw) == [{"lead": ["县文旅局"]}, {"responsible": ["县文旅局"]}, {"participants": ["县文旅局"]},
                          {"responsible": ["县市场监管局"]}, {"participants": ["县市场监管局"]},
                          {"responsible": ["县市场监管局"]}]


# Session 31 (h10u): wordings of real published text found with the corpus tools (not from the bench fixtures), read
# through the whole pipeline (a document with no bracket is read as prose, so the list must read the same there too).
REAL_WORDINGS = {
    # pages corpus, https://qingdaonews.com/content/2011-08/06/content_8891213.htm (青岛 城市防汛 meeting, 2011): each
    # entry is a unit, a colon, a headline, then the unit again with 要
    "colon_headline": ("市国土资源房管局：防范地质灾害 市国土资源房管局要重点做好山体滑坡、崩塌、泥石流等地质灾害的监管和防范工作。\n"
                       "市市政公用局：确保排水设施畅通 市市政公用局要确保市管排水设施畅通，组织落实专业抢险队伍。\n"
                       "市城管执法局：加强广告设施巡视 市城管执法局要重点加强对广告设施、沿海一线等重要部位的巡视和检查工作。\n",
                       [{"responsible": ["市国土资源房管局"]}, {"responsible": ["市市政公用局"]},
                        {"responsible": ["市城管执法局"]}]),
    # find_string id 47654445817 (汉阳经济开发区 疫情防控复工复产 work plan, 2020, 二、职责分工): a lead-in line, then a
    # development zone's internal offices, each line opening with its office and 负责
    "office_lines": ("各成员单位职责分工如下：\n综合办公室负责做好值班安排，确保每日上报；做好应急保障物资筹措及发放。\n"
                     "党建部负责处理因疫情产生的信访事项，统筹做好相关维稳工作。\n"
                     "城管中队负责统筹做好疫情防控信息对接及辖区巡查清运工作。\n"
                     "财务室负责筹集并核拨应急处置所需资金，审核应急资金支付范围。\n",
                     [{"responsible": ["综合办公室"]}, {"responsible": ["党建部"]}, {"responsible": ["城管中队"]},
                      {"responsible": ["财务室"]}]),
}


@pytest.mark.parametrize("context", sorted(_HEADS))
@pytest.mark.parametrize("wording", sorted(REAL_WORDINGS))
def test_real_wordings_read_alike_in_every_context(wording: str, context: str) -> None:
    from extract.pipeline import extract_text

    body, expected = REAL_WORDINGS[wording]
    got = []
    for t in (t for d in extract_text(_HEADS[context] + body) for t in d.tasks):
        roles = {k: [r.name for r in getattr(t, k)] for k in ("lead", "participants", "responsible") if getattr(t, k)}
        if roles:
            got.append(roles)
    assert got == expected


_LATER = [{"lead": ["县财政局"], "participants": ["县应急局"]}, {"responsible": ["县公安局"]}, {"responsible": ["县人武部"]}]

# The forms session 31 read (the unit_first documents of real_unseen34/35 failed on them), with new names:
FORMS = {
    # a unit's colon entry over its divisions numbered in a style that ranks above the entry's own ("（1）X局：1.A科：…
    # 2.B科：…（2）Y局：…", structure/numbering.py _inverted): each division is its own task, its unit only
    "divisions": ("（1）县农业农村局：\n1.渔业科：负责组织、指导全县渔业防台风工作。\n2.水利科：负责组织、指导水利工程防汛工作。\n"
                  "（2）县交通运输局：\n1.运输科：负责组织抢险物资运输工作。\n2.公路科：负责及时抢修水毁公路。\n"
                  "（3）县公安局：负责维护抗灾期间的社会治安秩序。\n",
                  [{"responsible": ["渔业科"]}, {"responsible": ["水利科"]}, {"responsible": ["运输科"]},
                   {"responsible": ["公路科"]}, {"responsible": ["县公安局"]}]),
    # an entry the recogniser refuses among units' entries (rule unit_heads.listed_min: a 、 list whose first words name no
    # body is one unit) and partner work that assists no body, then work of its own (rule unit_heads.bodiless)
    "listed": ("（1）县文旅局：负责景区安全检查，督促整改隐患。\n（2）县市场监管局：配合做好食品安全监管，组织开展餐饮单位抽检。\n"
               "（3）城关、城南、城北片区管理办公室：负责辖区景点巡查，做好游客疏导。\n（4）县卫健委：配合做好医疗救治工作。\n",
               [{"responsible": ["县文旅局"]}, {"responsible": ["县市场监管局"]},
                {"responsible": ["城关、城南、城北片区管理办公室"]}, {"participants": ["县卫健委"]}]),
    # a later clause that opens with 会同 makes the unit lead (as the duty sentences read it, real_unseen30 decision 6), and a
    # partner verb past the clause's opening ("根据…的要求，组织民兵参加…，协助…") makes no participant (rule
    # unit_heads.partner_open): numbered items and unnumbered colon lines alike
    "later_clauses": ("（1）县财政局：负责安排防汛抢险经费，及时下拨并监督使用；会同县应急局开展救灾资金绩效评估。\n"
                      "（2）县公安局：负责维护抗灾期间的社会治安秩序。\n"
                      "（3）县人武部：根据县防指的要求，组织民兵参加抢险救灾行动，协助转移危险地带的群众。\n", _LATER),
    "later_clause_lines": ("县财政局：负责安排防汛抢险经费，及时下拨并监督使用；会同县应急局开展救灾资金绩效评估。\n"
                           "县公安局：负责维护抗灾期间的社会治安秩序。\n"
                           "县人武部：根据县防指的要求，组织民兵参加抢险救灾行动，协助转移危险地带的群众。\n", _LATER),
}


@pytest.mark.parametrize("context", sorted(_HEADS))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_session31_forms_in_every_context(form: str, context: str) -> None:
    body, expected = FORMS[form]
    assert _read(_HEADS[context] + body) == expected
