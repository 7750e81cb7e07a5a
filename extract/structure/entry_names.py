"""The units the heading of a department-first entry names (rules ``duty_lists.unit_heads.joined`` and
``prose.self_governing`` in ``extract/rules/assignments.yaml``). Pure; used by :mod:`extract.structure.duties`.

* ``heading_units(title, pos, accept)``: each unit of a heading that joins several ("车主所在乡镇政府及公安派出所"), else
  the title as one name.
* ``shared_head_units(s, pos, accept)``: the units of a list, or the places that share its last unit's head (moved
  from :mod:`extract.structure.duties`, which re-exports it).
* ``self_governing(name)``: a self-governing committee (居委会, 村民委员会 …), never a unit (GOLD_GUIDE R3).
* ``noted_title(title, body, accept)``: a heading's title with the bracketed note that ends its line put back
  ("区公安分局（交管）", rule ``duty_lists.unit_heads.noted_title``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from extract.rules.loader import load_rules
from extract.structure.prose import accepted_units

@lru_cache(maxsize=1)
def _rules() -> tuple[Optional[re.Pattern], re.Pattern]:
    r = load_rules("assignments.yaml")
    joiners = r["duty_lists"]["unit_heads"].get("joined") or []
    joined = re.compile("|".join(map(re.escape, joiners))) if joiners else None
    return joined, re.compile(r["prose"]["self_governing"]["pattern"])


def heading_units(title: str, pos: int, accept: Callable[[str], bool]) -> list:
    """The units an entry's heading ``title`` (at ``pos``) names: each of a list joined by 及/和/与/、 whose parts are all
    units and nothing else ("车主所在乡镇政府及公安派出所", "派出所和城管中队"; a shared suffix stays one name: "公安和交通
    部门"), else ``[(title, span)]``."""
    joined = _rules()[0]
    if joined is not None and joined.search(title):
        parts = accepted_units(title, pos, accept)
        if len(parts) >= 2 and "".join(n for n, _ in parts) == joined.sub("", title):
            return parts
    return [(title, (pos, pos + len(title)))]


@lru_cache(maxsize=1)
def _noted() -> Optional[re.Pattern]:
    p = load_rules("assignments.yaml")["duty_lists"]["unit_heads"].get("noted_title")
    return re.compile(p) if p else None


def noted_title(title: str, body: str, accept: Callable[[str], bool]) -> tuple[str, str]:
    """(``title``, ``body``) with the bracketed note that opens ``body`` and ends the heading's line moved onto the title
    when the title with its note is a unit ("区公安分局" + "（交管）\n对…" → "区公安分局（交管）"; rule
    ``duty_lists.unit_heads.noted_title``); unchanged otherwise ("区财政局" + "（牵头）…": no unit)."""
    pattern = _noted()
    rest = body.lstrip(" \t\u3000")
    m = pattern.match(rest) if pattern is not None and title else None
    if m is None:
        return title, body
    named = title + rest[:m.end("note") + 1]
    return (named, rest[m.end("note") + 1:]) if accept(named) else (title, body)


def joined_accept(title: str, accept: Callable[[str], bool], body: str) -> bool:
    """Whether a heading ``title`` is a unit, or a list of units joined by the joiners of rule ``unit_heads.joined``
    on a line of its own over its ``body`` ("（五）各街镇、经开区\n落实…": each part a unit, :func:`heading_units`;
    not a run-in list of places, "5.医疗机构、幼儿园、中小学校；")."""
    return accept(title) or (body.lstrip(" \t\u3000")[:1] == "\n" and len(heading_units(title, 0, accept)) > 1)


def led_partners(body: str, head_lead: tuple, accept: Callable[[str], bool], body_at: int, own: list) -> list:
    """The units a heading's unit leads in the clause of its ``body`` that opens with 牵头 (rule
    ``duty_lists.head_lead``; ``head_lead`` is that pattern and rule ``head_lead_object``) when a list of units is its
    object, no act ("（一）区绿化市容局\n…；牵头区建管委、区交通委，每周开展联合执法检查" → those units take part,
    GOLD_GUIDE rule 5 as "X会同Y"); spans count from ``body_at``; [] when none."""
    from extract.structure.verb_roles import partner_units

    m = head_lead[0].search(body)
    if m is None or not head_lead[1].match(body[m.end():]):
        return []
    stop = re.compile(r"[，,。；;\n]").search(body, m.end())
    mine = {n for n, _ in own}
    return [(n, (s + body_at, e + body_at)) for n, (s, e) in
            partner_units(body, m.end(), stop.start() if stop else len(body), accept) if n not in mine]


def self_governing(name: str) -> bool:
    """A self-governing committee (rule ``prose.self_governing``: 居委会, 村民委员会 …), never a unit (GOLD_GUIDE R3)."""
    return bool(_rules()[1].search(name))


@lru_cache(maxsize=1)
def _places() -> range:
    r = load_rules("assignments.yaml")["duty_lists"]["labelled"]
    return range(int(r["shared_place_min"]), int(r["shared_place_max"]) + 1)


_ITEM = re.compile(r"[^、\s]+")


def shared_head_units(s: str, pos: int, accept: Callable[[str], bool]) -> list:
    """The units of ``s`` (at ``pos``), or the places that share the last unit's head written before it
    ("金井、澳前片区开发管理局" → 金井, 澳前片区开发管理局, as printed; rule ``duty_lists.labelled``); [] when neither reads."""
    names = accepted_units(s, pos, accept)
    if names:
        return names
    items = [(m.group(), (pos + m.start(), pos + m.end())) for m in _ITEM.finditer(s)]
    if len(items) < 2 or not accept(items[-1][0]):
        return []
    last, places = items[-1][0], _places()
    for k in places:
        head = last[k:]
        if len(head) < 3:
            break
        if all(len(n) in places and not accept(n) and accept(n + head) for n, _ in items[:-1]):
            return items
    return []
