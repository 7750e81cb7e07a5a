"""Districts, places, platforms and industries named in cleaned text.

Public pure functions (``text`` is cleaned text; returned spans are
``(offset + start, offset + end)``; results are ``Mention`` records sorted by
span):

- ``find_all(text, offset=0, jurisdiction=None, scoped=False)``: mentions of
  kind "district", "place", "platform" (the gazetteers by jurisdiction,
  extract/rules/gazetteers/, read by extract/entities/regions.py; platforms also
  by suffix patterns, platforms.yaml, see extract/entities/platforms.py) and
  "industry" (industries.yaml); ``scoped``: regional entries only in documents
  of their region (extract/entities/regions.py)

All gazetteers are plain regex alternations (longest first), compiled once.
Overlaps are resolved across ALL kinds by preferring the longest hit (ties:
gazetteer before pattern, then district, platform, place, industry), so 太仓
inside 西北工业大学太仓校区 is not a district mention.  Nothing here imports
jieba.  Rule files that are missing or invalid raise FileNotFoundError /
ValueError on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from extract.model import Mention
from extract.entities.platforms import find_pattern_platforms, normalize_name, pattern_id
from extract.entities import regions
from extract.rules.loader import compile_scan, load_rules, trie_regex

_KINDS = ("district", "platform", "place", "industry")
_VARIANTS = {"platform": "platforms.yaml"}  # spelling variants, applied to that kind's names only
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
    variants = [(v["from"], v["to"]) for v in load_rules(_VARIANTS[kind])["variants"]] if kind in _VARIANTS else []
    index: dict[str, _Entry] = {}  # the first entry read (national, province, city) keeps a name
    guards: dict[str, list[dict]] = {}
    surfaces: list[str] = []
    entries = load_rules("industries.yaml")["concepts"] if kind == "industry" else regions.region_entries(kind)
    for entry in entries:
        label = entry.get("label") or entry.get("prefLabel")
        item = _Entry(entry["id"], label, entry.get("type"), regions.entry_region(entry, None))
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
    return frozenset(e.region for kind in _KINDS for e in _gazetteer(kind)[1].values() if e.region)


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
    for kind in _KINDS:
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
