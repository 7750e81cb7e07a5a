"""The small entry tests of extract/structure/duty_rules.py, on exact inputs and outputs."""

from extract.structure.assignments import Assignment
from extract.structure.assisting import with_assisted
from extract.structure.duty_rules import committees_only, opening_partners, tied

ACCEPT = {"公安部门", "城管部门", "区环境局", "区财政局", "区安征迁办公室"}.__contains__


def test_with_assisted_needs_the_assisted_body():
    text = "负责会同区环境局、区财政局配合区安征迁办公室制订整治方案"
    assert with_assisted(text, 0, len(text)) is True
    plain = "负责会同区环境局、区财政局制订整治方案"
    assert with_assisted(plain, 0, len(plain)) is False


def test_opening_partners_reads_the_partners_unless_assisted():
    got = opening_partners("负责会同公安部门、城管部门查处违法行为", ACCEPT)
    assert [n for n, _ in got] == ["公安部门", "城管部门"]
    assert opening_partners("负责会同区环境局、区财政局配合区安征迁办公室制订整治方案", ACCEPT) == []
    assert opening_partners("负责查处违法行为", ACCEPT) == []


def test_committees_only_and_tied():
    committee = Assignment(span=(0, 4), responsible=[("各居委会", (0, 4))])
    assert committees_only(committee) is True
    bureau = Assignment(span=(0, 4), responsible=[("区财政局", (0, 4))])
    assert committees_only(bureau) is False
    assert tied(Assignment(span=(0, 10), participants=[("联合各相关职能部门", (0, 9))])) is True
    assert tied(bureau) is False
