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
    return runs if not items or len(runs) >= int(r["min_preamble_runs"]) else []
