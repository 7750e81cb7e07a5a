"""Regional gazetteers: which districts, places and platforms a document may name.

A gazetteer entry may belong to a region (a jurisdiction id of
``extract.entities.jurisdiction``): its own ``region`` field, else its file's top-level
``region`` (``districts.yaml`` is Suzhou's), else none (matches everywhere;
``region: any`` says so inside a regional file).  A city's own gazetteer is one
file, ``extract/rules/regions/<jurisdiction id>.yaml`` (``region`` plus
``districts``, ``places``, ``platforms`` lists of entries in the format of the
shared files); recipe in ``extract/rules/README.md``.

``region_entries(kind)`` lists the entries of the regional files of one kind;
``scope(jurisdiction)`` gives the regions whose entries may match in a
document of that jurisdiction: the jurisdiction itself and the ones that
enclose it (a Suzhou county's document: the county, Suzhou, Jiangsu) and, for a
province's document, the regions inside it (a Jiangsu document may name
Suzhou's platforms).  A document of no known jurisdiction gets no regional
entry.  Pure; files load once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from extract.entities.jurisdiction import describe_jurisdiction, parent_of

REGIONS = Path(__file__).parents[1] / "rules" / "regions"
_KEYS = {"district": "districts", "place": "places", "platform": "platforms"}
ANY = "any"


@lru_cache(maxsize=1)
def region_files() -> tuple[dict, ...]:
    """The parsed regional files, sorted by name; ``ValueError`` names a file without ``region``."""
    out = []
    for path in sorted(REGIONS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not data.get("region"):
            raise ValueError(f"{path}: a regional gazetteer needs a top-level region: <jurisdiction id>")
        out.append({**data, "path": str(path)})
    return tuple(out)


def region_entries(kind: str) -> list[dict]:
    """Entries of ``kind`` (district, place, platform) from the regional files, each with its region."""
    key = _KEYS.get(kind)
    if key is None:
        return []
    return [{**entry, "region": entry.get("region", data["region"])}
            for data in region_files() for entry in data.get(key) or []]


def entry_region(entry: dict, file_region: Optional[str]) -> Optional[str]:
    """The region an entry belongs to (None: everywhere)."""
    region = entry.get("region", file_region)
    return None if region in (None, ANY) else region


def _chain(jid: Optional[str]) -> list[str]:
    out = []
    while jid and jid not in out and len(out) < 6:
        out.append(jid)
        jid = parent_of(jid)
    return out


@lru_cache(maxsize=256)
def scope(jurisdiction: Optional[str], regions: frozenset) -> frozenset:
    """The members of ``regions`` whose entries may match in a document of ``jurisdiction``."""
    if not jurisdiction:
        return frozenset()
    mine = set(_chain(jurisdiction)) - {"cn"}
    province = describe_jurisdiction(jurisdiction).level == "province"
    return frozenset(r for r in regions if r in mine or (province and jurisdiction in _chain(r)))
