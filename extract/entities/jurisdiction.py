"""A document's jurisdiction: id, level and name.

``document_jurisdiction(title, issuer, number, head, signature)`` reads, in
order, the issuing body and the title, the document number's issuer code
(``doc_prefixes.yaml``: 皖政办秘 -> 安徽省, 沪松府办 -> 上海市松江区), the
signature block, then the opening text, and returns a jurisdiction id or
``None``.  ``describe_jurisdiction(id)`` gives its :class:`Jurisdiction`
(level nation / province / city / county / district / street, and name).

Ids: the ids of ``jurisdictions.yaml`` (cn, provinces, its cities and
counties); ``city:<name>`` for any other prefecture-level division and
``county:<name>`` for any other county-level one (the full table of divisions
is ``extract/rules/divisions.tsv``).  All functions are pure; data files are
read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from extract.entities.departments import NATION, jurisdiction_of, jurisdictions
from extract.rules.loader import RULES_DIR as RULES, load_rules

#: the levels ``describe_jurisdiction`` gives (Document.jurisdiction_level)
LEVELS = ("nation", "province", "city", "county", "district", "street")
_ZONE = re.compile(r"(?:实验区|新区|开发区|园区|示范区)$")
_STREET = re.compile(r"(?:街道|镇|乡)$")


@dataclass(frozen=True)
class Jurisdiction:
    """Where a document (or a department) belongs: id, level and name."""

    id: str
    level: Optional[str]
    name: str


@dataclass(frozen=True)
class Divisions:
    """Prefecture- and county-level divisions by name (from divisions.tsv)."""

    cities: dict  # full or short name -> full name (包头市, 阿坝州 -> 阿坝藏族羌族自治州)
    counties: dict  # full name -> level (county | district)
    city_re: re.Pattern
    parent: dict  # full name -> the enclosing division's full name (a county name shared by two cities: absent)


def _short_city(name: str) -> list[str]:
    """Other names a prefecture-level division is written with (阿坝藏族羌族自治州 -> 阿坝州)."""
    if name.endswith("自治州"):
        return [name[:2] + "州"]
    return []


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """Load ``divisions.tsv`` (adcode, name, level, parent adcode)."""
    cities, counties, names, parents, seen = {}, {}, {}, {}, {}
    with open(RULES / "divisions.tsv", encoding="utf-8") as handle:
        rows = [ln.rstrip("\n").split("\t") for ln in handle if ln.strip() and not ln.startswith("#")]
    for code, name, level, parent in rows:
        names[code] = name
        seen[name] = seen.get(name, 0) + 1
        if level == "city":
            for written in (name, *_short_city(name)):
                cities.setdefault(written, name)
        elif level != "province":
            counties.setdefault(name, level)
    for code, name, level, parent in rows:
        if parent in names and seen[name] == 1:
            parents[name] = names[parent]
    by_length = sorted((n for n in cities if len(n) >= 3), key=len, reverse=True)
    return Divisions(cities, counties, re.compile("|".join(map(re.escape, by_length))), parents)


def is_division(name: str) -> bool:
    """Whether ``name`` is a prefecture- or county-level division written in full (杨浦区, 承德市)."""
    div = divisions()
    return len(name) >= 3 and (name in div.counties or div.cities.get(name) == name)


@lru_cache(maxsize=1)
def prefix_table() -> tuple[tuple[str, str], ...]:
    """(issuer code prefix, jurisdiction id), longest prefix first."""
    data = load_rules("doc_prefixes.yaml")
    rows = [(r["prefix"], r["jurisdiction"]) for key in ("nation", "provinces", "cities", "counties")
            for r in data[key]]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


def from_number(number: Optional[str]) -> Optional[str]:
    """The jurisdiction id a 文号's issuer code shows, or None (皖政办秘〔2021〕82号 -> anhui)."""
    if not number:
        return None
    code = re.split(r"[〔\[［（(]", number, maxsplit=1)[0]
    if not code:
        return None
    return next((jid for prefix, jid in prefix_table() if code.startswith(prefix)), None)


def _division_id(name: str) -> Optional[str]:
    """``city:<full>`` / ``county:<name>`` / a table id for a division name, or None."""
    table, div = jurisdictions(), divisions()
    if name in table.county_ids:
        return table.county_ids[name]
    if name in div.cities:
        short = div.cities[name][:-1] if div.cities[name].endswith("市") else None
        return table.city_ids.get(short) or f"city:{_city_name(name)}"
    if name in div.counties:
        return f"county:{name}"
    return None


