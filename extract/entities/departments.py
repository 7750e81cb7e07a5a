"""Department gazetteer and name resolver.

Pure functions over the rule files in ``extract/rules/``: the ``departments``
of the gazetteers by jurisdiction (``gazetteers/national.yaml``,
``gazetteers/province/<id>.yaml``, ``gazetteers/city/<id>.yaml``: departments and
their aliases), ``departments.yaml`` (the ``looks_like`` heuristic),
``department_groups.yaml`` (group expressions such as 各成员单位) and ``jurisdictions.yaml`` (nation, provinces, cities).  Each file is loaded
once, lazily.  The scoping rule for short aliases (市发改委 is Suzhou's only in
a Suzhou document) is documented at the top of ``departments.yaml``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from extract.memo import lasting
from extract.rules.loader import copied_rules, gazetteer_files
NATION = "cn"

_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "［": "（", "］": "）"})


@dataclass
class Resolved:
    """A resolved department or group.

    ``group`` is true for group expressions; ``members`` then lists member ids
    when known, ``kind`` the group kind and ``of`` the id of the body whose
    member units are meant (市文明委各成员单位 -> ``suzhou.wmw``).
    """

    id: str
    label: str
    level: Optional[str]
    body: Optional[str]
    jurisdiction: Optional[str]
    group: bool = False
    members: list[str] = field(default_factory=list)
    kind: Optional[str] = None
    of: Optional[str] = None


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry with its expanded global and local aliases."""

    id: str
    label: str
    body: str
    level: str
    jurisdiction: str
    aliases: tuple[str, ...]
    local_aliases: tuple[str, ...]


@lasting(maxsize=1 << 16)  # a name recurs in every task that lists it
def normalize(name: str) -> str:
    """Light normalisation: drop whitespace, unify brackets to （）, drop a trailing 等."""
    text = _SPACE.sub("", name or "").translate(_BRACKETS)
    if len(text) > 1 and text.endswith("等"):
        text = text[:-1]
    return text


def _load(name: str):
    return copied_rules(name)


# ----------------------------------------------------------------- jurisdictions
@dataclass(frozen=True)
class Jurisdictions:
    """The jurisdiction table: names, parents and member lists."""

    full: dict  # id -> formal name (苏州市, 江苏省, 中华人民共和国)
    parent: dict  # city -> province, province -> cn
    level: dict  # id -> nation | province | city
    districts: dict  # city id -> district ids
    cities_of: dict  # province id -> city ids
    city_re: re.Pattern
    city_ids: dict  # short name -> city id
    province_re: re.Pattern
    province_ids: dict  # formal name -> province id
    markers: tuple  # compiled national markers (matched at a line start)
    county_re: re.Pattern = None  # a county-level issuer at a line start
    county_ids: dict = None  # county name -> id (its city is its parent)


@lru_cache(maxsize=None)
def jurisdictions() -> Jurisdictions:
    """Load ``jurisdictions.yaml``; raises ``KeyError`` on a malformed file."""
    data = _load("jurisdictions.yaml")
    nation = data["nation"]
    full, parent, level = {nation["id"]: nation["full"]}, {}, {nation["id"]: "nation"}
    province_ids, cities_of, districts, city_ids = {}, {}, {}, {}
    for prov in data["provinces"]:
        full[prov["id"]], parent[prov["id"]], level[prov["id"]] = prov["full"], NATION, "province"
        province_ids[prov["full"]] = prov["id"]
    for city in data["cities"]:
        cid = city["id"]
        full[cid], parent[cid], level[cid] = city["name"] + "市", city["province"], "city"
        city_ids[city["name"]] = cid
        cities_of.setdefault(city["province"], []).append(cid)
        districts[cid] = list(city.get("districts", []))
    by_length = lambda names: "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    markers = [re.compile(m["regex"]) for m in data["markers"]]
    nation_aliases = [a for e in entries() if e.level == "nation" for a in e.aliases if len(a) > 2]
    markers.append(re.compile("(?:%s)(?!门)" % by_length(nation_aliases)))
    county_ids = {}
    for county in data.get("counties", []):
        county_ids[county["name"]] = county["id"]
        full[county["id"]], parent[county["id"]], level[county["id"]] = county["name"], county["city"], "county"
    return Jurisdictions(
        county_re=re.compile(data["county_issuer"]["regex"]), county_ids=county_ids,
        full=full, parent=parent, level=level, districts=districts, cities_of=cities_of,
        city_re=re.compile("(%s)%s" % (by_length(city_ids), data["city_suffix"])), city_ids=city_ids,
        province_re=re.compile(by_length(province_ids)), province_ids=province_ids,
        markers=tuple(markers),
    )


