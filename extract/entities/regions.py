"""Gazetteers by jurisdiction: which districts, places and platforms a document may name.

The gazetteers live in ``extract/rules/gazetteers/``, one file per jurisdiction, read in the
order of ``gazetteers/levels.yaml``: ``national.yaml`` (level national, no region: its entries
match everywhere), then ``province/<id>.yaml``, then ``city/<id>.yaml`` (level province/city,
``region: <jurisdiction id>`` of ``extract.entities.jurisdiction``), each with ``districts``,
``places`` and ``platforms`` lists; recipe in ``extract/rules/README.md``.  Read first wins when
two entries claim one name (``extract.entities.places``), so national names take precedence over
a province's, a province's over a city's.

``region_entries(kind)`` lists the entries of one kind of every file (in precedence order:
``extract.rules.loader.gazetteer_files``), each with its file's region; ``scope(jurisdiction)``
gives the regions whose entries may match in a document of that jurisdiction: the jurisdiction itself and the ones that enclose
it (a Suzhou county's document: the county, Suzhou, Jiangsu) and, for a province's document, the
regions inside it (a Jiangsu document may name Suzhou's platforms).  A document of no known
jurisdiction gets no regional entry.  Pure; files load once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from extract.entities.jurisdiction import describe_jurisdiction, parent_of
from extract.rules.loader import gazetteer_files

_KEYS = {"district": "districts", "place": "places", "platform": "platforms"}


def region_entries(kind: str) -> list[dict]:
    """Entries of ``kind`` (district, place, platform) of every gazetteer file, in precedence
    order, each with its file's region (none for national entries)."""
    key = _KEYS.get(kind)
    if key is None:
        return []
    return [{**entry, "region": entry.get("region", data.get("region"))}
            for data in gazetteer_files() for entry in data.get(key) or []]


def entry_region(entry: dict, file_region: Optional[str]) -> Optional[str]:
    """The region an entry belongs to: its own ``region`` (set by :func:`region_entries`) or its
    file's; None for a national entry (matches everywhere)."""
    return entry.get("region", file_region)


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
