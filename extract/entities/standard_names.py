"""Standard department names by level (``extract/rules/standard_departments.yaml``).

``standard_department(name, jurisdiction) -> (jurisdiction id, label) | None``
reads a name as <prefix><stem> (市科技局, 省工信厅, 杭州市科技局, a bare 科技局)
and returns the jurisdiction the department belongs to and its canonical
label (杭州市科学技术局); ``None`` when the stem is not a standard department
or the jurisdiction it belongs to cannot be told.  Pure; rules load once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from extract.entities.departments import jurisdictions, normalize
from extract.entities.jurisdiction import ancestor, describe_jurisdiction, divisions
from extract.memo import lasting
from extract.rules.loader import copied_rules


@lru_cache(maxsize=1)
def rules() -> dict:
    """{"stems": stem -> entry, "prefixes": prefix -> level, "raw": the file}."""
    raw = copied_rules("standard_departments.yaml")
    stems = {}
    for entry in raw["departments"]:
        for stem in entry["stems"]:
            if stem in stems:
                raise ValueError(f"standard_departments.yaml: stem {stem} in {stems[stem]['id']} and {entry['id']}")
            stems[stem] = entry
    return {"stems": stems, "prefixes": dict(raw["prefixes"]), "raw": raw}


@lru_cache(maxsize=1)
def _places() -> list[tuple[str, str]]:
    """(written place, jurisdiction id), longest first: 江苏省, 苏州市, 广安市, 余杭区 …"""
    from extract.entities.jurisdiction import _division_id

    table = jurisdictions()
    out = {full: jid for jid, full in table.full.items()}
    out.update({name + "市": jid for name, jid in table.city_ids.items()})
    for name in (*divisions().cities, *divisions().counties):
        if name not in out:
            jid = _division_id(name)
            if jid:
                out[name] = jid
    return sorted(out.items(), key=lambda kv: len(kv[0]), reverse=True)


@lru_cache(maxsize=1)
def _place_index() -> tuple[dict[str, str], tuple[int, ...]]:
    """(written place -> jurisdiction id, the places' lengths, longest first): ``_places`` as a dict."""
    places = _places()
    return dict(places), tuple(sorted({len(place) for place, _ in places}, reverse=True))


def _split(text: str, jurisdiction: Optional[str]) -> Optional[tuple[Optional[str], str]]:
    """(the jurisdiction id the prefix points to, stem), or None when it points nowhere."""
    index, lengths = _place_index()
    for size in lengths:  # the longest place the text starts with and goes beyond, as in _places()
        if size < len(text):
            place = text[:size]
            if place in index:
                return index[place], text[size:]
    level = rules()["prefixes"].get(text[:1])
    if level and text[1:] in rules()["stems"]:
        own = describe_jurisdiction(jurisdiction) if jurisdiction else None
        if level == "city" and own and own.level == "county" and own.name.endswith("市"):
            return jurisdiction, text[1:]  # a county-level city's 市X局 is its own
        return ancestor(jurisdiction, level), text[1:]
    return jurisdiction, text


@lasting(maxsize=1 << 14)
def standard_department(name: str, jurisdiction: Optional[str]) -> Optional[tuple[str, str]]:
    """(jurisdiction id, canonical label) of a standard department name, or None."""
    text = normalize(name)
    split = _split(text, jurisdiction)
    if split is None or split[0] is None:
        return None
    target, stem = split
    entry = rules()["stems"].get(stem)
    where = describe_jurisdiction(target)
    if entry is None or where is None or where.level in (None, "nation", "street"):
        return None
    key = {"district": "county"}.get(where.level, where.level)
    return target, ("中共" if entry.get("party") else "") + where.name + entry["canonical"][key]
