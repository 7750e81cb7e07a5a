"""The policykg vocabulary, in one place.

``PKG`` is an rdflib ``DefinedNamespace`` whose terms mirror ``ontology.ttl``
(a test checks that both list the same terms); ``ID`` is the namespace of
instance IRIs.  Code refers to ontology terms only through these objects.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/policykg/ontology"
ID = Namespace("https://w3id.org/policykg/id/")


class PKG(DefinedNamespace):
    """Terms of ``ontology.ttl``."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    Document: URIRef
    Section: URIRef
    Task: URIRef
    Department: URIRef
    DepartmentGroup: URIRef
    Target: URIRef
    District: URIRef
    Place: URIRef
    Platform: URIRef
    Industry: URIRef
    Warning: URIRef
    Jurisdiction: URIRef
    inJurisdiction: URIRef
    jurisdictionLevel: URIRef
    partOf: URIRef
    inDocument: URIRef
    inSection: URIRef
    parentSection: URIRef
    parentTask: URIRef
    number: URIRef
    key: URIRef
    kind: URIRef
    issuer: URIRef
    source: URIRef
    sourceFile: URIRef
    jurisdiction: URIRef
    sectionPath: URIRef
    text: URIRef
    spanStart: URIRef
    spanEnd: URIRef
    assignmentText: URIRef
    inheritedAssignment: URIRef
    involves: URIRef
    lead: URIRef
    participant: URIRef
    responsible: URIRef
    nameAsWritten: URIRef
    resolved: URIRef
    level: URIRef
    body: URIRef
    unitKind: URIRef
    member: URIRef
    taskCount: URIRef
    leadCount: URIRef
    hasTarget: URIRef
    indicator: URIRef
    value: URIRef
    valueText: URIRef
    unit: URIRef
    ratio: URIRef
    comparator: URIRef
    dueYear: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    mentionsDistrict: URIRef
    mentionsPlace: URIRef
    mentionsPlatform: URIRef
    aboutIndustry: URIRef
    platformType: URIRef
    hasWarning: URIRef
    code: URIRef
    line: URIRef
