"""Chinese full-text search over tasks, with department names resolved.

``SearchIndex.from_store(store)`` reads every task (title, text, document) and
every (task, role, department, name) edge once and builds an inverted index of
jieba search terms (:func:`extract.entities.segment.search_terms`; the title counts
twice).  Build it once per store generation and keep it: it is read-only.

``index.search(query, limit=None, offset=0) -> SearchResult``: ``total`` hits, of which
``hits`` holds the page asked for (all of them without ``limit``; snippets are made for
that page only, and only its ``offset + limit`` best are ordered: a common word on a big
store ranks tens of thousands of tasks):

- the query is split on white space; a part (or the whole query) that names a
  department (or holds a name of 4+ characters as the store writes it, as in
  市科技局研发投入) — a name it goes by in the store, a gazetteer alias or full name
  in one of the store's jurisdictions (市科学技术局 → 市科技局), or the end of
  one of its names of 3+ characters (科技局) — restricts the hits to that
  department's tasks;
- the other parts rank the tasks by Okapi BM25 (k1 = 1.2, b = 0.75) over
  their terms; a task matching none of them is left out;
- hits sort by the department's strongest role (lead, responsible,
  participant), then by how many of the parts of several words the task
  contains as written (研发投入 as a phrase before 研发 … 投入 apart), then
  BM25 score, then task key in natural order.

Raises nothing for any string; a query without terms or departments gives no hits.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional

from extract.entities import departments as gazetteer
from extract.entities.segment import search_terms

from . import instances
from .vocab import ROLE_RANK
from .instances import local_id
from .queries import entities as EQ

K1, B = 1.2, 0.75
_DIGITS = re.compile(r"(\d+)")
_SNIPPET = 60  # characters of context on each side of the first matched term


def natural_key(text: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _DIGITS.split(text) if p)


@dataclass
class Hit:
    """One task found: its summary fields, score, the role of a matched department, a snippet."""

    key: str
    number: str
    title: str
    document: str
    score: float
    role: Optional[str]
    snippet: list[tuple[str, bool]]  # (text, is a matched term)

    def as_dict(self) -> dict:
        return {"key": self.key, "number": self.number, "title": self.title, "document": self.document,
                "score": round(self.score, 4), "department_role": self.role,
                "snippet": "".join(t for t, _ in self.snippet)}


@dataclass
class SearchResult:
    query: str
    terms: list[str]
    departments: list[dict]  # {"id", "label"} of the departments the query named
    hits: list[Hit] = field(default_factory=list)  # the page asked for
    total: int = 0  # hits on every page


@dataclass
class _Task:
    iri: str
    key: str
    number: str
    title: str
    text: str
    document: str
    length: int


class SearchIndex:
    """See the module docstring."""

    def __init__(self, tasks: list[_Task], postings: dict[str, dict[int, int]],
                 names: dict[str, set[str]], roles: dict[str, dict[int, str]],
                 labels: dict[str, str], jurisdictions: list[str]):
        self.tasks, self.postings, self.names, self.roles = tasks, postings, names, roles
        self.labels, self.jurisdictions = labels, jurisdictions
        self.avg_length = (sum(t.length for t in tasks) / len(tasks)) if tasks else 0.0

    @classmethod
    def from_store(cls, store) -> "SearchIndex":
        """Index every task of ``store`` (an embedded or remote store); raises its QueryError/StoreError."""
        columns, rows = store.query(EQ.search_tasks()).rows()
        tasks: list[_Task] = []
        postings: dict[str, dict[int, int]] = defaultdict(dict)
        by_iri: dict[str, int] = {}
        for values in sorted(rows, key=lambda v: natural_key(v[1])):
            r = dict(zip(columns, values))
            if r["t"] in by_iri:
                continue
            terms = search_terms(r["title"]) + search_terms(r["text"] or "")
            by_iri[r["t"]] = len(tasks)
            for term, n in Counter(terms).items():
                postings[term][len(tasks)] = n
            tasks.append(_Task(r["t"], r["key"], r["number"], r["title"], r["text"] or r["title"],
                               local_id(r["doc"]), len(terms)))
        names: dict[str, set[str]] = defaultdict(set)
        roles: dict[str, dict[int, str]] = defaultdict(dict)
        labels: dict[str, str] = {}
        _, nrows = store.query(EQ.search_names()).rows()
        for d, name in nrows:
            names[name].add(d)
            names[local_id(d)].add(d)  # its id (suzhou.kjj) names it too
        _, rrows = store.query(EQ.search_roles()).rows()
        for t, role, d in rrows:
            i = by_iri.get(t)
            if i is None:
                continue
            best = roles[d].get(i)
            if best is None or ROLE_RANK[role] < ROLE_RANK[best]:
                roles[d][i] = role
        _, lrows = store.query(EQ.search_labels()).rows()
        for d, label in lrows:
            labels.setdefault(d, label)
        _, jrows = store.query(EQ.jurisdictions()).rows()
        return cls(tasks, dict(postings), dict(names), dict(roles), labels, sorted(j for (j,) in jrows))

    # ------------------------------------------------------------ departments

    def departments_named(self, part: str) -> set[str]:
        """IRIs of the departments ``part`` names (exactly, by gazetteer alias, or as a name's end)."""
        part = part.strip()
        if not part:
            return set()
        found = set(self.names.get(part, ()))
        for j in (*self.jurisdictions, None):
            resolved = gazetteer.resolve(part, j)
            if resolved is not None and resolved.id:
                iri = instances.iri("dept", resolved.id)
                if iri in self.roles:
                    found.add(iri)
        if not found and len(part) >= 3:
            for name, iris in self.names.items():
                if name.endswith(part):
                    found |= iris
        return {d for d in found if d in self.roles}

    def _names_inside(self, part: str) -> list[str]:
        """Department names of 4+ characters written inside ``part``, longest first, not overlapping."""
        found: list[str] = []
        for name in sorted((n for n in self.names if len(n) >= 4 and n in part), key=len, reverse=True):
            if name in part and not any(name in f for f in found):
                found.append(name)
        return found

    # ------------------------------------------------------------ ranking

    def _bm25(self, terms: list[str]) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        n = len(self.tasks)
        for term in set(terms):
            posting = self.postings.get(term)
            if not posting:
                continue
            idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
            for i, tf in posting.items():
                norm = tf + K1 * (1 - B + B * self.tasks[i].length / (self.avg_length or 1))
                scores[i] += idf * tf * (K1 + 1) / norm
        return scores

    def search(self, query: str, limit: Optional[int] = None, offset: int = 0) -> SearchResult:
        """The tasks ``query`` finds, best first: ``hits`` from ``offset``, at most ``limit`` of
        them (all without a limit), and their ``total`` (see the module docstring)."""
        query = " ".join(query.split())
        whole = self.departments_named(query)
        parts = [query] if whole else query.split(" ")
        depts: set[str] = set(whole)
        text_parts = []
        for part in parts:
            named = whole if whole else self.departments_named(part)
            if named:
                depts |= named
                continue
            for name in self._names_inside(part):  # 市科技局研发投入: the name, then the words
                depts |= self.names[name] & self.roles.keys()
                part = part.replace(name, " ")
            text_parts += part.split()
        terms = [t for p in text_parts for t in search_terms(p)]
        result = SearchResult(query, terms, [{"id": local_id(d), "label": self.labels.get(d, local_id(d))}
                                             for d in sorted(depts)])
        if not terms and not depts:
            return result
        role_of: dict[int, str] = {}
        for d in depts:
            for i, role in self.roles.get(d, {}).items():
                if i not in role_of or ROLE_RANK[role] < ROLE_RANK[role_of[i]]:
                    role_of[i] = role
        scores = self._bm25(terms) if terms else {}
        candidates = set(role_of) if depts else set(scores)
        if terms:
            candidates &= set(scores)
        phrases = [p.lower() for p in text_parts if len(search_terms(p)) > 1]

        def whole(i: int) -> int:  # how many multi-word parts the task contains as written
            text = self.tasks[i].text.lower()
            return sum(p in text for p in phrases)

        def rank(i: int) -> tuple:  # tasks are indexed in the natural order of their keys
            return ROLE_RANK.get(role_of.get(i), 3), -whole(i) if phrases else 0, -scores.get(i, 0.0), i

        result.total = len(candidates)
        if limit is None:
            ranked = sorted(candidates, key=rank)[offset:]
        else:
            ranked = heapq.nsmallest(offset + limit, candidates, key=rank)[offset:]
        matched = set(terms)
        for i in ranked:
            t = self.tasks[i]
            result.hits.append(Hit(t.key, t.number, t.title, t.document, scores.get(i, 0.0),
                                   role_of.get(i), snippet(t.text, matched)))
        return result


def snippet(text: str, terms: set[str]) -> list[tuple[str, bool]]:
    """A window of ``text`` around its first matched term, as (piece, is a match) pairs; every
    occurrence of a term (longest first) in the window is marked."""
    lowered = text.lower()
    ordered = sorted((t for t in terms if t), key=len, reverse=True)
    ordered = [t for t in ordered if len(t) > 1] or ordered  # single characters mark only when alone
    first = min((p for p in (lowered.find(t) for t in ordered) if p >= 0), default=0)
    start = max(0, first - _SNIPPET)
    end = min(len(text), first + 2 * _SNIPPET)
    window, low = text[start:end], lowered[start:end]
    marks = [False] * len(window)
    for term in ordered:
        at = low.find(term)
        while at >= 0:
            for k in range(at, at + len(term)):
                marks[k] = True
            at = low.find(term, at + len(term))
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append(("…", False))
    for ch, mark in zip(window, marks):
        if pieces and pieces[-1][1] == mark and pieces[-1][0] != "…":
            pieces[-1] = (pieces[-1][0] + ch, mark)
        else:
            pieces.append((ch, mark))
    if end < len(text):
        pieces.append(("…", False))
    return pieces
