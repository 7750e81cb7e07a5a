"""The SHACL shapes (``graph/shapes.ttl``) compiled to SPARQL, run on the loaded store.

The build never holds the corpus graph in rdflib, so pySHACL cannot see it;
instead every constraint of the shapes becomes one SELECT returning the focus
nodes (and values) that break it, run on the fresh pyoxigraph store before it
is swapped in.  ``compile_checks()`` reads the shapes: node shapes with
``sh:targetClass`` (instances of the class or of a subclass), property shapes
with an IRI ``sh:path``, and the components ``sh:minCount``, ``sh:maxCount``,
``sh:datatype`` (the datatype, and a well-formed value for the XSD types SPARQL
can cast to), ``sh:class``, ``sh:in``, ``sh:nodeKind``, ``sh:minLength``,
``sh:minInclusive``, ``sh:lessThanOrEquals``.  Any other component, target or
path raises :class:`UnsupportedShape` naming it, so a new shape can never be
skipped silently.  ``violations(select) -> list[str]`` runs the checks through
``select(sparql) -> list[dict]``; ``verify(select)`` raises
:class:`ConformanceError` with them.  ``tests/test_streaming_build.py`` checks
that these checks and pySHACL agree, constraint by constraint.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from rdflib import RDF, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

from .queries.dataset import ANY_SUBCLASS
from .shapes import shapes_graph
from .instances import iri
from .vocab import PKG, RDFS

Select = Callable[[str], Iterable[dict]]
SUBCLASS = str(RDFS.subClassOf)
#: an instance of a class or of one of its subclasses
TYPE_PATH = f"<{RDF.type}>/<{SUBCLASS}>*"

#: XSD datatypes whose lexical forms SPARQL can check by casting (an ill-formed value does not cast)
CASTABLE = {XSD.integer, XSD.decimal, XSD.boolean, XSD.date, XSD.gYear, XSD.double, XSD.float,
            XSD.dateTime, XSD.string}
#: components that describe rather than constrain, or that ``compile_checks`` reads with another
IGNORED = {SH.path, SH.name, SH.description, SH.order, SH.group, SH.message, SH.severity}
NODE_SHAPE_KEYS = {RDF.type, SH.targetClass, SH.property, SH.name, SH.description, SH.message, SH.severity}


class ConformanceError(Exception):
    """The corpus graph breaks a shape; the message lists what and where."""


class UnsupportedShape(ValueError):
    """The shapes use something the compiler does not know; the message names it."""


@dataclass(frozen=True)
class Check:
    """One constraint: a description and the SELECT of the focus nodes ``?x`` that break it."""

    shape: str
    target_class: str
    path: str
    what: str
    sparql: str
    #: the SHACL component (its local name: "minCount", "datatype"…) and its argument as
    #: :mod:`graph.file_checks` reads it (an int, an IRI string, the N-Triples of the allowed terms)
    component: str = ""
    arg: object = None


def _term(t) -> str:
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        lex = str(t).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if t.language:
            return f'"{lex}"@{t.language}'
        return f'"{lex}"^^<{t.datatype}>' if t.datatype else f'"{lex}"'
    raise UnsupportedShape(f"graph/shapes.ttl: cannot use {t!r} in a check")


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _property_checks(shape, cls, prop) -> list[Check]:
    g = shapes_graph()
    path = g.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"graph/shapes.ttl: {_local(shape)}: only IRI paths are compiled, not {path!r}")
    focus = f"?x {TYPE_PATH} <{cls}>"
    value = f"{focus} . ?x <{path}> ?v"
    out = []

    def add(what: str, where: str, select: str = "?x ?v", tail: str = "") -> None:
        arg_of = {"in": lambda: tuple(_term(t) for t in Collection(g, arg)), "minInclusive": lambda: _term(arg)}
        argument = arg_of[_local(key)]() if _local(key) in arg_of else (
            int(arg) if key in (SH.minCount, SH.maxCount, SH.minLength) else str(arg))
        out.append(Check(str(shape), str(cls), str(path), what,
                         f"SELECT DISTINCT {select} WHERE {{ {where} }}{tail} LIMIT 3", _local(key), argument))

    for key, arg in g.predicate_objects(prop):
        if key in IGNORED:
            continue
        if key == SH.minCount:
            n = int(arg)
            add(f"sh:minCount {n}", f"{focus} OPTIONAL {{ ?x <{path}> ?v }}", "?x (COUNT(DISTINCT ?v) AS ?n)",
                f" GROUP BY ?x HAVING (COUNT(DISTINCT ?v) < {n})")
        elif key == SH.maxCount:
            n = int(arg)
            add(f"sh:maxCount {n}", value, "?x (COUNT(DISTINCT ?v) AS ?n)",
                f" GROUP BY ?x HAVING (COUNT(DISTINCT ?v) > {n})")
        elif key == SH.datatype:
            cast = " || !BOUND(?c)" if arg in CASTABLE else ""
            bind = f" BIND(<{arg}>(STR(?v)) AS ?c)" if arg in CASTABLE else ""
            add(f"sh:datatype {_local(arg)}",
                f"{value}{bind} FILTER(!isLiteral(?v) || DATATYPE(?v) != <{arg}>{cast})")
        elif key == SH["class"]:
            add(f"sh:class {_local(arg)}", f"{value} FILTER NOT EXISTS {{ ?v {TYPE_PATH} <{arg}> }}")
        elif key == SH["in"]:
            allowed = " || ".join(f"sameTerm(?v, {_term(t)})" for t in Collection(g, arg))
            add("sh:in", f"{value} FILTER(!({allowed}))")
        elif key == SH.nodeKind:
            test = {SH.IRI: "isIRI(?v)", SH.Literal: "isLiteral(?v)", SH.BlankNode: "isBlank(?v)"}.get(arg)
            if test is None:
                raise UnsupportedShape(f"graph/shapes.ttl: {_local(shape)}: sh:nodeKind {_local(arg)}")
            add(f"sh:nodeKind {_local(arg)}", f"{value} FILTER(!{test})")
        elif key == SH.minLength:
            add(f"sh:minLength {int(arg)}", f"{value} FILTER(isBlank(?v) || STRLEN(STR(?v)) < {int(arg)})")
        elif key == SH.minInclusive:
            add(f"sh:minInclusive {arg}", f"{value} FILTER(COALESCE(!(?v >= {_term(arg)}), true))")
        elif key == SH.lessThanOrEquals:
            add(f"sh:lessThanOrEquals {_local(arg)}",
                f"{value} . ?x <{arg}> ?w FILTER(COALESCE(!(?v <= ?w), true))")
        else:
            raise UnsupportedShape(f"graph/shapes.ttl: {_local(shape)}: {_local(key)} is not compiled")
    return out


@lru_cache(maxsize=1)
def compile_checks() -> tuple[Check, ...]:
    """Every constraint of the shapes as a :class:`Check` (raises :class:`UnsupportedShape`)."""
    g = shapes_graph()
    out: list[Check] = []
    for shape in sorted(g.subjects(RDF.type, SH.NodeShape)):
        for key in set(g.predicates(shape)) - NODE_SHAPE_KEYS:
            raise UnsupportedShape(f"graph/shapes.ttl: {_local(shape)}: {_local(key)} is not compiled")
        classes = list(g.objects(shape, SH.targetClass))
        if not classes:
            raise UnsupportedShape(f"graph/shapes.ttl: {_local(shape)}: only sh:targetClass targets are compiled")
        for cls in classes:
            for prop in g.objects(shape, SH.property):
                out.extend(_property_checks(shape, cls, prop))
    return tuple(sorted(out, key=lambda c: (c.shape, c.path, c.what)))


def violations(select: Select, threads: int | None = None, skip: frozenset = frozenset(),
               focus: Iterable[str] | None = None, only: frozenset | None = None) -> list[str]:
    """One line per broken constraint, with up to three focus nodes (empty when the graph conforms).
    The checks run in ``threads`` threads (default: one per core; pyoxigraph releases the GIL while
    it evaluates a query, so they use the cores); ``skip``: target class IRIs left out; ``only``:
    when given, the only target class IRIs checked; ``focus``: only these nodes (IRIs) are checked
    (an incremental build's touched nodes)."""
    out = []
    checks = tuple(c for c in compile_checks()
                   if c.target_class not in skip and (only is None or c.target_class in only))
    # with no rdfs:subClassOf in the graph, "an instance of C or of a subclass" is "of type C"
    plain = not list(select(ANY_SUBCLASS))
    nodes: dict[str | None, list[str]] = {None: sorted(focus)} if focus is not None else {}
    if focus is not None and plain:
        # every check starts with "?x of type C": each is asked about the focus nodes of its class only,
        # and not at all when there is none (the same rows; an update's 5,000 IRIs are not parsed 105 times)
        nodes = {}
        for r in select(f"SELECT ?x ?c WHERE {{ {_values(sorted(focus))}?x <{RDF.type}> ?c }}"):
            nodes.setdefault(r["c"], []).append(r["x"])
        checks = tuple(c for c in checks if c.target_class in nodes)

    def run(check: Check) -> list[dict]:
        sparql = check.sparql.replace(TYPE_PATH, f"<{RDF.type}>") if plain else check.sparql
        if focus is None:
            return list(select(sparql))
        only = _values(sorted(nodes[check.target_class if plain else None]))
        return list(select(sparql.replace("WHERE { ", "WHERE { " + only, 1)))

    if threads == 1:  # a file's small store, in a worker process
        answers = [run(c) for c in checks]
    else:
        with ThreadPoolExecutor(max_workers=threads or os.cpu_count() or 1) as pool:
            answers = list(pool.map(run, checks))
    for check, rows in zip(checks, answers):
        if rows:
            nodes = ", ".join(f"<{r['x']}>" + (f" ({r['n']} values)" if r.get("n") else "")
                              + (f" value {r['v']!r}" if r.get("v") is not None else "") for r in rows)
            out.append(f"{_local(check.shape)}: {_local(check.path)} breaks {check.what}: {nodes}")
    return out


def _values(iris: list[str]) -> str:
    """``VALUES ?x { <iri> … } `` of ``iris``."""
    return "VALUES ?x { " + " ".join(f"<{x}>" for x in iris) + " } "


#: what the build does not check: the evidence nodes, written as they are by one small function
#: (graph.provenance) and checked by ``policykg validate`` (graph.validation), as before the build
#: was streamed; checking them too would make the checks five times longer
NOT_AT_BUILD = frozenset({str(PKG.Evidence)})


def verify_build(select: Select) -> None:
    """:func:`verify` with what the build checks (all but :data:`NOT_AT_BUILD`)."""
    verify(select, skip=NOT_AT_BUILD)


#: the classes of the nodes that belong to one file (minted from its document ids, described by
#: it alone: :mod:`graph.file_graph`): a full build checks their constraints file by file, in the
#: workers (:func:`check_file`), and all the others on the loaded store (:func:`verify_files`)
FILE_CLASSES = frozenset(str(c) for c in (PKG.Document, PKG.Section, PKG.Task, PKG.Target, PKG.Warning,
                                          PKG.DepartmentInDocument))
_EVIDENCE = b"<" + iri("evidence", "").encode()  # how an evidence node's line starts


def check_file(triples: bytes, select_in: Callable[[bytes], Select]) -> list[str]:
    """The violations of the :data:`FILE_CLASSES` constraints by one file's triples (its own and
    those of the shared nodes it describes; its evidence nodes, not checked at build, left out),
    in a store of these triples alone made by ``select_in(ntriples) -> select``.

    Why a file's store is enough: a node of these classes has all its triples in its file, and
    the values it points to (departments, mentions, jurisdictions) are described, with their
    types, by the same file; more triples elsewhere can only add types to those values, which
    can only satisfy an ``sh:class``.  What this leans on is checked on the loaded store by
    :func:`verify_files`; a value typed only in another file shows up here as a violation, which
    sends the build back to checking the whole store."""
    kept = b"\n".join(line for line in triples.split(b"\n") if not line.startswith(_EVIDENCE))
    return violations(select_in(kept), threads=1, skip=NOT_AT_BUILD, only=FILE_CLASSES)


def verify_files(select: Select, file_types: dict[str, int], file_violations: bool,
                 written: Iterable = ()) -> None:
    """The build's check of a store whose files passed :func:`check_file` (``file_violations``:
    whether any file reported one; ``file_types``: class IRI → instances among the files' own
    nodes, summed): the constraints of the other classes on the whole store.  The whole store is
    checked instead (:func:`verify_build`) when a file reported a violation (it may be satisfied
    by another file, or stand), when the graph declares subclasses, or when the store does not
    hold exactly the :data:`FILE_CLASSES` instances the files checked (a node minted by two
    files, a shared node of one of these classes).  ``written``: the classes the build checked
    from the lines it wrote itself (:class:`graph.written_checks.Written`); one is left out of the
    store's checks only when it vouches for the store.  Raises :class:`ConformanceError`."""
    if file_violations or list(select(ANY_SUBCLASS)) or any(
            int(next(iter(select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x <{RDF.type}> <{c}> }}")))["n"])
            != file_types.get(c, 0) for c in sorted(FILE_CLASSES)):
        verify_build(select)
        return
    vouched = frozenset(w.cls for w in written if w.vouches(select))
    verify(select, skip=NOT_AT_BUILD | FILE_CLASSES | vouched)


def verify_touched(select: Select, focus: Iterable[str]) -> None:
    """:func:`verify_build` on the nodes ``focus`` only (an incremental build, :mod:`graph.incremental`)."""
    verify(select, skip=NOT_AT_BUILD, focus=focus)


def verify(select: Select, skip: frozenset = frozenset(), focus: Iterable[str] | None = None) -> None:
    """Raise :class:`ConformanceError` listing :func:`violations`, if any."""
    found = violations(select, skip=skip, focus=focus)
    if found:
        raise ConformanceError("the graph does not conform to graph/shapes.ttl:\n" + "\n".join(found))
