"""Records → RDF: vocabulary, shapes, and the graph answering questions."""

import re
from pathlib import Path

from rdflib import RDF

from extract.pipeline import extract_text
from graph.build import to_graph
from graph.shapes import validate
from graph.vocab import PKG

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"


def test_vocabulary_matches_the_ontology():
    ttl = (ROOT / "ontology.ttl").read_text(encoding="utf-8")
    in_ontology = set(re.findall(r"^pkg:(\w+) a ", ttl, re.M))
    in_code = {name for name in PKG.__annotations__}
    assert in_ontology == in_code


def test_sample_graph_conforms_and_answers():
    docs = extract_text(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))
    g = to_graph(docs)
    ok, report = validate(g)
    assert ok, report
    assert len(set(g.subjects(RDF.type, PKG.Task))) == 212
    q = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
    SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pkg:lead ?d . ?d pkg:nameAsWritten "市发改委"@zh }"""
    assert int(next(iter(g.query(q)))[0]) == 32


def test_shapes_reject_a_task_without_document():
    docs = extract_text(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))
    g = to_graph(docs[:2])
    task = next(g.subjects(RDF.type, PKG.Task))
    g.remove((task, PKG.inDocument, None))
    ok, report = validate(g)
    assert not ok and "inDocument" in report


def test_indicator_table_rows_are_targets_of_the_document():
    from extract.pipeline import extract_paths
    from graph.build import document_iri

    result = extract_paths([ROOT / "tests" / "fixtures" / "heldout3" / "sd_indicators.md"])
    doc = result.documents[0]
    g = to_graph(result.documents)
    assert validate(g)[0]
    targets = set(g.objects(document_iri(doc.id), PKG.hasTarget))
    indicators = {str(g.value(t, PKG.indicator)) for t in targets}
    assert indicators == {t.indicator for t in doc.targets} and len(indicators) == 3
