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
