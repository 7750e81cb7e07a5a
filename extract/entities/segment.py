"""The project's only jieba wrapper.

``cut(text) -> list[str]`` and ``pos_tags(text) -> list[tuple[str, str]]``
segment Chinese text; ``add_words(words, tag)`` extends the user dictionary.
jieba is imported and its dictionary initialised lazily, once per process
(~1 s), with a user dictionary built from the gazetteers in extract/rules/
(districts and places as "ns", platforms as "nt", industries as "nz").
Raises ImportError only when jieba is not installed and a function is called.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Iterable

_TAGS = {"district": "ns", "place": "ns", "platform": "nt", "industry": "nz"}


def _gazetteer_names(kind: str) -> list[str]:
    """Labels and aliases of the gazetteer entries of ``kind`` (every jurisdiction's; industries)."""
    from extract.entities.regions import region_entries
    from extract.rules.loader import load_rules

    entries = load_rules("industries.yaml")["concepts"] if kind == "industry" else region_entries(kind)
    names: list[str] = []
    for entry in entries:
        names.append(entry.get("label") or entry.get("prefLabel"))
        names.extend(entry.get("aliases") or entry.get("altLabels") or [])
    return [n for n in names if n]


@lru_cache(maxsize=1)
def _jieba():
    """Import and initialise jieba once, with the gazetteer user dictionary."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for kind, tag in _TAGS.items():
        for word in _gazetteer_names(kind):
            jieba.add_word(word, tag=tag)
    return jieba


def add_words(words: Iterable[str], tag: str = "nz") -> None:
    """Add words with POS ``tag`` to jieba's dictionary (initialises jieba)."""
    jb = _jieba()
    for word in words:
        jb.add_word(word, tag=tag)


def cut(text: str) -> list[str]:
    """Segment ``text`` into words (precise mode, HMM on)."""
    return list(_jieba().cut(text))


def pos_tags(text: str) -> list[tuple[str, str]]:
    """Segment ``text`` into (word, POS flag) pairs."""
    import jieba.posseg

    _jieba()
    return [(p.word, p.flag) for p in jieba.posseg.cut(text)]


def search_terms(text: str) -> list[str]:
    """``text`` as search terms: jieba's search-engine mode (long words and the words inside them,
    so 科学技术局 gives 科学, 技术, 科学技术 and 局), lower-cased, without tokens that hold no letter,
    digit or CJK character (punctuation, spaces)."""
    return [w.lower() for w in _jieba().cut_for_search(text) if any(c.isalnum() for c in w)]