def _line_starts(head: str) -> Iterable[tuple[int, str]]:
    """Yield (offset, line) with markdown/bullet decoration skipped."""
    offset = 0
    for line in head.split("\n"):
        stripped = line.lstrip("#*●•> \t\u3000")
        yield offset + len(line) - len(stripped), stripped
        offset += len(line) + 1


def jurisdiction_of(text: str, head: int = 300) -> Optional[str]:
    """Infer a document's jurisdiction id from its issuer/title.

    Looks at the first ``head`` characters.  Cities (苏州市…, 苏州工业园区) and
    provinces (江苏省…) count anywhere; national markers (国务院, xx部关于…)
    only at the start of a line.  The earliest hit wins; a city right after
    its province wins over the province; a national hit containing a local
    name (中共苏州市委组织部关于) is dropped.  Returns ``None`` when nothing
    matches.
    """
    table = jurisdictions()
    text = (text or "")[:head]
    county = _county_issuer(text, table)
    if county:
        return county
    local = [(m.start(), m.end(), table.city_ids[m.group(1)]) for m in table.city_re.finditer(text)]
    local += [(m.start(), m.end(), table.province_ids[m.group(0)]) for m in table.province_re.finditer(text)]
    national = []
    for offset, line in _line_starts(text):
        for marker in table.markers:
            hit = marker.match(line)
            if hit:
                start, end = offset + hit.start(), offset + hit.end()
                if not any(start <= s and e <= end for s, e, _ in local):
                    national.append((start, end, NATION))
    candidates = sorted(local + national, key=lambda c: (c[0], c[2] == NATION))
    if not candidates:
        return None
    start, end, chosen = candidates[0]
    if table.level.get(chosen) == "province":
        for s, _, jid in candidates:
            if end <= s <= end + 1 and table.parent.get(jid) == chosen:
                return jid
    return chosen


def _county_issuer(text: str, table: "Jurisdictions") -> Optional[str]:
    """A county-level issuer at the head of ``text`` (see jurisdictions.yaml)."""
    for _, line in _line_starts(text.lstrip()[:120]):
        m = table.county_re.match(line)
        if not m:
            return None
        name = m["name"]
        if name in table.county_ids:
            return table.county_ids[name]
        city = table.city_re.match(name)  # "杭州市余杭区": a district named with its city
        if city and len(name) - city.end() >= 2 and not table.city_re.search(name, city.end()):
            return table.county_ids.get(name[city.end():], f"county:{name[city.end():]}")
        prov = table.province_re.match(name)  # "北京市朝阳区": a district named with its municipality
        if prov and prov.group().endswith("市") and len(name) - prov.end() >= 2:
            return table.county_ids.get(name[prov.end():], f"county:{name[prov.end():]}")
        if table.city_re.search(name) or table.province_re.search(name) or "省" in name:
            return None  # a prefecture-level city or a province: the table decides
        return f"county:{name}"
    return None


# -------------------------------------------------------------------- entries
def _derived(alias: str, level: str, jurisdiction: str, full: dict) -> list[str]:
    """Global aliases derived from a local one: 市发改委 -> 苏州市发改委."""
    prefix = {"city": "市", "province": "省"}.get(level)
    if not prefix or not alias.startswith(prefix) or jurisdiction not in full:
        return []
    rest = alias[1:]
    place = full[jurisdiction]
    out = [place + rest]
    if rest.startswith("委"):
        out.append("中共" + place + rest)
    return out


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalize(i) for i in items if normalize(i)))


