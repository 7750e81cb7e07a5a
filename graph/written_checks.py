"""A class of nodes the build writes itself, checked from the lines it wrote instead of on the whole store.

The build makes the ``pkg:CoParticipation`` nodes itself, at the end, from the summed pairs
(:func:`graph.materialise.pair_ntriples`); checking their constraints with SPARQL over the
loaded store took about 80% of the store's checks (ten SELECTs over every pair, after the last
file: time the two cores cannot share with the workers).  Here the same compiled checks run in
Python on those lines (:func:`graph.file_checks.check_lines`, given the lines typing the
departments, for ``sh:class``), and two counts on the store tell whether the store holds
exactly what was read:

``check_written(triples, cls, typing=b"") -> Written`` reads the lines; ``Written.vouches(select)
-> bool`` is true only when the lines broke nothing, the store holds as many ``cls`` instances as
the lines type, and as many triples about them as the lines hold (distinct).  Every line written
is loaded (the loader refuses the build otherwise), so the store holds at least these triples;
equal counts then mean it holds no other triple about these nodes and no other instance, and the
store's checks would read exactly the values read here.  A value's type is only taken from the
lines given: one typed elsewhere is reported, which is stricter.  When it does not vouch, the
class is checked on the store as before (:func:`graph.shape_checks.verify_files`), which decides.

It never vouches for what it cannot read exactly: a line about one of these nodes must be written
canonically (IRIs without escapes, integers in their canonical form), so that distinct lines are
distinct triples; any other is reported.  Nothing here raises on bad lines: it reports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .file_checks import check_lines
from .queries.dataset import instance_count, instance_triple_count

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_IRI = rb'<[^<>"{}|^`\\\x00-\x20]*>'
#: a line as the build writes the pairs: IRIs, or a canonical xsd:integer (distinct lines: distinct triples)
CANONICAL = re.compile(_IRI + b" " + _IRI + b" (?:" + _IRI
                       + rb'|"(?:0|-?[1-9][0-9]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#integer>) \.')

Select = Callable[[str], Iterable[dict]]


@dataclass(frozen=True)
class Written:
    """What the lines of one class's nodes say: its broken constraints, its instances, the
    distinct triples about them."""

    cls: str
    violations: tuple[str, ...]
    nodes: int
    triples: int

    def vouches(self, select: Select) -> bool:
        """Whether the store (``select(sparql) -> rows``) needs no check of :attr:`cls`: the lines
        broke nothing and the store holds exactly their instances and triples (module docstring)."""
        if self.violations:
            return False
        return (_count(select, instance_count(self.cls)) == self.nodes
                and _count(select, instance_triple_count(self.cls)) == self.triples)


def _count(select: Select, sparql: str) -> int:
    return int(next(iter(select(sparql)))["n"])


def check_written(triples: bytes, cls: str, typing: bytes = b"") -> Written:
    """The constraints of ``cls`` (an IRI) on the nodes ``triples`` types with it, read from the
    lines (``typing``: lines that type the values, e.g. the departments, also loaded), with the
    counts :meth:`Written.vouches` compares with the store."""
    data = triples + typing
    found = check_lines(data, frozenset({cls}))
    lines = set(data.split(b"\n"))
    lines.discard(b"")
    tail = f" <{_TYPE}> <{cls}> .".encode()
    nodes = {line[:-len(tail)] for line in lines if line.endswith(tail)}
    about = [line for line in lines if line.split(b" ", 1)[0] in nodes]
    odd = [line for line in about if not CANONICAL.fullmatch(line)]
    if odd:
        found.append(f"{len(odd)} line(s) about {cls} not written canonically (the store decides), "
                     f"e.g. {odd[0][:200]!r}")
    return Written(cls, tuple(found), len(nodes), len(about))
