"""ontology.ttl against what the build emits, and the evidence (PROV-O) of every fact."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from extract.model import DeptRef, Document, Task
from extract.pipeline import extract_paths, read_texts
from graph.build import department_iri, to_graph
from graph.materialise import materialised_ntriples
from graph.shapes import validate
from graph.vocab import ORG, PKG, PROV, SKOS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology.ttl", format="turtle")


@pytest.fixture(scope="module")
def sample():
    result = extract_paths([SAMPLE])
    return result, to_graph(result.documents, read_texts([SAMPLE]))


@pytest.fixture(scope="module")
def built(sample):
    """The sample's graph with what the build materialises (graph/materialise.py)."""
    g = Graph()
    g += sample[1]
    g.parse(data=materialised_ntriples(sample[0].documents).decode("utf-8"), format="nt")
    return g


def _declared(onto: Graph) -> set[URIRef]:
    return {s for kind in DECLARATIONS for s in onto.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def _emitted(g: Graph) -> set[URIRef]:
    return ({p for p in g.predicates() if p != RDF.type} | set(g.objects(None, RDF.type)))


def test_the_build_emits_no_term_the_ontology_lacks(ontology, built):
    missing = _emitted(built) - _declared(ontology)
    assert missing == set()


def test_every_ontology_term_is_emitted_or_says_why_not(ontology, built):
    emitted = _emitted(built)
    noted = {s for s in ontology.subjects(SKOS.editorialNote, None)}
    silent = {t for t in _declared(ontology) - emitted if t not in noted}
    assert silent == set()
    # a note saying "not emitted" on a term that is emitted would be stale
    assert noted & emitted == set()
    assert PKG.responsible in emitted and PKG.Evidence in emitted and ORG.subOrganizationOf in noted


def test_every_role_link_target_and_task_has_evidence_as_written(sample):
    result, g = sample
    text = read_texts([SAMPLE])[result.documents[0].path]
    facts = [(t, p, o) for p in (PKG.lead, PKG.participant, PKG.responsible, PKG.hasTarget)
             for t, o in g.subject_objects(p)]
    facts += [(t, RDF.type, PKG.Task) for t in g.subjects(RDF.type, PKG.Task)]
    assert len(facts) == 725 + 91 + 212
    by_fact = {}
    for e in g.subjects(RDF.type, PKG.Evidence):
        key = (g.value(e, RDF.subject), g.value(e, RDF.predicate), g.value(e, RDF.object))
        by_fact.setdefault(key, []).append(e)
    assert all(f in by_fact for f in facts)
    for (s, p, o), evidence in by_fact.items():
        for e in evidence:
            start, end = int(g.value(e, PKG.spanStart)), int(g.value(e, PKG.spanEnd))
            assert str(g.value(e, PROV.value)) == text[start:end]
            assert int(g.value(e, PKG.line)) == text.count("\n", 0, start) + 1
            doc = g.value(e, PROV.wasDerivedFrom)
            assert (s, PKG.inDocument, doc) in g or (doc, PKG.hasTarget, o) in g
            if p in (PKG.lead, PKG.participant):
                as_written = "".join(str(g.value(e, PROV.value)).split())  # page breaks kept as written
                assert any(str(n) in as_written for n in g.objects(o, PKG.nameAsWritten))


def test_the_science_bureau_lead_of_a_task_reads_as_written(sample):
    _, g = sample
    q = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?line ?sentence WHERE { ?t pkg:lead ?d ; pkg:key ?k . ?d pkg:nameAsWritten "市科技局"@zh .
      ?e rdf:subject ?t ; rdf:predicate pkg:lead ; rdf:object ?d ; pkg:line ?line ; prov:value ?sentence }
    ORDER BY ?line LIMIT 1"""
    (line, sentence), = list(g.query(q))
    assert (int(line), str(sentence)) == (131, "市科技局牵头，市工信局、市发改委等参与")


def test_documents_use_dcterms_and_departments_skos(sample):
    _, g = sample
    for d in g.subjects(RDF.type, PKG.Document):
        assert g.value(d, URIRef("http://purl.org/dc/terms/issued")) == g.value(d, URIRef("http://purl.org/dc/terms/date"))
        assert g.value(d, URIRef("http://purl.org/dc/terms/creator")) == g.value(d, PKG.issuer)
    kjj = URIRef("https://w3id.org/policykg/id/dept/suzhou.kjj")
    assert str(g.value(kjj, SKOS.prefLabel)) == "苏州市科学技术局"
    assert {str(x) for x in g.objects(kjj, SKOS.altLabel)} == {"市科技局"}
    for dept in g.subjects(RDF.type, PKG.Department):  # one canonical name, never also an alias
        prefs = set(g.objects(dept, SKOS.prefLabel))
        assert len(prefs) == 1 and not prefs & set(g.objects(dept, SKOS.altLabel))


def test_a_division_is_a_sub_organization_of_the_issuing_body():
    division = DeptRef(name="规划财务处", span=(40, 45), kind="division")
    task = Task(id="1", key="d-1.1", parent=None, section="", title="做好经费保障", text="做好经费保障（规划财务处负责）",
                span=(30, 50), responsible=[division], assignment_span=(37, 45))
    doc = Document(id="d-1", title="苏州市科学技术局工作要点", kind="plan", span=(0, 60), path="d.md",
                   issuer="苏州市科学技术局", jurisdiction="suzhou", tasks=[task])
    g = to_graph([doc])
    node = department_iri(division, "suzhou")
    assert list(g.objects(node, ORG.subOrganizationOf)) == [URIRef("https://w3id.org/policykg/id/dept/suzhou.kjj")]
    assert validate(g)[0]
    other = Document(id="d-2", title="t", kind="plan", span=(0, 60), path="e.md", issuer="某某不存在的机构",
                     jurisdiction="suzhou", tasks=[task])
    assert list(to_graph([other]).objects(None, ORG.subOrganizationOf)) == []


def test_evidence_written_for_the_store_is_the_evidence_of_the_graph(sample):
    from graph.provenance import EvidenceTriples

    result, g = sample
    evidence = EvidenceTriples()
    without = to_graph(result.documents, read_texts([SAMPLE]), evidence)
    assert len(without) + evidence.triples == len(g)
    written = Graph().parse(data=without.serialize(format="nt", encoding="utf-8") + evidence.ntriples(), format="nt")
    assert set(written) == set(g)
    assert not list(without.subjects(RDF.type, PKG.Evidence))


def test_terms_noted_as_emitted_elsewhere_are_emitted_by_the_golden_layouts(ontology, sample):
    """A note that says where a term is emitted ("Emitted only for …") is checked on the golden
    fixtures (20 layouts: duty lists, warnings, 文号); a note saying "Not emitted" is left as it is."""
    result = extract_paths([ROOT / "tests" / "fixtures" / "golden"])
    golden = _emitted(to_graph(result.documents, read_texts([ROOT / "tests" / "fixtures" / "golden"])))
    notes = {t: str(n) for t, n in ontology.subject_objects(SKOS.editorialNote)}
    elsewhere = {t for t, n in notes.items() if not n.startswith("Not emitted")}
    assert {PKG.Warning, PKG.code} <= elsewhere
    assert elsewhere - golden == set()
    assert {t for t, n in notes.items() if n.startswith("Not emitted")} == {ORG.subOrganizationOf}