@lru_cache(maxsize=None)
def entries() -> tuple[Entry, ...]:
    """All entries of the department gazetteer (the ``departments`` of every file under
    ``extract/rules/gazetteers/``, national first), with derived aliases expanded."""
    data = [raw for gazetteer in gazetteer_files() for raw in gazetteer.get("departments") or []]
    full = _load("jurisdictions.yaml")
    names = {full["nation"]["id"]: full["nation"]["full"]}
    names.update({p["id"]: p["full"] for p in full["provinces"]})
    names.update({c["id"]: c["name"] + "市" for c in full["cities"]})
    out = []
    for raw in data:
        local = list(raw.get("local_aliases", []))
        derived = [d for a in local for d in _derived(a, raw["level"], raw["jurisdiction"], names)]
        out.append(Entry(
            id=raw["id"], label=raw["label"], body=raw["body"], level=raw["level"],
            jurisdiction=raw["jurisdiction"],
            aliases=_unique([raw["label"], *raw.get("aliases", []), *derived]),
            local_aliases=_unique(local),
        ))
    return tuple(out)


def valid_jurisdictions(entry: Entry) -> set[str]:
    """Document jurisdictions in which ``entry``'s local aliases resolve."""
    valid = {entry.jurisdiction}
    if entry.level == "province":
        valid.update(jurisdictions().cities_of.get(entry.jurisdiction, []))
    return valid


