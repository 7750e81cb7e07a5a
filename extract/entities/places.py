"""Districts, places, platforms and industries named in cleaned text.

Public pure functions (``text`` is cleaned text; returned spans are
``(offset + start, offset + end)``; results are ``Mention`` records sorted by
span):

- ``find_districts(text, offset=0)``  kind "district" (districts.yaml)
- ``find_places(text, offset=0)``     kind "place" (places.yaml)
- ``find_platforms(text, offset=0)``  kind "platform" (platforms.yaml:
  gazetteer + suffix patterns, see extract/entities/platforms.py)
- ``find_industries(text, offset=0)`` kind "industry" (industries.yaml)
- ``find_all(text, offset=0)``        all four kinds at once
- ``district_profiles(text, offset=0) -> list[DistrictProfile]``

All gazetteers are plain regex alternations (longest first), compiled once.
Overlaps are resolved across ALL kinds by preferring the longest hit (ties:
gazetteer before pattern, then district, platform, place, industry), so 太仓
inside 西北工业大学太仓校区 is not a district mention.  Nothing here imports
jieba.  Rule files that are missing or invalid raise FileNotFoundError /
ValueError on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Optional

from extract.model import Mention, Span
from extract.entities.platforms import find_pattern_platforms, normalize_name, pattern_id
from extract.entities import regions
from extract.rules.loader import compile_scan, load_rules, trie_regex

_FILES = {"district": "districts.yaml", "platform": "platforms.yaml", "place": "places.yaml", "industry": "industries.yaml"}
_PRIORITY = {"district": 0, "platform": 1, "place": 2, "industry": 3}
_PATTERN_PRIORITY = 4
_GUARD_WINDOW = 12
_BRACKETS = {"（": "[（(]", "(": "[（(]", "）": "[）)]", ")": "[）)]", "·": "[·・•]", "・": "[·・•]", "•": "[·・•]"}


class _Entry(NamedTuple):
    id: str
    label: str
    type: Optional[str]
    region: Optional[str] = None  # extract.entities.regions: matched only in documents of this region


class _Hit(NamedTuple):
    start: int
    end: int
    priority: int
    kind: str
    id: str
    label: str
    type: Optional[str]
    region: Optional[str] = None


@dataclass
class DistrictProfile:
    """One district section of a report organised by district headings."""

    district: Mention
    span: Span
    industries: list[Mention] = field(default_factory=list)
    platforms: list[Mention] = field(default_factory=list)


def _surfaces(entry: dict, variants: list[tuple[str, str]]) -> list[str]:
    names = [entry.get("label") or entry.get("prefLabel")]
    names += entry.get("aliases") or entry.get("altLabels") or []
    out = set(n for n in names if n)
    for name in list(out):
        for old, new in variants:
            if old in name:
                out.add(name.replace(old, new))
            if new in name:
                out.add(name.replace(new, old))
    return sorted(out, key=len, reverse=True)


@lru_cache(maxsize=None)
def _gazetteer(kind: str) -> tuple[re.Pattern, dict, dict]:
    """(alternation regex, normalized surface -> _Entry, surface -> guards)."""
    data = load_rules(_FILES[kind])
    variants = [(v["from"], v["to"]) for v in data.get("variants", [])]
    index: dict[str, _Entry] = {}
    guards: dict[str, list[dict]] = {}
    surfaces: list[str] = []
    for entry in [*(data.get("entries") or data.get("concepts")), *regions.region_entries(kind)]:
        label = entry.get("label") or entry.get("prefLabel")
        item = _Entry(entry["id"], label, entry.get("type"), regions.entry_region(entry, data.get("region")))
        for surface in _surfaces(entry, variants):
            index.setdefault(normalize_name(surface), item)
            surfaces.append(surface)
        for guard in entry.get("guards") or []:
            guards.setdefault(normalize_name(guard["label"]), []).append(guard)
    pattern = trie_regex(set(surfaces), lambda ch: _BRACKETS.get(ch, re.escape(ch)))
    return compile_scan(pattern), index, guards


def _guarded(text: str, start: int, end: int, guards: list[dict]) -> bool:
    for guard in guards:
        after = guard.get("not_before")
        if after and re.match(after, text[end:end + _GUARD_WINDOW]):
            return True
        before = guard.get("not_after")
        if before and re.search(f"(?:{before})$", text[max(0, start - _GUARD_WINDOW):start]):
            return True
    return False


def _gazetteer_hits(text: str, kind: str) -> list[_Hit]:
    regex, index, guards = _gazetteer(kind)
    hits = []
    for m in regex.finditer(text):
        key = normalize_name(m.group())
        entry = index.get(key)
        if entry is None or (key in guards and _guarded(text, m.start(), m.end(), guards[key])):
            continue
        hits.append(_Hit(m.start(), m.end(), _PRIORITY[kind], kind, entry.id, entry.label, entry.type,
                         entry.region))
    return hits


@lru_cache(maxsize=None)
def all_regions() -> frozenset:
    """Every region an entry of any gazetteer belongs to."""
    return frozenset(e.region for kind in _FILES for e in _gazetteer(kind)[1].values() if e.region)


def _in_scope(region: Optional[str], allowed: Optional[frozenset]) -> bool:
    return region is None or allowed is None or region in allowed


def _pattern_hits(text: str, gazetteer_hits: list[_Hit], allowed: Optional[frozenset] = None) -> list[_Hit]:
    _, index, _ = _gazetteer("platform")
    blocked = frozenset(h.end for h in gazetteer_hits if h.kind == "platform")
    toponyms = sorted((h.start, h.end) for h in gazetteer_hits if h.kind in ("district", "place"))
    hits = []
    for p in find_pattern_platforms(text, blocked, toponyms):
        name = text[p.start:p.end]
        entry = index.get(normalize_name(name))
        if entry is not None and _in_scope(entry.region, allowed):
            hits.append(_Hit(p.start, p.end, _PRIORITY["platform"], "platform", entry.id, entry.label, entry.type))
        else:
            label = "".join(name.split())
            hits.append(_Hit(p.start, p.end, _PATTERN_PRIORITY, "platform", pattern_id(name), label, p.type))
    return hits


def _pick(cluster: list[_Hit]) -> list[_Hit]:
    chosen: list[_Hit] = []
    for cand in sorted(cluster, key=lambda h: (h.start - h.end, h.priority, h.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return chosen


def _resolve(hits: list[_Hit]) -> list[_Hit]:
    """Drop overlapping hits: within each cluster of overlapping hits keep the
    longest first (ties by priority, then leftmost)."""
    kept: list[_Hit] = []
    cluster: list[_Hit] = []
    cluster_end = -1
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if cluster and hit.start >= cluster_end:
            kept.extend(_pick(cluster))
            cluster = []
        cluster.append(hit)
        cluster_end = max(cluster_end, hit.end) if len(cluster) > 1 else hit.end
    kept.extend(_pick(cluster))
    return sorted(kept, key=lambda h: (h.start, h.end))


@lru_cache(maxsize=4)
def _resolved(text: str, allowed: Optional[frozenset] = None) -> tuple[_Hit, ...]:
    hits: list[_Hit] = []
    for kind in _FILES:
        hits.extend(h for h in _gazetteer_hits(text, kind) if _in_scope(h.region, allowed))
    hits.extend(_pattern_hits(text, hits, allowed))
    return tuple(_resolve(hits))


def _mentions(text: str, offset: int, kind: Optional[str], allowed: Optional[frozenset] = None) -> list[Mention]:
    return [
        Mention(name=text[h.start:h.end], span=(offset + h.start, offset + h.end), kind=h.kind,
                id=h.id, label=h.label, type=h.type)
        for h in _resolved(text, allowed)
        if kind is None or h.kind == kind
    ]


def find_all(text: str, offset: int = 0, jurisdiction: Optional[str] = None, scoped: bool = False) -> list[Mention]:
    """All district, place, platform and industry mentions, sorted by span.
    ``scoped``: only the regional entries valid in a document of ``jurisdiction``
    (extract.entities.regions.scope; none when it is None); unscoped, every entry."""
    allowed = regions.scope(jurisdiction, all_regions()) if scoped else None
    return _mentions(text, offset, None, allowed)


def find_districts(text: str, offset: int = 0) -> list[Mention]:
    """Mentions of Suzhou's ten 板块 (kind "district"), sorted by span."""
    return _mentions(text, offset, "district")


