"""Where the first task of a division of duties starts (h12d, rule ``duty_lists.first_at_heading``).

GOLD_GUIDE "Prose duties" rule 6 anchors each unit clause of a department-first list at the unit's name; R8 (a)/(c)
anchors the first clause of an item whose heading names the division at the item's heading. The first task of such a
division spans from the heading's number through its first unit clause, so one task holds both anchors, in every
layout of the open sets: a heading line, a heading with a full stop, colon entries, a one-line crawl, numbered
sub-items. A measure's own sub-items under a division heading keep their own start.
"""

from __future__ import annotations

import pytest

from tests.real_support import FIXTURES, extracted

#: (file, the heading from its number, the first unit clause's opening words)
CASES = [
    ("real/hebei_edu_2023_offcampus_tutoring_12depts.md", "（二）明确部门分工", "各地教育行政部门要充分发挥"),  # full stop, newline
    ("real_unseen11/pingtan_2013_fire_hazard_campaign_duties.md", "四、部门职责", "教育部门：组织、指导和督促"),  # crawl
    ("real_unseen19/guangan_2014_elderly_care_services_task_table.md", "（二）形成工作合力。", "民政部门履行监督管理"),
    ("real_unseen30/pingtan_2016_water_saving_group_member_duties.md", "三、成员单位职责", "区办公室政策法规处：负责对"),
    ("real_unseen30/pingtan_2016_red_tide_emergency_plan.md", "3、领导小组各成员部门工作职责", "区经农村展局：负责全区赤潮"),
    ("real_unseen43/shanghai_fengxian_2022_emergency_shelters_plan.md", "五、职责分工", "区民防办、应急管理局牵头"),
    ("real_unseen21/pingtan_2016_yellow_label_vehicle_phaseout_plan.md", "四、职责分工", "区环境与国土资源局：牵头负责"),  # sub-items
    ("real_unseen9/guangan_2016_residence_permit_duties.md", "三、明确部门工作职责", "市公安局：全面落实居住证制度"),
    ("real_unseen29/pingtan_2016_illegal_corpse_transport_crackdown_plan.md", "六、职责分工", "殡改办：负责收集全区"),
    ("real_unseen34/pingtan_2017_flood_typhoon_emergency_plan.md", "2.3.3 区防指成员单位职责", "区党工委管委会办公室：协调督"),
    ("real_unseen18/guangan_2018_earthquake_insurance_plan.md", "（二）明确职责分工。", "市财政局负责牵头落实地震保险"),
]


def _covering(tasks, pos):
    covering = [t for t in tasks if t.span[0] <= pos < t.span[1]]
    return min(covering, key=lambda t: t.span[1] - t.span[0], default=None)


@pytest.mark.parametrize("path, heading, unit", CASES, ids=[c[0].split("/")[0] + ":" + c[1] for c in CASES])
def test_first_task_holds_heading_and_unit(path, heading, unit):
    text, docs = extracted(str(FIXTURES / path))
    tasks = [t for d in docs for t in d.tasks if t.lead or t.participants or t.responsible]
    at = text.find(unit)
    head = text.rfind(heading, 0, at)
    assert 0 <= head < at
    first = _covering(tasks, at)
    assert first is not None and first.span[0] == head  # from the heading's number
    assert _covering(tasks, head) is first


def test_measure_sub_items_keep_their_start():
    """"二、任务分工（一）加强医院党的建设。1．发挥…": the first task is a measure's sub-item, at its own number."""
    text, docs = extracted(str(FIXTURES / "real_unseen12/guangan_2019_modern_hospital_management_plan.md"))
    tasks = [t for d in docs for t in d.tasks if t.lead or t.participants or t.responsible]
    at = text.find("发挥公立医院党组织领导作用")
    first = _covering(tasks, at)
    assert first is not None and text[first.span[0]:at].strip(" \t\u3000\n").rstrip("．.") in ("1", "1．")
