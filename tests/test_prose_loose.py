"""Duty sentences that no numbered item encloses (rule ``prose.loose``) and names a PDF broke,
read through the whole pipeline (``extract_text``)."""

from __future__ import annotations

from extract.pipeline import extract_text


def _roles(text: str) -> dict:
    docs = extract_text(text, "x.md")
    return {t.id: [[r.name for r in getattr(t, k)] for k in ("lead", "participants", "responsible")]
            for d in docs for t in d.tasks if t.lead or t.participants or t.responsible}


def test_a_regulation_that_lost_its_article_numbers_gives_a_task_per_duty_sentence():
    text = ("某市公园管理条例\n（2020年1月1日某市人民代表大会常务委员会通过）\n为了加强公园管理，制定本条例。"
            "　　市园林主管部门负责全市公园的监督管理工作。　　区人民政府应当将公园建设纳入国土空间规划。"
            "　　县级以上人民政府卫生健康、公安等部门和残疾人联合会应当按照各自职责做好相关工作。　　游客应当文明游园。")
    assert _roles(text) == {"0.1": [[], [], ["市园林主管部门"]], "0.2": [[], [], ["区人民政府"]],
                            "0.3": [[], [], ["卫生健康", "公安", "残疾人联合会"]]}


def test_a_news_report_gives_no_duty():
    text = "数字赋能，某市打造产业集群\n（来源：某日报，2021年1月6日）\n某研究中心负责编制产业地图。某市财政局负责保障资金。"
    docs = extract_text(text, "x.md")
    assert docs[0].kind == "新闻报道"
    assert [t for d in docs for t in d.tasks] == []


def test_a_space_a_pdf_left_inside_a_name_is_dropped_and_the_span_still_covers_it():
    text = ("某省人民政府关于加强管理的通知\n各市人民政府：\n现就有关事项通知如下。人力资源社会保障 部门要会同有关部门"
            "建立薪酬制度。市财政局负责保障经费。")
    docs = extract_text(text, "x.md")
    task = next(t for t in docs[0].tasks if t.lead)
    ref = task.lead[0]
    assert ref.name == "人力资源社会保障部门"
    assert text[ref.span[0]:ref.span[1]] == "人力资源社会保障 部门"
    assert [r.name for r in task.participants] == ["有关部门"]
