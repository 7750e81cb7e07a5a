"""The mapping's shortcuts give the very terms and bytes of the slower forms they replace:
namespace terms made once (graph.vocab.Terms), instance IRIs minted without URIRef's character
check (graph.instances.node), evidence lines made unique without decoding them again
(graph.provenance.EvidenceTriples.unique_ntriples)."""

from __future__ import annotations

import pytest
from rdflib import RDF, URIRef

from graph import instances
from graph.provenance import EvidenceTriples
from graph.vocab import PKG, Terms


def test_terms_are_the_namespaces_terms():
    terms = Terms(PKG)
    assert terms.spanStart == PKG.spanStart == URIRef("https://w3id.org/policykg/ontology#spanStart")
    assert type(terms.spanStart) is URIRef and terms.spanStart is terms.spanStart  # made once
    assert Terms(RDF).type == RDF.type
    assert terms._NS == PKG._NS
    with pytest.raises(AttributeError):
        terms.noSuchTerm  # PKG is closed: an unknown term raises, as PKG.noSuchTerm does
    with pytest.raises(AttributeError):
        PKG.noSuchTerm


@pytest.mark.parametrize("kind, key", [("task", "suzhou_2022_01-1-a1:1.1"), ("dept", "苏州.市科技局"),
                                       ("evidence", "a b<c>\"{d}|^`\\#lead-0"), ("section", "")])
def test_a_node_is_the_uriref_of_its_iri(kind, key):
    made = instances.node(kind, key)
    assert type(made) is URIRef and made == URIRef(instances.iri(kind, key))
    assert str(made).isascii() and not any(c in str(made) for c in ' <>"{}|^`\\')  # what URIRef checks


def _old_unique(ev: EvidenceTriples) -> bytes:
    """What the build did before: decode, split at every line boundary, keep each line once."""
    return "".join(dict.fromkeys(ev.ntriples().decode("utf-8").splitlines(True))).encode("utf-8")


@pytest.mark.parametrize("values", [
    ["市科技局牵头", "第二行\n第三行", "市科技局牵头", 'a "quoted" \\ value\r'],
    ["one\u2028two", "one\u2028two", "x\x85y", "x"],  # boundaries splitlines knows and N-Triples keeps
    [],
])
def test_unique_evidence_lines_are_the_bytes_of_the_old_way(values):
    ev = EvidenceTriples()
    task = URIRef("https://w3id.org/policykg/id/task/t")
    for i, value in enumerate(values):
        node = instances.evidence("t", f"lead-{i % 2}")  # nodes repeated: lines repeated
        ev.evidence(node, task, PKG.lead, URIRef("https://w3id.org/policykg/id/dept/d"),
                    URIRef("https://w3id.org/policykg/id/doc/d"), (i, i + 3), i + 1, value)
    assert ev.unique_ntriples() == _old_unique(ev)
    if values:
        assert ev.unique_ntriples().count(b"\n") < ev.ntriples().count(b"\n")  # some lines were repeated
