"""One vocabulary: graph/vocab.py against ontology.ttl, SPARQL only in the queries package, one IRI
minter, one format table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, URIRef
from rdflib.namespace import SH

from extract.model import Role
from graph import instances
from graph.formats import FORMATS, GRAPH, TABLE, by_media, offers
from graph.vocab import ONTOLOGY_IRI, PKG, ROLE_PROPERTY, ROLE_RANK, ROLES

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extract", "graph", "api")
DECLARED = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
NS = ONTOLOGY_IRI + "#"


def _sources(suffix: str = ".py"):
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob(f"*{suffix}"))


@pytest.fixture(scope="module")
def ontology_terms() -> set[str]:
    g = Graph().parse(ROOT / "ontology.ttl", format="turtle")
    return {str(s)[len(NS):] for kind in DECLARED for s in g.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_every_ontology_term_is_in_vocab_and_nothing_else(ontology_terms):
    assert ontology_terms == set(PKG.__annotations__)


def test_every_term_the_code_names_is_in_the_ontology(ontology_terms):
    """``PKG.x`` / ``PKG["x"]`` in Python and ``pkg:x`` in any query text (.py, .rq, templates, scripts)."""
    named: dict[str, str] = {}
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\bPKG(?:\.|\[\")([A-Za-z]\w*)", text):
            named.setdefault(m.group(1), f"{path.relative_to(ROOT)}")
        for m in re.finditer(r"\bpkg:([A-Za-z]\w*)", text):
            named.setdefault(m.group(1), f"{path.relative_to(ROOT)}")
    for suffix in (".rq", ".html", ".js"):
        for path in _sources(suffix):
            if "static" in path.parts and path.name.endswith(".min.js"):
                continue
            for m in re.finditer(r"\bpkg:([A-Za-z]\w*)", path.read_text(encoding="utf-8")):
                named.setdefault(m.group(1), f"{path.relative_to(ROOT)}")
    named.pop("role", None)  # f"pkg:{role}" in the queries: the role names, checked below
    shapes = Graph().parse(ROOT / "graph" / "shapes.ttl", format="turtle")
    shape_names = {str(s)[len(NS):] for s in shapes.subjects(RDF.type, SH.NodeShape)}
    unknown = {term: where for term, where in named.items() if term not in ontology_terms | shape_names}
    assert unknown == {}
    assert len(named) > 40  # the scan does find the terms


def test_roles_are_the_ontology_role_properties(ontology_terms):
    assert ROLES == ("lead", "participant", "responsible") == tuple(r.value for r in Role)
    assert {str(p) for p in ROLE_PROPERTY.values()} == {NS + r for r in ROLES} and set(ROLES) <= ontology_terms
    assert list(ROLE_RANK) == ["lead", "responsible", "participant"]
    assert Role.PARTICIPANT.field == "participants" and Role.LEAD.field == "lead"


# ---------------------------------------------------------------- SPARQL lives in graph/queries/

#: text shaped like SPARQL: a query form with its variables or pattern, a prefix declaration, an update
#: (SQL such as graph/ledger.py's "SELECT * FROM tally" is not: SPARQL's FROM takes an <IRI>)
SPARQL = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?:[?$(]|\*(?!\s*FROM\s+[A-Za-z_]))|\bCONSTRUCT\s*(?:\{|WHERE)|\bASK\s*\{"
                    r"|\bDESCRIBE\s+[?<]|\bPREFIX\s+[\w-]*:\s*<|\bWHERE\s*\{|\bINSERT\s+DATA\b"
                    r"|\bDELETE\s+(?:DATA|WHERE)\b|\b(?:MOVE|DROP|CLEAR|LOAD|COPY|ADD)\s+(?:SILENT\s+)?"
                    r"(?:GRAPH\b|DEFAULT\b|<)")
#: modules outside graph/queries/ that may hold SPARQL, and why
ALLOWED = {
    "graph/shape_checks.py": "compiles graph/shapes.ttl: each SELECT is assembled from a shape's class and path",
}


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, text) of every string constant and f-string part that is not a docstring."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            out.append((node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "?x"
                                             for v in node.values)))
    return out


def _sparql_outside_queries() -> list[str]:
    found = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("graph/queries/") or rel in ALLOWED:
            continue
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if SPARQL.search(text):
                found.append(f"{rel}:{line}: {text.strip()[:80]!r}")
    return found


def test_sparql_text_lives_only_in_the_queries_package_and_the_gallery():
    assert _sparql_outside_queries() == []
    assert all((ROOT / p).exists() for p in ALLOWED)


def test_the_sparql_scan_finds_queries_where_they_are():
    text = (ROOT / "graph" / "queries" / "__init__.py").read_text(encoding="utf-8")
    assert sum(1 for _, s in _strings(ast.parse(text)) if SPARQL.search(s)) >= 10
    assert SPARQL.search('SELECT ?t WHERE { ?t a pkg:Task }') and SPARQL.search("INSERT DATA { }")
    assert not SPARQL.search("Rows of a SELECT on a raw store") and not SPARQL.search("select ?x")


def test_the_regex_rejecting_updates_is_not_a_query():
    """api/routers/sparql.py names update keywords in a pattern; the scan must not take it for SPARQL."""
    assert not [f for f in _sparql_outside_queries() if f.startswith("api/routers/sparql.py")]


# ---------------------------------------------------------------- IRIs and formats

@pytest.mark.parametrize("kind, key", [("task", "suzhou_2022_01-1:1.2"), ("dept", "suzhou:市'科技局\"/#?%"),
                                       ("evidence", "k#lead-0"), ("doc", "a b")])
def test_an_instance_iri_reads_back_to_its_key(kind, key):
    iri = instances.iri(kind, key)
    assert iri.startswith(instances.BASE + kind + "/") and "/" not in iri[len(instances.BASE + kind + "/"):]
    assert instances.parse(iri) == (kind, key) and instances.local_id(iri) == key
    assert instances.term(kind, key) == f"<{iri}>" and str(instances.node(kind, key)) == iri
    assert instances.parse("http://example.org/task/x") is None
    assert instances.id_path(iri) == "/id/" + iri[len(instances.BASE):]
    assert instances.href(iri) == ({"task": "/tasks/", "dept": "/departments/", "doc": "/documents/"}.get(
        kind, f"/id/{kind}/") + iri.rsplit("/", 1)[1])
    assert instances.href("http://example.org/task/x") is None
    with pytest.raises(ValueError):
        instances.iri("Not-A-Kind", key)


def test_iris_are_minted_in_one_module():
    """No other module percent-encodes a key under the base (``ID[...]`` or ``quote`` next to a kind)."""
    minting = re.compile(r"\bID\[|\{ID_BASE\}|\bID_BASE\s*\+")
    found = [f"{p.relative_to(ROOT)}" for p in _sources() if p.name != "instances.py"
             and minting.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_one_format_table():
    assert TABLE == ("json", "xml", "csv", "tsv") and GRAPH == ("turtle", "ntriples", "rdfxml", "jsonld")
    assert FORMATS["csv"].content_type == "text/csv; charset=utf-8"
    assert FORMATS["jsonld"].content_type == "application/ld+json"
    assert by_media("text/turtle; charset=utf-8").name == "turtle" and by_media("image/gif") is None and by_media("image/png").kind == "picture"
    assert offers(["jsonld"]) == [("application/ld+json", "jsonld"), ("application/json", "jsonld")]
    media = [m for f in FORMATS.values() for m in (f.media,)]
    assert len(media) == len(set(media))  # a media type names one format
    from api.query_page import DOWNLOADS
    assert DOWNLOADS["graph"] == [("Turtle", "turtle"), ("N-Triples", "ntriples"), ("JSON-LD", "jsonld")]
