"""The issuing bodies of a document, read from its title or its signature block.

``title_issuer(title)`` reads the organs a title starts with ("安徽省人民政府
办公厅关于…", "平潭综合实验区党工委 平潭综合实验区管委会印发《…》");
``signature_issuer(text, date_start)`` reads the organs signed above the
signature date (one per line, several on a line separated by spaces, or glued
together by a crawl: "河北省工业和信息化厅河北省发展和改革委员会").  Both
return the organs joined by 、, or None.  Patterns are the rule ``issuer`` of
``extract/rules/structure.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.rules.loader import load_rules


@lru_cache(maxsize=1)
def _rules():
    r = load_rules("structure.yaml")["issuer"]
    organ = r["organ"]
    return {
        "title": re.compile(r["title_pattern"].replace("{organ}", organ)),
        "organ": re.compile(r"(?:%s)" % organ),
        "starts": _starts(r["split_before"]),
        "lines": int(r["signature_lines"]),
    }


def _starts(words: str) -> re.Pattern:
    """Where an organ's name may start: ``words`` or a place name."""
    from extract.entities.departments import jurisdictions
    from extract.entities.jurisdiction import divisions

    table, div = jurisdictions(), divisions()
    places = {*table.full.values(), *div.cities, *div.counties, *table.county_ids}
    alternation = "|".join(sorted(map(re.escape, places), key=len, reverse=True))
    return re.compile(f"(?:{words}|{alternation})")


def _glued(piece: str) -> list[str]:
    """``piece`` cut into the most organ names at places where a name may
    start, or [] when no such cut exists."""
    c = _rules()
    cuts = [0] + [m.start() for m in c["starts"].finditer(piece) if m.start() > 0] + [len(piece)]
    cuts = sorted(set(cuts))
    best: dict[int, list[str]] = {0: []}
    for i, start in enumerate(cuts):
        if start not in best:
            continue
        for end in cuts[i + 1:]:
            if c["organ"].fullmatch(piece, start, end):
                path = best[start] + [piece[start:end]]
                if end not in best or len(path) > len(best[end]):
                    best[end] = path
    return best.get(len(piece), [])


def _organs(text: str) -> list[str]:
    """``text`` cut into organ names (spaces, 、 and glued names split), or []
    when a piece is not an organ's name."""
    out = []
    for piece in (p for p in re.split(r"[\s、，,]+", text) if p):
        names = _glued(piece)
        if not names:
            return []
        out.extend(names)
    return out


def title_issuer(title: str) -> Optional[str]:
    """The organs a title starts with (see module docstring), or None."""
    m = _rules()["title"].match(title or "")
    if not m:
        return None
    organs = _organs(m.group("issuer"))
    return "、".join(organs) or None


def signature_issuer(text: str, date_start: int) -> Optional[str]:
    """The organs signed in the lines right above ``date_start`` (the
    signature date), or None when those lines are not organ names."""
    c = _rules()
    before = text[max(0, date_start - 400):date_start]
    lines = [ln.strip(" \t\u3000") for ln in before.split("\n")]
    block: list[str] = []
    for line in reversed(lines):
        if not line:
            if block:
                continue
            continue
        tail = re.split(r"[。：:；;！!]", line)[-1]
        tail = re.sub(r"^[0-9A-Za-z\-—_.]+", "", tail)
        if not _organs(tail):
            break
        block.insert(0, tail)
        if tail != line or len(block) >= c["lines"]:
            break
    organs = [o for piece in block for o in _organs(piece)]
    return "、".join(organs) or None