def find_places(text: str, offset: int = 0) -> list[Mention]:
    """Other places (kind "place": region, city, water, country …)."""
    return _mentions(text, offset, "place")


def find_platforms(text: str, offset: int = 0) -> list[Mention]:
    """Named platforms (kind "platform"), by gazetteer and suffix pattern."""
    return _mentions(text, offset, "platform")


def find_industries(text: str, offset: int = 0) -> list[Mention]:
    """Industry concepts of industries.yaml named in ``text``."""
    return _mentions(text, offset, "industry")


@lru_cache(maxsize=1)
def industry_scheme() -> dict[str, dict]:
    """id -> concept (prefLabel, altLabels, broader) of industries.yaml."""
    return {c["id"]: c for c in load_rules("industries.yaml")["concepts"]}


@lru_cache(maxsize=1)
def _profile_regexes() -> tuple[re.Pattern, re.Pattern]:
    data = load_rules("districts.yaml")
    names = set()
    for entry in data["entries"]:
        names.add(entry["label"])
        names.update(entry.get("aliases") or [])
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    prof = data["profiles"]
    heading = re.compile(prof["heading"].replace("{names}", alternation), re.M)
    return heading, re.compile(prof["section_end"], re.M)


_MD_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]", re.M)


def _section_end(text: str, start: int, limit: int, level: int, end_re: re.Pattern) -> int:
    """End of a section: ``limit`` (next district heading), an earlier
    Markdown heading of the same or a higher level, or a section_end line."""
    end = limit
    if level:
        for m in _MD_HEADING.finditer(text, start, limit):
            if len(m.group(1)) <= level:
                end = m.start()
                break
    m = end_re.search(text, start, end)
    return m.start() if m else end


