"""A memo's copies of assignments (``assignment_record.remade``) are what ``dataclasses.replace`` makes."""

from dataclasses import dataclass, field, replace

from extract.structure.assignment_record import Assignment, remade
from extract.structure.assignments import copied
from extract.structure.prose_subjects import Acted


def test_remade_is_replace_for_the_record_and_its_subclasses():
    for cls in (Assignment, Acted):
        a = cls(span=(3, 9), lead=[("市财政局", (3, 7))], responsible=[("市教育局", (5, 9))])
        got = remade(a, (4, 10), [("甲", (4, 5))], [], list(a.responsible))
        want = replace(a, span=(4, 10), lead=[("甲", (4, 5))], participants=[], responsible=list(a.responsible))
        assert type(got) is type(want) is cls and got == want


def test_a_class_with_another_field_is_made_by_replace():
    @dataclass
    class Noted(Assignment):
        note: str = field(default="")

    a = Noted(span=(0, 2), lead=[("甲", (0, 1))], note="x")
    got = remade(a, (1, 3), [], [], [])
    assert type(got) is Noted and got.note == "x" and got.span == (1, 3)


def test_copied_hands_out_new_lists():
    a = Assignment(span=(0, 4), lead=[("市财政局", (0, 4))])
    (b,) = copied([a])
    assert b == a and b is not a and b.lead is not a.lead
    b.lead.append(("乙", (5, 6)))
    assert a.lead == [("市财政局", (0, 4))]