def _city_name(name: str) -> str:
    """The name a city id carries: the short form of an autonomous prefecture (阿坝州), else the full name."""
    full = divisions().cities.get(name, name)
    return name if full.endswith("自治州") else full


def _refine(jid: Optional[str]) -> Optional[str]:
    """A ``county:X`` guess that is really a prefecture-level city (广安市) becomes ``city:X``."""
    if jid and jid.startswith("county:"):
        name = jid.split(":", 1)[1]
        if name in divisions().cities:
            return f"city:{_city_name(name)}"
    return jid


_ISSUER_HEAD = re.compile(r"^(?:中共)?(?P<name>[\u4e00-\u9fff]{2,10}?(?:综合实验区|新区|自治州|地区|盟|州|市|县|区|旗))"
                          r"(?:党工委|管委会|委员会|委|人民政府|政府|人大常委会|政协|办公室|[\u4e00-\u9fff]{1,12}(?:局|厅|委员会))")


_NAMED_HEAD = re.compile(r"^(?P<name>[\u4e00-\u9fff]{1,6}?(?:县|区|旗))(?=[0-9（(]|关于|人民政府)")


def _division_in(text: str) -> Optional[str]:
    """A division named at the start of ``text`` (an issuer or title), or the
    earliest prefecture-level division named in it."""
    table = jurisdictions()
    start = text.lstrip("#*> \u3000\n")
    for name in sorted(table.county_ids, key=len, reverse=True):  # zones such as 平潭综合实验区
        if start.startswith(name) or start.startswith("中共" + name):
            return table.county_ids[name]
    m = _ISSUER_HEAD.match(start) or _NAMED_HEAD.match(start)
    if m:
        found = _division_id(m["name"])
        if found:
            return found
    m = divisions().city_re.search(text)
    return _division_id(m.group()) if m else None


def document_jurisdiction(title: str, issuer: Optional[str], number: Optional[str],
                          head: str = "", signature: str = "") -> Optional[str]:
    """The jurisdiction id of one document (see module docstring), or None."""
    named = (issuer or "") + "\n" + (title or "")
    found = _refine(jurisdiction_of(named)) or _division_in(issuer or "") or _division_in(title or "")
    if found:
        return found
    coded = from_number(number)
    if coded:
        return coded
    for text in (signature, head):
        found = _refine(jurisdiction_of(text)) or _division_in(text)
        if found:
            return found
    return None


def describe_jurisdiction(jid: Optional[str]) -> Optional[Jurisdiction]:
    """Level and name of a jurisdiction id; None for None."""
    if not jid:
        return None
    table = jurisdictions()
    if jid in table.full:
        level = table.level.get(jid)
        name = table.full[jid]
        if level == "county":
            level = _county_level(name)
        return Jurisdiction(jid, level, name)
    kind, _, name = jid.partition(":")
    if kind == "city":
        return Jurisdiction(jid, "city", name)
    if kind == "county":
        return Jurisdiction(jid, _county_level(name), name)
    return Jurisdiction(jid, None, jid)


def _county_level(name: str) -> str:
    if _STREET.search(name):
        return "street"
    if name.endswith("区") and not _ZONE.search(name):
        return "district"
    return "county"


def parent_of(jid: Optional[str]) -> Optional[str]:
    """The enclosing jurisdiction id (county -> city -> province -> cn), or None when unknown."""
    if not jid or jid == NATION:
        return None
    table = jurisdictions()
    if jid in table.parent:
        return table.parent[jid]
    name = describe_jurisdiction(jid).name
    full = divisions().cities.get(name, name)
    up = divisions().parent.get(full)
    if up is None:
        return None
    return table.province_ids.get(up) or _division_id(up)


def ancestor(jid: Optional[str], level: str) -> Optional[str]:
    """``jid`` or its nearest enclosing jurisdiction of ``level`` (county covers district), or None."""
    wanted = {"district": "county", "street": "street"}.get(level, level)
    for _ in range(4):
        if not jid:
            return None
        found = describe_jurisdiction(jid)
        have = {"district": "county"}.get(found.level, found.level)
        if have == wanted:
            return jid
        jid = parent_of(jid)
    return None
