"""What may stand for a unit in a document's text, for the task builder's readers.

``is_unit(name)``: a name that can stand for a department in prose (known, a group, shaped like one, a
district acting by its government, a unit with its other name or a place phrase before it).
``is_actor(name)``: a unit or, opening a clause of a duty list (职责分工), an institution given its
share of the work (rule ``duty_lists.actors``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities import departments
from extract.entities.jurisdiction import is_division
from extract.entities.unit_shape import is_unit_name
from extract.memo import lasting
from extract.structure import duties
from extract.structure.assignment_record import without_alternative
from extract.structure.prose_units import bracketed_zone, inclusion_remark, located_unit, second_name
from extract.rules.loader import load_rules

__all__ = ["is_actor", "is_unit"]


@lasting(maxsize=1 << 16)  # a name recurs in every clause and document that lists it (plain dicts: see extract.memo)
def is_unit(name: str) -> bool:
    """A name that can stand for a department in prose: known, a group, or shaped like one."""
    if is_unit_name(name) or is_division(name):  # "市科委、杨浦区牵头…": a district acts by its government
        return True
    bare = without_alternative(name)  # "其他相关部门（单位）": the group, with its alternative word
    if bare != name and departments.is_group(bare):
        return True
    # "各级发展改革部门（行政审批部门）", "市发改委（市能源局）": a unit and the other name it bears
    m = second_name(name)
    if m and is_unit(m["unit"]) and is_unit(m["other"]):
        return True
    office = _line_office().fullmatch(name) if name.endswith(("）", ")")) else None
    if office and is_unit(office["unit"]):  # "区经济发展局（经信）": the line office of a merged bureau
        return True
    if bracketed_zone(name):  # "各乡镇（园区）": localities and the zones beside them (rule prose.listed_zone)
        return True
    plain = inclusion_remark().sub("", name)  # "各市（含定州、辛集市）政府" (rule prose.inclusion)
    if plain != name and len(plain) >= 2 and is_unit(plain):
        return True
    located = located_unit().match(name)  # "白天鹅栖息地所在地的县级以上人民政府" (rule prose.located)
    return bool(located) and is_unit(name[located.end():])


@lasting(maxsize=1 << 16)
def is_actor(name: str) -> bool:
    """A unit (:func:`is_unit`) or, opening a clause of a duty list (职责分工), an institution
    given its share of the work ("广安职业技术学院负责…", rule ``duty_lists.actors``)."""
    return is_unit(name) or duties.is_actor(name)


@lru_cache(maxsize=1)
def _line_office() -> re.Pattern:
    """Rule ``line_office``: "区经济发展局（经信）", a unit with the line office it acts through."""
    return re.compile(load_rules("assignments.yaml")["line_office"]["pattern"])
