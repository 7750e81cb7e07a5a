"""`/id/...` (instance IRIs dereferenced by content negotiation) and `/.well-known/void`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from graph.linked_data import void_description
from graph.store import open_store
from graph.vocab import DCTERMS, PKG, PROV, VOID

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/policykg/id/"
TASK = URIRef(BASE + "task/suzhou_2022_01-1-a1%3A1.1")
KJJ = URIRef(BASE + "dept/suzhou.kjj")
TASK_PATH = "/id/task/suzhou_2022_01-1-a1%3A1.1"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def _evidence(g: Graph, s, p, o) -> list:
    return [e for e in g.subjects(RDF.subject, s) if g.value(e, RDF.predicate) == p and g.value(e, RDF.object) == o]


def test_a_task_iri_gives_its_triples_with_provenance_as_turtle(client):
    r = client.get(TASK_PATH, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"] == "text/turtle; charset=utf-8"
    assert "Accept" in [v.strip() for v in r.headers["vary"].split(",")]  # (and Accept-Encoding: gzip)
    g = Graph().parse(data=r.text, format="turtle")
    assert g.value(TASK, PKG.number) == Literal("1")
    assert str(g.value(TASK, DCTERMS.title)) == "增强基础研究和原始创新能力"
    assert (TASK, PKG.lead, KJJ) in g
    (e,) = _evidence(g, TASK, PKG.lead, KJJ)
    assert str(g.value(e, PROV.value)) == "市科技局牵头，市工信局、市发改委等参与"
    assert (int(g.value(e, PKG.line)), g.value(e, PROV.wasDerivedFrom)) == (
        131, URIRef(BASE + "doc/suzhou_2022_01-1-a1"))
    # every role link and target link of the task has its evidence in the answer
    facts = [(p, o) for p in (PKG.lead, PKG.participant, PKG.hasTarget) for o in g.objects(TASK, p)]
    assert len(facts) == 5 and all(len(_evidence(g, TASK, p, o)) == 1 for p, o in facts)
    assert len(_evidence(g, TASK, RDF.type, PKG.Task)) == 1


def test_default_and_json_ld(client):
    turtle = Graph().parse(data=client.get(TASK_PATH).text, format="turtle")  # no Accept: Turtle
    assert len(Graph().parse(data=client.get(TASK_PATH, headers={"Accept": "*/*"}).text, format="turtle")) == len(turtle)
    r = client.get(TASK_PATH, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/ld+json"
    jsonld = Graph().parse(data=r.text, format="json-ld")
    assert r.json()["@context"]["pkg"] == "https://w3id.org/policykg/ontology#"  # compacted
    assert len(jsonld) == len(turtle) > 40 and (TASK, PKG.lead, KJJ) in jsonld
    # a key written with its reserved characters unescaped names the same IRI
    raw = client.get("/id/task/suzhou_2022_01-1-a1:1.1", headers={"Accept": "application/n-triples"})
    assert raw.headers["content-type"] == "application/n-triples"
    assert len(Graph().parse(data=raw.text, format="nt")) == len(turtle)


def test_a_department_iri_carries_the_evidence_naming_it(client):
    g = Graph().parse(data=client.get("/id/dept/suzhou.kjj").text, format="turtle")
    assert str(g.value(KJJ, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))) == "苏州市科学技术局"
    naming = set(g.subjects(RDF.object, KJJ))
    assert len({g.value(e, RDF.subject) for e in naming}) == 41


@pytest.mark.parametrize("path, location", [
    (TASK_PATH, "/tasks/suzhou_2022_01-1-a1%3A1.1"),
    ("/id/dept/suzhou.kjj", "/departments/suzhou.kjj"),
    ("/id/doc/suzhou_2022_01-1-a1", "/documents/suzhou_2022_01-1-a1"),
    ("/id/evidence/suzhou_2022_01-1-a1%3A1.1%23lead-0", "/tasks/suzhou_2022_01-1-a1%3A1.1"),
    ("/id/target/suzhou_2022_01-1-a1%3A1.1%230", "/tasks/suzhou_2022_01-1-a1%3A1.1"),
    ("/id/dataset", "/.well-known/void"),
])
def test_a_browser_is_sent_to_the_page(client, path, location):
    r = client.get(path, headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == location


def test_a_section_and_a_district_go_to_their_pages(client):
    store_rows = client.get("/sparql", params={"query": """PREFIX pkg: <https://w3id.org/policykg/ontology#>
        SELECT ?s ?d WHERE { ?s a pkg:Section ; pkg:inDocument ?d } ORDER BY ?s LIMIT 1"""},
                            headers={"Accept": "application/sparql-results+json"}).json()
    row = store_rows["results"]["bindings"][0]
    section, doc = row["s"]["value"], row["d"]["value"]
    r = client.get("/id/" + section[len(BASE):], headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/documents/" + doc[len(BASE) + 4:]


def test_unknown_iris_and_media_types(client):
    r = client.get("/id/task/no-such-task", headers={"Accept": "text/turtle"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not-found"
    assert r.json()["error"]["detail"] == {"kind": "entity", "id": BASE + "task/no-such-task"}
    assert client.get("/id/Not-A-Kind/x", headers={"Accept": BROWSER}).status_code == 404
    r = client.get(TASK_PATH, headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.json()["error"]["code"] == "not-acceptable"
    assert client.get(TASK_PATH, params={"x": "1"}).status_code == 422


def test_void_describes_the_dataset(client):
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"] == "text/turtle; charset=utf-8"
    g = Graph().parse(data=r.text, format="turtle")
    ds = URIRef(BASE + "dataset")
    assert (ds, RDF.type, VOID.Dataset) in g
    assert int(g.value(ds, VOID.triples)) == client.get("/healthz").json()["triples"]
    assert int(g.value(ds, VOID.documents)) == 10
    parts = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in g.objects(ds, VOID.classPartition)}
    assert parts[PKG.Task] == 212 and parts[PKG.Evidence] == 212 + 725 + 91 and int(g.value(ds, VOID.classes)) == len(parts)
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef("http://testserver/sparql")
    example = g.value(ds, VOID.exampleResource)
    assert str(example).startswith(BASE + "task/") and client.get("/id/" + example[len(BASE):]).status_code == 200
    assert [str(s) for s in g.objects(ds, DCTERMS.source)] == ["suzhou_2022_01.md"]
    assert g.value(ds, DCTERMS.modified).datatype == XSD.dateTime
    assert g.value(ds, DCTERMS.license) is None  # none stated unless POLICYKG_DATASET_LICENSE says so
    j = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert j.headers["content-type"] == "application/ld+json"
    assert len(Graph().parse(data=j.text, format="json-ld")) == len(g)


def test_void_states_a_configured_licence(built_store):
    lic = "https://creativecommons.org/licenses/by/4.0/"
    g = void_description(open_store(built_store), BASE, BASE + "dataset", "http://x/sparql", lic)
    assert g.value(URIRef(BASE + "dataset"), DCTERMS.license) == URIRef(lic)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_iris_under_a_configured_base_dereference_on_a_real_server(tmp_path):
    """Build twice under POLICYKG_BASE_IRI = the server's own /id/: the IRIs are the same both times,
    and fetching a task IRI as it is stored (curl -H 'Accept: text/turtle' <IRI>) gives its provenance."""
    port = _port()
    base = f"http://127.0.0.1:{port}/id/"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYKG_BASE_IRI": base}
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-m", "api.cli", "build", "--data", str(tmp_path / name)],
                       env=env, check=True, capture_output=True)
    dumps = []
    for name in ("a", "b"):
        store = ox.Store.read_only(str((tmp_path / name / "store").resolve()))
        dumps.append(sorted(str(q) for q in store))
    assert dumps[0] == dumps[1] and all(str(BASE) not in line for line in dumps[0])
    task = base + "task/suzhou_2022_01-1-a1%3A1.1"
    assert any(line.startswith(f"<{task}> ") for line in dumps[0])
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--data", str(tmp_path / "a"),
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start: " + proc.stderr.read().decode()[-2000:])
        req = urllib.request.Request(task, headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            g = Graph().parse(data=resp.read().decode(), format="turtle")
        (e,) = _evidence(g, URIRef(task), PKG.lead, URIRef(base + "dept/suzhou.kjj"))
        assert str(g.value(e, PROV.value)) == "市科技局牵头，市工信局、市发改委等参与"
        req = urllib.request.Request(base + "dept/suzhou.kjj", headers={"Accept": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:  # the REST API works under the new base too
            assert len(Graph().parse(data=resp.read().decode(), format="json-ld")) > 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/departments/suzhou.kjj", timeout=30) as resp:
            assert b'"tasks":41' in resp.read().replace(b" ", b"")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_bad_base_iri_is_refused_naming_the_setting(tmp_path):
    from pydantic import ValidationError

    from api.settings import Settings
    from graph.vocab import base_iri

    assert base_iri("http://example.org/kg") == "http://example.org/kg/"
    with pytest.raises(ValueError, match="POLICYKG_BASE_IRI: not an absolute http"):
        base_iri("urn:x:")
    with pytest.raises(ValidationError, match="POLICYKG_BASE_IRI"):
        Settings(base_iri="not an iri")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYKG_BASE_IRI": "ftp://example.org/"}
    run = subprocess.run([sys.executable, "-m", "api.cli", "build", "--data", str(tmp_path)], env=env,
                         capture_output=True, text=True)
    assert run.returncode != 0 and "POLICYKG_BASE_IRI: not an absolute http(s) IRI: 'ftp://example.org/'" in run.stderr
    assert not (tmp_path / "store").exists()
