"""SSRF: no spelling of SERVICE makes the endpoint fetch anything.

Each attack spelling is first shown to be real, by running it in a plain
in-memory pyoxigraph store, which does call a local listener; then it is sent
to the service (GET, form POST, sparql-query body), which must refuse it
while the listener receives nothing.  Counterexamples, queries that only
*mention* the word, must still be answered.
"""

from __future__ import annotations

import http.server
import json
import threading

import pyoxigraph as ox
import pytest

from graph.query_guard import service_calls

XSD = "http://www.w3.org/2001/XMLSchema#"


class _Listener:
    """A loopback HTTP server that answers any request with one SPARQL JSON row and counts them."""

    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                hits.append(self.path)
                body = json.dumps({"head": {"vars": ["a"]}, "results": {"bindings": [
                    {"a": {"type": "literal", "value": "leaked"}}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener():
    lis = _Listener()
    yield lis
    lis.close()


# name -> (query template with {U} for the listener's URL, does plain pyoxigraph really call it?)
ATTACKS = {
    "plain": ("SELECT * {{ SERVICE <{U}> {{ ?a ?b ?c }} }}", True),
    "no space before the IRI": ("SELECT * {{ SERVICE<{U}> {{ ?a ?b ?c }} }}", True),
    "comment between keyword and IRI": ("SELECT * {{ SERVICE#note\n<{U}> {{ ?a ?b ?c }} }}", True),
    "empty prefix": ("PREFIX : <{U}> SELECT * {{ SERVICE :x {{ ?a ?b ?c }} }}", True),
    "empty prefix glued": ("PREFIX : <{U}> SELECT * {{ SERVICE:x {{ ?a ?b ?c }} }}", True),
    "LATERAL with a URL built at run time": (
        "SELECT * {{ BIND(IRI(CONCAT('{U}', '?x')) AS ?x) LATERAL {{ SERVICE ?x {{ ?a ?b ?c }} }} }}", True),
    "mixed case and SILENT": ("SELECT * {{ sErViCe SILENT <{U}> {{ ?a ?b ?c }} }}", True),
    "tab and newlines": ("SELECT * {{\tSERVICE\n\n\t<{U}>\n{{ ?a ?b ?c }} }}", True),
    "glued after a dot": ("SELECT * {{ ?s ?p ?o.SERVICE<{U}>{{?a ?b ?c}} }}", True),
    "glued after a number": ("SELECT * {{ ?s ?p 1SERVICE<{U}>{{?a ?b ?c}} }}", True),
    "glued after true": ("SELECT * {{ ?s ?p trueSERVICE<{U}>{{?a ?b ?c}} }}", True),
    "glued after a string": ("SELECT * {{ ?s ?p 'x'SERVICE<{U}>{{?a ?b ?c}} }}", True),
    "glued after a brace": ("SELECT * {{ {{}}SERVICE<{U}>{{?a ?b ?c}} }}", True),
    "glued after FILTER()": ("SELECT * {{ FILTER(true)SERVICE<{U}>{{?a ?b ?c}} }}", True),
    "less-than that looks like an IRI": ("SELECT * {{ ?s ?p ?o FILTER(!(?o<?o))SERVICE#>\n<{U}>{{?a ?b ?c}} }}", True),
    "in OPTIONAL": ("SELECT * {{ OPTIONAL {{ SERVICE <{U}> {{ ?a ?b ?c }} }} }}", True),
    "in FILTER EXISTS": ("SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{U}> {{ ?a ?b ?c }} }} }}", True),
    "in a subquery": ("SELECT * {{ {{ SELECT * {{ SERVICE <{U}> {{ ?a ?b ?c }} }} }} }}", True),
    "in UNION": ("SELECT * {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{U}> {{ ?a ?b ?c }} }} }}", True),
    "CONSTRUCT": ("CONSTRUCT {{ ?a ?a ?a }} WHERE {{ SERVICE <{U}> {{ ?a ?b ?c }} }}", True),
    "ASK": ("ASK {{ SERVICE <{U}> {{ ?a ?b ?c }} }}", True),
    "relative IRI against BASE": ("BASE <{U}> SELECT * {{ SERVICE <> {{ ?a ?b ?c }} }}", True),
    # pyoxigraph rejects these, but a parser that follows SPARQL 1.1 §19.2 would not
    "unicode escape in the keyword": ("SELECT * {{ \\u0053ERVICE <{U}> {{ ?a ?b ?c }} }}", False),
    "long unicode escape": ("SELECT * {{ \\U00000073ervice <{U}> {{ ?a ?b ?c }} }}", False),
}

MENTIONS = [
    "SELECT * { ?s <http://schema.org/Service> ?o }",
    "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    "PREFIX ex: <http://example.org/> SELECT * { ?s ex:Service ?o }",
    'SELECT * { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) }',
    "SELECT * { BIND('''a\nSERVICE <http://127.0.0.1:9/> { }''' AS ?x) }",
    "SELECT * { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }",
    "SELECT * { _:service ?p ?o }",
    "SELECT * { ?s ?p ?o FILTER(?o < 3 || ?o > 5) }",
]


def _store() -> ox.Store:
    st = ox.Store()
    s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    for o in (ox.Literal("o"), ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
              ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), ox.Literal("x")):
        st.add(ox.Quad(s, p, o))
    return st


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_each_spelling_is_real_and_found_by_the_guard(listener, name):
    template, real = ATTACKS[name]
    query = template.format(U=listener.url)
    assert service_calls(query), "the guard must find SERVICE"
    before = len(listener.hits)
    try:
        result = _store().query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except SyntaxError:
        pass
    assert (len(listener.hits) > before) == real, "the spelling is (or is not) a real remote call"


@pytest.mark.parametrize("send", ["get", "form", "body"])
@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_the_service_refuses_every_spelling_and_fetches_nothing(client, listener, name, send):
    query = ATTACKS[name][0].format(U=listener.url)
    before = len(listener.hits)
    if send == "get":  # what an <img src> on another site sends
        r = client.get("/sparql", params={"query": query})
    elif send == "form":  # what a form POST on another site sends
        r = client.post("/sparql", data={"query": query})
    else:
        r = client.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert err["code"] == "service-disabled" and err["detail"]["line"] >= 1
    assert "leaked" not in r.text and listener.url not in err["message"]
    assert len(listener.hits) == before


@pytest.mark.parametrize("query", MENTIONS)
def test_a_query_that_only_mentions_service_is_answered(client, query):
    assert service_calls(query) == []
    r = client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text


def test_the_guard_reports_line_and_column():
    calls = service_calls("SELECT * {\n  ?s ?p ?o .\n  SERVICE <http://x/> { }\n}")
    assert [(c.line, c.column) for c in calls] == [(3, 3)]
