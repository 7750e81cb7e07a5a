"""Golden tests of the prose duty readings of session 25 (GOLD_GUIDE "Prose duties" 6 as decided, 7): whole
documents through ``extract_text``, every assigned task and its roles compared exactly."""

from __future__ import annotations

from extract.pipeline import extract_text


def _roles(raw: str) -> dict:
    """{task id: (lead, participants, responsible)} of the assigned tasks ``extract_text`` finds in ``raw``."""
    out = {}
    for t in (t for d in extract_text(raw) for t in d.tasks if t.lead or t.participants or t.responsible):
        out[t.id] = tuple([r.name for r in getattr(t, role)] for role in ("lead", "participants", "responsible"))
    return out


def test_a_department_first_run_in_a_work_measure_is_one_task_with_every_unit():
    """Rule 6, decided: a measure titled by its work ("强化组织领导") keeps its "；" run of units as one task; a
    clause whose verb no rule knows names its unit too (prose.unit_run)."""
    raw = ("某县实施方案\n三、保障措施\n（一）强化组织领导。各地要将衔接工作纳入重要议事日程。民政部门牵头做好衔接工作；"
           "扶贫部门落实扶贫开发政策，配合做好衔接工作；农村工作部门综合指导衔接政策设计工作；财政部门做好相关资金保障工作；"
           "残联会同有关部门核查残疾人情况。\n（二）强化舆论引导。广泛开展政策宣传。\n")
    assert _roles(raw) == {"一": (["民政部门", "残联"], ["扶贫部门", "有关部门"], ["农村工作部门", "财政部门"])}


def test_a_measure_titled_as_a_division_of_duties_is_a_task_per_unit_sentence():
    """Rule 6, decided: "形成工作合力" names a division of duties; each sentence that opens with a unit and any verb
    is a task of that unit (duty_lists.unit_sentences); 其余成员单位 names no body."""
    raw = ("某市实施意见\n四、加强组织领导\n（一）强化组织领导。市政府成立工作领导小组。\n（二）形成工作合力。民政部门履行监督管理职责。"
           "发展改革部门将养老服务业发展纳入年度计划。财政部门对养老服务业发展给予财力保障。其余成员单位要结合职能，认真抓好工作。\n")
    assert _roles(raw) == {"二.1": ([], [], ["民政部门"]), "二.2": ([], [], ["发展改革部门"]),
                           "二.3": ([], [], ["财政部门"])}


def test_a_regulation_article_that_lists_units_with_their_remit_is_a_task_per_unit():
    """Rule 6/7: an article whose clauses each open with a different unit, "X在职责范围内推进…" too (prose.remit_duty)."""
    raw = ("某互认管理办法\n第一条 为规范管理，制定本办法。\n"
           "第五条 国家卫生健康委负责全国互认管理工作。国家医保局在职责范围内推进全国互认支持工作。"
           "各地卫生健康行政部门负责本行政区域内互认管理工作。\n")
    assert _roles(raw) == {"五.1": ([], [], ["国家卫生健康委"]), "五.2": ([], [], ["国家医保局"]),
                           "五.3": ([], [], ["各地卫生健康行政部门"])}


def test_enforcement_by_reference_and_the_interpretation_clause():
    """Rule 7: "由本条例第十六条规定的有关部门责令…" names the bodies by reference; "由公安部门予以处罚" names 公安部门;
    "本办法由X会同Y负责解 释" (a PDF space inside) is the interpretation clause, no task."""
    raw = ("某控制吸烟条例\n第一条 为保障健康，制定本条例。\n"
           "第十九条 个人在禁止吸烟场所吸烟且不听劝阻的，由本条例第十六条规定的有关部门责令改正。\n"
           "第二十条 阻碍有关部门依法执行职务的，由公安部门予以处罚。\n"
           "第二十一条 本条例由市卫生健康委会同市医保局负责解 释。\n")
    assert _roles(raw) == {"十九": ([], [], ["本条例第十六条规定的有关部门"]), "二十": ([], [], ["公安部门"])}


def test_regulated_organs_and_accountability_are_no_units():
    """Rule 4: a regulated institution's 理事会 and "对理事会负责" give no task."""
    raw = ("某指导意见\n一、发展新型研发机构。\n（一）理事会负责选定院所长，制定修改章程。\n"
           "（二）院所长全面负责科研业务，执行理事会决议，对理事会负责。\n"
           "二、科技部组织开展新型研发机构跟踪评价。地方科技行政管理部门负责协调推动本地区新型研发机构建设发展。\n")
    assert _roles(raw) == {"二": ([], [], ["科技部", "地方科技行政管理部门"])}


def test_a_comma_inside_an_inclusion_remark_does_not_cut_the_unit_name():
    """"各市（含定州、辛集市，雄安新区）、县（市、区）盐业主管部门牵头负责…": the remark's comma is no clause end; the
    name keeps its printed comma (extract/structure/inclusion_commas.py); "（含…，下同）" stands apart as before."""
    raw = ("某省应急预案\n一、总则\n（一）分级负责。各市（含定州、辛集市，雄安新区）、县（市、区）盐业主管部门牵头负责当地食盐"
           "供应应急预案的制定和食盐应急供应处置。\n（二）统一领导。省工业和信息化厅负责全省食盐供应应急处置。\n")
    assert _roles(raw) == {"一": (["各市（含定州、辛集市，雄安新区）、县（市、区）盐业主管部门"], [], []),
                           "二": ([], [], ["省工业和信息化厅"])}