def _first_by_id(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.id not in seen:
            seen.add(m.id)
            out.append(m)
    return out


def district_profiles(text: str, offset: int = 0) -> list[DistrictProfile]:
    """Split ``text`` at lines that consist only of a district name (optionally
    with Markdown # marks or bold) and collect, per section, the industries
    and platforms it names (first mention of each id).  Sections end at the
    next district heading, at a Markdown heading of the same or higher level,
    or at a source note line.  Returns [] when there is no such heading."""
    heading, end_re = _profile_regexes()
    _, index, _ = _gazetteer("district")
    heads = list(heading.finditer(text))
    profiles = []
    for i, h in enumerate(heads):
        limit = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        line = h.group(0).lstrip()
        level = len(line) - len(line.lstrip("#"))
        body_start = h.end()
        end = _section_end(text, body_start, limit, level, end_re)
        entry = index[normalize_name(h.group("name"))]
        district = Mention(name=h.group("name"), span=(offset + h.start("name"), offset + h.end("name")),
                           kind="district", id=entry.id, label=entry.label, type=entry.type)
        body = text[body_start:end]
        found = find_all(body, offset + body_start)
        profiles.append(DistrictProfile(
            district=district,
            span=(offset + h.start(), offset + end),
            industries=_first_by_id([m for m in found if m.kind == "industry"]),
            platforms=_first_by_id([m for m in found if m.kind == "platform"]),
        ))
    return profiles