def find_clashes(items: Iterable[Entry], places: Iterable[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """Aliases claimed by two entries in one document jurisdiction.

    Returns ``(alias, jurisdiction, ids)`` triples; jurisdiction ``"*"`` marks
    a clash between global aliases.  Empty when the gazetteer is consistent.
    """
    items = list(items)
    claims: dict[tuple[str, str], set[str]] = {}
    for entry in items:
        for alias in entry.aliases:
            claims.setdefault((alias, "*"), set()).add(entry.id)
    for place in places:
        for entry in items:
            if place in valid_jurisdictions(entry):
                for alias in entry.local_aliases:
                    claims.setdefault((alias, place), set()).add(entry.id)
        for entry in items:  # a local alias must not shadow another entry's global one
            for alias in entry.aliases:
                if (alias, place) in claims:
                    claims[(alias, place)].add(entry.id)
    return sorted((a, p, tuple(sorted(ids))) for (a, p), ids in claims.items() if len(ids) > 1)


_LEFT_OUT: frozenset = frozenset()  # enumerated names a measurement leaves out (bench/name_recall.py); empty in use


def leave_out(names: Iterable[str] = ()) -> None:
    """Measure the recogniser without some enumerated names (gazetteer aliases, fixed group expressions):
    ``bench/name_recall.py``'s leave-one-set-out recall.  ``leave_out()`` puts every name back.  Clears the caches
    of this module; callers clear the caches built on it."""
    global _LEFT_OUT
    _LEFT_OUT = frozenset(normalize(n) for n in names)
    for cached in (_index, group_rules, resolve, _known_names):
        cached.cache_clear()


@lru_cache(maxsize=None)
def _index() -> tuple[dict, dict]:
    glob, local = {}, {}
    for entry in entries():
        for alias in entry.aliases:
            if alias not in _LEFT_OUT:
                glob.setdefault(alias, entry)
        for place in valid_jurisdictions(entry):
            for alias in entry.local_aliases:
                if alias not in _LEFT_OUT:
                    local.setdefault((alias, place), entry)
    return glob, local


def _from_entry(entry: Entry) -> Resolved:
    return Resolved(entry.id, entry.label, entry.level, entry.body, entry.jurisdiction)


def resolve_department(name: str, jurisdiction: Optional[str] = None) -> Optional[Resolved]:
    """Gazetteer lookup only (no groups); ``None`` when unknown or out of scope."""
    text = normalize(name)
    glob, local = _index()
    entry = glob.get(text) or (local.get((text, jurisdiction)) if jurisdiction else None)
    if entry is None and jurisdiction:
        # a county document: its city's provincial aliases apply, its city's own do not
        city = jurisdictions().parent.get(jurisdiction)
        upper = local.get((text, city)) if jurisdictions().level.get(jurisdiction) == "county" else None
        entry = upper if upper is not None and upper.level == "province" else None
    return _from_entry(entry) if entry else None


# --------------------------------------------------------------------- groups
@lru_cache(maxsize=None)
def group_rules() -> tuple[dict, tuple[dict, ...]]:
    """(fixed alias -> rule, compiled patterns) from ``department_groups.yaml``."""
    data = _load("department_groups.yaml")
    fixed = {}
    for rule in data["fixed"]:
        for alias in _unique(rule["aliases"]):
            if alias not in _LEFT_OUT:
                fixed.setdefault(alias, rule)
    patterns = tuple(dict(rule, compiled=re.compile(rule["regex"])) for rule in data["patterns"])
    return fixed, patterns


def _members(rule: dict, jurisdiction: Optional[str]) -> list[str]:
    table = jurisdictions()
    source = rule.get("members_from")
    if source == "districts":
        return list(table.districts.get(jurisdiction, []))
    if source == "cities":
        return ["city." + c for c in table.cities_of.get(jurisdiction, [])]
    return list(rule.get("members", []))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def resolve_group(name: str, jurisdiction: Optional[str] = None) -> Optional[Resolved]:
    """Resolve a group expression (fixed expressions first, then patterns)."""
    text = normalize(name)
    fixed, patterns = group_rules()
    level = jurisdictions().level.get(jurisdiction) if jurisdiction else None
    rule = fixed.get(text)
    if rule:
        return Resolved(rule["id"], rule["label"], level, None, jurisdiction, True,
                        _members(rule, jurisdiction), rule["kind"])
    for rule in patterns:
        hit = rule["compiled"].fullmatch(text)
        if not hit:
            continue
        parts = hit.groupdict()
        if parts.get("of"):
            owner = resolve_department(parts["of"], jurisdiction)
            gid = f"{owner.id}.members" if owner else f"{jurisdiction or 'any'}.lg.{_digest(parts['of'])}.members"
            return Resolved(gid, text, level, None, jurisdiction, True, [], rule["kind"],
                            owner.id if owner else None)
        key = parts.get("function") or text
        return Resolved(f"{jurisdiction or 'any'}.functional.{_digest(key)}", text, level, None,
                        jurisdiction, True, [], rule["kind"])
    return None


# ----------------------------------------------------------------- public API
@lasting(maxsize=1 << 16)
def resolve(name: str, jurisdiction: Optional[str] = None) -> Optional[Resolved]:
    """Resolve a department or group name as written in a document.

    ``jurisdiction`` is the document's jurisdiction id (``suzhou``, ``jiangsu``,
    ``cn``, ``wuxi`` …; see :func:`jurisdiction_of`).  Short forms such as
    市发改委 resolve only inside their jurisdiction.  Returns ``None`` for
    unknown names; never raises on odd input.  Answers are cached and shared:
    callers copy ``members`` before changing it.
    """
    if not normalize(name):
        return None
    return resolve_department(name, jurisdiction) or resolve_group(name, jurisdiction)


def is_group(name: str, jurisdiction: Optional[str] = None) -> bool:
    """True when ``name`` resolves to a group expression."""
    found = resolve(name, jurisdiction)
    return bool(found and found.group)


def aliases() -> list[str]:
    """Every department alias (global, local, derived) and fixed group alias, sorted."""
    names = set(_known_names())
    names.update(group_rules()[0])
    return sorted(names)


@lru_cache(maxsize=None)
def _known_names() -> frozenset[str]:
    return frozenset(a for e in entries() for a in (*e.aliases, *e.local_aliases) if a not in _LEFT_OUT)
