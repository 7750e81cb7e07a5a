"""The build's hot paths made cheaper keep their output: instance keys percent-encoded by a
translation table exactly as ``urllib.parse.quote(key, safe="")``, and a file's evidence lines
each once whether or not an evidence node is described twice."""

from __future__ import annotations

import random
from urllib.parse import quote

import pytest
from rdflib import URIRef

from graph import instances
from graph.provenance import EvidenceTriples


def test_keys_are_quoted_as_urllib_quotes_them():
    rnd = random.Random(3)
    alphabet = "abcXYZ019_.-~ :#/?&%+=|'\"<>\\\t\n，。市科技局（）①𠀀\u3000\x7f\x00é"
    keys = ["copy_001-1:1.2#lead-0", "suzhou.市科技局", "", "%41", "a b"]
    keys += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16))) for _ in range(5_000)]
    for key in keys:
        assert instances._quoted.__wrapped__(key) == quote(key, safe=""), key
    assert instances.iri("task", "doc-1:2.3") == instances.BASE + "task/doc-1%3A2.3"
    assert instances.iri("dept", "苏州市.市科技局").endswith("dept/%E8%8B%8F%E5%B7%9E%E5%B8%82.%E5%B8%82%E7%A7%91%E6%8A%80%E5%B1%80")


def test_a_lone_surrogate_fails_as_in_quote():
    with pytest.raises(UnicodeEncodeError):
        quote("a\ud800", safe="")
    with pytest.raises(UnicodeEncodeError):
        instances._quoted.__wrapped__("a\ud800")


def _evidence(sink: EvidenceTriples, node: str, value: str) -> None:
    sink.evidence(URIRef(node), URIRef("http://x/t"), URIRef("http://x/p"), URIRef("http://x/d"),
                  URIRef("http://x/doc"), (1, 3), 2, value)


def test_evidence_lines_once_each():
    sink = EvidenceTriples()
    _evidence(sink, "http://x/e1", "市科技局牵头")
    _evidence(sink, "http://x/e2", "市科技局牵头")
    assert sink.unique_ntriples() == sink.ntriples()  # no node twice: nothing to drop
    assert sink.ntriples().count(b"\n") == 18
    _evidence(sink, "http://x/e1", "市科技局牵头")  # the same node again, the same lines
    _evidence(sink, "http://x/e1", "另一句")  # and once more with another value: one new line
    lines = sink.unique_ntriples().decode().splitlines(True)
    assert len(lines) == len(set(lines)) == 19
    assert lines == list(dict.fromkeys(sink.ntriples().decode().splitlines(True)))
