"""The bundled sample, extracted end to end, against gold written independently."""

import json
import re
from pathlib import Path

import pytest

from extract.pipeline import extract_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
ORIGINAL = SAMPLE.read_text(encoding="utf-8")
GOLD = json.loads((ROOT / "tests" / "fixtures" / "annex1_departments.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def docs():
    return extract_text(ORIGINAL, str(SAMPLE))


def _doc(docs, doc_id):
    return next(d for d in docs if d.id == doc_id)


def test_compilation_splits_into_its_members(docs):
    assert [(d.id, d.kind, d.part_of) for d in docs] == [
        ("suzhou_2022_01-1", "实施意见", None),
        ("suzhou_2022_01-1-a1", "方案", "suzhou_2022_01-1"),
        ("suzhou_2022_01-1-a2", "方案", "suzhou_2022_01-1"),
        ("suzhou_2022_01-2", "新闻报道", None),
        ("suzhou_2022_01-3", "新闻报道", None),
        ("suzhou_2022_01-4", "新闻报道", None),
        ("suzhou_2022_01-5", "指导意见", None),
        ("suzhou_2022_01-6", "新闻报道", None),
        ("suzhou_2022_01-7", "意见", None),
        ("suzhou_2022_01-8", "意见", None),
    ]
    first = docs[0]
    assert first.title == "中共苏州市委关于深入贯彻落实江苏省第十四次党代会精神加快建设社会主义现代化强市的实施意见"
    assert (first.issuer, first.date, first.jurisdiction) == ("中共苏州市委", "2021-12-29", "suzhou")
    assert docs[1].title == "苏州市贯彻落实江苏省第十四次党代会报告重点任务分解方案"
    assert docs[2].title == "江苏省第十四次党代会报告明确对苏州提出有关任务专项分解方案"
    assert docs[3].source == "苏州日报，2022年1月6日"
    assert docs[4].source == "新华每日电讯，2021年1月6日"
    assert docs[6].title == "苏州市推进数字经济时代产业创新集群发展的指导意见（征求意见稿）"


def test_annex1_has_the_hundred_tasks_in_order(docs):
    tasks = _doc(docs, "suzhou_2022_01-1-a1").tasks
    assert [t.id for t in tasks] == [str(i) for i in range(1, 101)]
    assert tasks[6].title == "推进制造业高质量发展走在全国前列"
    assert tasks[6].section == "一、充分发挥苏南国家自主创新示范区引领作用，加快实现科技自立自强"
    assert tasks[22].title == "健全城乡融合发展体制机制"
    assert tasks[81].section.startswith("十、坚持和加强党的全面领导")


@pytest.mark.parametrize("number", sorted(GOLD, key=int))
def test_annex1_departments_exactly_as_written(docs, number):
    task = _doc(docs, "suzhou_2022_01-1-a1").tasks[int(number) - 1]
    assert [r.name for r in task.lead] == GOLD[number]["lead"]
    assert [r.name for r in task.participants] == GOLD[number]["participants"]
    assert task.responsible == []


def test_every_annex1_department_resolves(docs):
    tasks = _doc(docs, "suzhou_2022_01-1-a1").tasks
    unresolved = {r.name for t in tasks for r in (*t.lead, *t.participants) if r.id is None}
    assert unresolved == set()
    t9 = tasks[8]
    assert [(r.name, r.label) for r in t9.participants if r.name == "人行苏州中支"] == [
        ("人行苏州中支", "中国人民银行苏州市中心支行")]


def test_annex2_special_tasks_and_inherited_sub_items(docs):
    tasks = _doc(docs, "suzhou_2022_01-1-a2").tasks
    top = [t for t in tasks if t.parent is None]
    assert [t.id for t in top] == ["一", "二", "三", "四", "五", "六", "七", "八"]
    assert [len([c for c in tasks if c.parent == t.key]) for t in top] == [3, 2, 3, 2, 3, 2, 2, 3]
    first = top[0]
    assert first.title == "加快重大科技创新平台载体建设"
    assert [r.name for r in first.lead] == ["市科技局"]
    assert [r.name for r in first.participants] == ["市工信局", "市发改委", "相关县级市（区）"]
    group = first.participants[2]
    assert group.group and len(group.members) == 10
    child = next(t for t in tasks if t.parent == first.key)
    assert child.inherited and child.title == "积极推动姑苏实验室建设"
    assert [r.name for r in child.participants] == ["市工信局", "市发改委", "相关县级市（区）"]
    eighth = top[7]
    assert [r.name for r in eighth.participants] == [
        "市委台办", "人行苏州中支", "市工信局", "市科技局", "市商务局", "相关县级市（区）"]


def test_spans_point_into_the_original_text(docs):
    for d in docs:
        for t in d.tasks:
            s, e = t.span
            assert re.sub(r"[\s*#]", "", ORIGINAL[s:e]).startswith(re.sub(r"\s", "", t.id))
            for r in (*t.lead, *t.participants):
                if r.span:
                    assert "".join(ORIGINAL[r.span[0]:r.span[1]].split()) == r.name


def test_page_break_inside_a_name_is_joined(docs):
    task61 = _doc(docs, "suzhou_2022_01-1-a1").tasks[60]
    ref = next(r for r in task61.participants if r.name == "市卫生健康委")
    assert ORIGINAL[ref.span[0]:ref.span[1]] == "市卫生\n\n健康委"


def test_tasks_involving_the_science_bureau(docs):
    involved = [t.key for d in docs for t in d.tasks
                if any(r.name == "市科技局" for r in (*t.lead, *t.participants, *t.responsible))]
    annex1 = sum(1 for g in GOLD.values() if "市科技局" in g["lead"] + g["participants"])
    # annex 2: special tasks 一, 二, 三, 四, 八 name it; their 13 sub-items inherit it
    assert len(involved) == annex1 + 5 + 13


def test_no_warnings_on_the_sample(docs):
    assert [(d.id, w.message) for d in docs for w in d.warnings] == []
