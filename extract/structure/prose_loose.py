"""Duty sentences that no numbered item encloses (rule ``prose.loose`` in
``extract/rules/assignments.yaml``): a regulation whose crawl lost every 第X条,
a notice stored on one line with no numbering found, the text before a document's
first item.

``loose_runs(text, items, start, end, accept, regulation, prose)`` reads the text of
``text[start:end]`` before the first of ``items`` (all of it without items) sentence by
sentence with :func:`~extract.structure.prose_runs.duty_runs` and returns its duty runs
``[((start, end), assignments)]`` (no exceptions raised).
"""

from __future__ import annotations

from functools import lru_cache

from extract.rules.loader import load_rules
from extract.structure.prose import ARTICLE, MUST, everywhere_units
from extract.structure.prose_runs import duty_runs

__all__ = ["loose_runs"]


@lru_cache(maxsize=1)
def _rule() -> dict:
    return load_rules("assignments.yaml")["prose"].get("loose", {})


def loose_runs(text: str, items: list, start: int, end: int, accept, regulation: bool, prose) -> list:
    """The duty runs, as tasks, of the text before the first of ``items`` (:class:`~extract.
    structure.numbering.Item`; all of ``text[start:end]`` without items): in a regulation each
    sentence naming a unit's duty ("X负责…", "X应当…", "由X…"), elsewhere (or with ``prose`` =
    MUST) also "X要…", less the exhortations and leading groups of rule ``prose.everywhere``
    outside regulations.  Text before a first item (a preamble) counts only with at least
    ``prose.loose.min_preamble_runs`` runs: a body whose numbering was lost.  [] when rule
    ``prose.loose`` is off."""
    r = _rule()
    if not r.get("enabled", False):
        return []
    stop = min((it.start for it in items), default=end)
    if stop - start < int(r["min_chars"]):
        return []
    runs = duty_runs(text, start, stop, accept, prose=ARTICLE if regulation and prose != MUST else MUST)
    if not regulation:  # no exhortations, no leading groups
        runs = [(span, everywhere_units(text, found)) for span, found in runs]
    runs = [(span, found) for span, found in runs if found]
    runs = _colon_lines(text, start, stop, accept, runs) if not items else runs  # (a preamble's "X：" is its addressees)
    return runs if not items or len(runs) >= int(r["min_preamble_runs"]) else []


def _colon_lines(text: str, start: int, stop: int, accept, runs: list) -> list:
    """``runs`` with the lines of ``text[start:stop]`` that open with a unit and a colon ("县自然资源局：负责…", a
    department-first duty list whose numbering was lost or never printed; rule ``prose.loose.colon_lines``) that no
    run reads yet, each a task of its unit (:func:`extract.structure.duties.colon_unit`), in text order."""
    if not _rule().get("colon_lines", False):
        return runs
    from extract.structure.duties import colon_unit, organisation_only
    from extract.structure.prose_subjects import _generic

    marker = _marker()
    added = []
    at = start
    while at < stop:
        nl = text.find("\n", at, stop)
        line_end = stop if nl < 0 else nl
        first = at
        while first < line_end and text[first] in " \t\u3000":
            first += 1
        m = marker.match(text, first, line_end)
        first = m.end() if m else first
        colon = min((c for c in (text.find("：", first, first + 22), text.find(":", first, first + 22)) if c >= 0),
                    default=-1)
        if (colon >= 0 and line_end - colon > _rule()["colon_body_min"] and not any(s <= first < e for (s, e), _ in runs)
                and text[first:line_end].rstrip(" \t\u3000").endswith(("。", "；", ";"))
                and not _not_body().search(text, colon, line_end)):
            # (a sentence after the colon: not a heading, an addressee line "各有关单位：", a page's "发布机构: X")
            a = colon_unit(text, first, line_end, accept)
            if a is not None and not organisation_only(a) and not _generic(a.lead + a.participants + a.responsible):
                added.append(((at, line_end), [a]))
        at = line_end + 1
    return sorted(runs + added, key=lambda run: run[0][0]) if added else runs


@lru_cache(maxsize=1)
def _not_body():
    import re

    return re.compile(_rule()["colon_not"])


@lru_cache(maxsize=1)
def _marker():
    import re

    return re.compile(_rule()["colon_marker"])
