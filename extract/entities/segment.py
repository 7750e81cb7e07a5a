"""The project's only jieba wrapper.

``cut(text) -> list[str]`` and ``pos_tags(text) -> list[tuple[str, str]]``
segment Chinese text (``word_tags(text)``: the same pairs from rjieba, for the extractor's hot paths); ``search_terms(text) -> list[str]`` gives the search
index's terms; ``add_words(words, tag)`` extends the user dictionary.
jieba is imported and its dictionary initialised lazily, once per process
(~1 s), with a user dictionary built from the gazetteers in extract/rules/
(districts and places as "ns", platforms as "nt", industries as "nz").
Search terms come from rjieba (jieba-rs, the same dictionary and algorithm in
Rust, about 15 times faster: indexing a big store's tasks is seconds, not
minutes) with the same user dictionary.
Raises ImportError only when jieba (or rjieba) is not installed and a function is called.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Iterable

from extract.memo import lasting

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


@lru_cache(maxsize=1)
def _rjieba():
    """An rjieba segmenter with the same gazetteer user dictionary (and the words added since)."""
    import rjieba

    segmenter = rjieba.Jieba()
    for kind, tag in _TAGS.items():
        for word in _gazetteer_names(kind):
            segmenter.add_word(word, None, tag)
    for word, tag in _added:
        segmenter.add_word(word, None, tag)
    return segmenter


_added: list[tuple[str, str]] = []


def add_words(words: Iterable[str], tag: str = "nz") -> None:
    """Add words with POS ``tag`` to the dictionary of both segmenters (initialises jieba)."""
    jb = _jieba()
    words = list(words)
    for word in words:
        jb.add_word(word, tag=tag)
        _added.append((word, tag))
    if _rjieba.cache_info().currsize:
        for word in words:
            _rjieba().add_word(word, None, tag)
        _word_terms.cache_clear()


def cut(text: str) -> list[str]:
    """Segment ``text`` into words (precise mode, HMM on)."""
    return list(_jieba().cut(text))


def pos_tags(text: str) -> list[tuple[str, str]]:
    """Segment ``text`` into (word, POS flag) pairs."""
    import jieba.posseg

    _jieba()
    return [(p.word, p.flag) for p in jieba.posseg.cut(text)]


@lasting(maxsize=1 << 16)  # (a clause is read again: a document is read twice, a sentence by several readers)
def word_tags(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` as (word, POS flag) pairs from rjieba (jieba's dictionary and tags in Rust, with the same user
    dictionary; about ten times faster than :func:`pos_tags`, whose HMM may cut unknown words differently)."""
    return tuple(_rjieba().tag(text))


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ALNUM_RUN = re.compile(r"[^\W_]+")


def search_terms(text: str) -> list[str]:
    """``text`` as search terms: jieba's search-engine mode (long words and the words inside them,
    so 科学技术局 gives 科学, 技术, 科学技术 and 局), lower-cased, without tokens that hold no letter,
    digit or CJK character (punctuation, spaces); a token of other characters is split into its
    runs of letters and digits (2024-2026 gives 2024 and 2026, as jieba's Python segmenter does)."""
    terms: list[str] = []
    for word in _rjieba().cut(text):  # precise mode, then jieba's search-mode expansion of each word
        terms.extend(_word_terms(word))
    return terms


@lru_cache(maxsize=200_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """The search terms of one word of the precise cut (kept: words repeat across texts)."""
    if _CJK.search(word):
        known = _rjieba().has_word
        n = len(word)
        grams = [g for g in (word[i:i + 2] for i in range(n - 1)) if known(g)] if n > 2 else []
        if n > 3:
            grams += [g for g in (word[i:i + 3] for i in range(n - 2)) if known(g)]
        return (*grams, word.lower())
    if any(c.isalnum() for c in word):
        return tuple(run.lower() for run in _ALNUM_RUN.findall(word))
    return ()
