"""Values from requests in our own queries (graph.bindings): substitutions on the embedded store, safely
written text on a real `oxigraph serve`; hostile values find exactly what they name on both."""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
import pytest

from graph import instances
from graph import queries as Q
from graph.bindings import Bound, bind, inline, substitutions
from graph.queries import views as VQ
from graph.store import EmbeddedStore, StoreConfig, build_store, open_store
from graph.vocab import DCTERMS, PKG, RDF, RDFS
from oxigraph_support import needs_server, oxigraph_server

#: names a request could send: quotes, backslashes, line breaks, a closing brace that would end a
#: group, an escape sequence written out, a comment sign, wide and astral characters
HOSTILE = [
    '市"科技局',
    "市'科技局",
    "back\\slash\\",
    "line\nbreak\r\tand tab",
    'x" } UNION { ?d ?p ?o } #',
    "x\\\" ) } #",
    "\\u0022}",
    "}",
    "苏州市科技局😀",
    "?ident $ident <http://example.org/x>",
]


def _ntriples() -> bytes:
    quads = []
    for i, name in enumerate(HOSTILE):
        dept = ox.NamedNode(instances.iri("dept", f"h{i}"))
        task = ox.NamedNode(instances.iri("task", name))
        doc = ox.NamedNode(instances.iri("doc", "d"))
        quads += [ox.Quad(dept, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PKG.Department))),
                  ox.Quad(dept, ox.NamedNode(str(RDFS.label)), ox.Literal(name, language="zh")),
                  ox.Quad(task, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PKG.Task))),
                  ox.Quad(task, ox.NamedNode(str(PKG.key)), ox.Literal(name)),
                  ox.Quad(task, ox.NamedNode(str(PKG.number)), ox.Literal(str(i))),
                  ox.Quad(task, ox.NamedNode(str(DCTERMS.title)), ox.Literal(f"title {i}", language="zh")),
                  ox.Quad(task, ox.NamedNode(str(PKG.text)), ox.Literal(f"before {name} after", language="zh")),
                  ox.Quad(task, ox.NamedNode(str(PKG.inDocument)), doc)]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile")
    build_store(data, _ntriples())
    store = EmbeddedStore(data)
    yield store
    store.close()


def _answers(store) -> list:
    """What the store answers for every hostile value, through every query that takes one."""
    out = []
    for name in HOSTILE:
        out.append(([r[0] for r in store.query(Q.find_departments(name)).rows()[1]],
                    [r[0] for r in store.query(VQ.task_by_key(name)).rows()[1]],
                    sorted(r[1] for r in store.query(Q.task_list(text=name)).rows()[1])))
    return out


def _expected() -> list:
    out = []
    for i, name in enumerate(HOSTILE):
        # a value that is also a later name's substring (}) finds those tasks by text too
        texts = sorted(n for n in HOSTILE if name in f"before {n} after")
        out.append(([instances.iri("dept", f"h{i}")], [instances.iri("task", name)], texts))
    return out


def test_hostile_values_find_exactly_what_they_name_in_the_embedded_store(embedded):
    assert _answers(embedded) == _expected()


@needs_server
@pytest.mark.server
def test_hostile_values_find_exactly_what_they_name_on_a_server(tmp_path, free_port):
    with oxigraph_server(tmp_path / "ox", free_port()) as base:
        cfg = StoreConfig(query_url=f"{base}/query", update_url=f"{base}/update")
        assert build_store(cfg, _ntriples()) == len(HOSTILE) * 8
        assert _answers(open_store(cfg)) == _expected()


def test_the_embedded_store_gets_the_value_as_a_substitution_not_as_text():
    query = Q.find_departments('a"b')
    assert isinstance(query, Bound) and 'a"b' not in query and "a\\\"b" not in query
    assert substitutions(query) == {ox.Variable("ident"): ox.Literal('a"b')}
    assert substitutions("SELECT * WHERE { ?s ?p ?o }") is None


def test_a_server_gets_the_value_written_as_one_literal():
    query = bind('SELECT DISTINCT ?d ?ident WHERE { ?d ?p ?n . FILTER(STR(?n) = ?ident) # ?ident\n'
                 ' BIND("?ident" AS ?x) BIND(<http://e.org/?ident> AS ?y) }', ident='x"}\n\\')
    assert inline(query) == ('SELECT DISTINCT ?d ("x\\"}\\n\\\\" AS ?ident) WHERE { ?d ?p ?n . '
                             'FILTER(STR(?n) = "x\\"}\\n\\\\") # ?ident\n'
                             ' BIND("?ident" AS ?x) BIND(<http://e.org/?ident> AS ?y) }')
    assert inline(bind("ASK { ?s ?p ?n }", n=2026)) == \
        'ASK { ?s ?p "2026"^^<http://www.w3.org/2001/XMLSchema#integer> }'
    assert inline(bind("ASK { ?s ?p ?n }", n=ox.Literal("市", language="zh"))) == 'ASK { ?s ?p "市"@zh }'
    with pytest.raises(ValueError):
        inline(bind("ASK { ?s ?p ?n }", n=ox.NamedNode("http://e.org/a b")))


def test_equal_text_with_other_values_is_another_query():
    a, b = VQ.task_by_key("甲"), VQ.task_by_key("乙")
    assert str(a) == str(b) and a != b and hash(a) != hash(b)
    assert a == VQ.task_by_key("甲") and len({a, b, VQ.task_by_key("甲")}) == 2
    assert a != str(a)  # a memo keyed by plain text never answers a bound query


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_through_the_api_are_answered_not_run(client, value):
    """On the sample: a hostile text filter finds nothing (it is text, not query), a hostile department
    or district name is a 404 in the one error shape, a hostile task key a 404 view."""
    assert client.get("/api/tasks", params={"q": "科技创新"}).json()["total"] > 0  # the filter finds text
    r = client.get("/api/tasks", params={"q": value})
    assert r.status_code == 200 and r.json()["total"] == 0
    for path in ("/api/departments/", "/api/districts/", "/api/tasks/"):
        r = client.get(path + quote(value, safe=""))
        assert r.status_code == 404 and r.json()["error"]["code"] == "not-found", (path, r.text[:200])
