"""The policykg vocabulary, in one place.

``PKG`` is an rdflib ``DefinedNamespace`` whose terms mirror ``ontology.ttl``
(a test checks that both list the same terms); ``ID`` is the namespace of
instance IRIs, under the base ``$POLICYKG_BASE_IRI`` (default
:data:`DEFAULT_BASE_IRI`; read once, when this module is imported, so a build
and the service that serves it must see the same value).  The standard
vocabularies the graph uses (PROV-O, W3C ORG, SKOS, DCTERMS, VoID, DCAT) are
re-exported from :mod:`rdflib.namespace`.  Code refers to terms only through
these objects.  A department's role in a task is an :class:`extract.model.Role`
(its value is the local name of the property, ``pkg:lead``…):
:data:`ROLE_PROPERTY` maps it to the property, :data:`ROLES` lists the values
(the order of the JSON and CSV columns), :data:`ROLE_RANK` orders them
strongest first (lead, responsible, participant: how lists and legends sort).
"""

import os
import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SKOS, VOID, XSD, DefinedNamespace

from extract.model import Role

__all__ = ["DCAT", "DCTERMS", "DEFAULT_BASE_IRI", "ID", "ONTOLOGY_IRI", "ORG", "PKG", "PROV", "RDF", "RDFS",
           "ROLE_PROPERTY", "ROLE_RANK", "ROLES", "Role", "SKOS", "Terms", "VOID", "XSD", "base_iri", "prefixes"]

ONTOLOGY_IRI = "https://w3id.org/policykg/ontology"
#: Where instance IRIs live unless ``POLICYKG_BASE_IRI`` says otherwise.
DEFAULT_BASE_IRI = "https://w3id.org/policykg/id/"


def base_iri(value: str | None = None) -> str:
    """The base of instance IRIs: ``value``, else ``$POLICYKG_BASE_IRI``, else the default.

    Raises ``ValueError`` for a value that is not an absolute http(s) IRI; a missing
    final ``/`` is added."""
    value = (value if value is not None else os.environ.get("POLICYKG_BASE_IRI") or DEFAULT_BASE_IRI).strip()
    if not re.match(r"^https?://[^\s<>\"{}|\\^`/]+(/[^\s<>\"{}|\\^`]*)?$", value):
        raise ValueError(f"POLICYKG_BASE_IRI: not an absolute http(s) IRI: {value!r}")
    return value if value.endswith("/") else value + "/"


ID = Namespace(base_iri())


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
    CoParticipation: URIRef
    DepartmentInDocument: URIRef
    PlatformTasks: URIRef
    inJurisdiction: URIRef
    jurisdictionLevel: URIRef
    Evidence: URIRef
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
    participantCount: URIRef
    responsibleCount: URIRef
    departmentA: URIRef
    departmentB: URIRef
    sharedTasks: URIRef
    tasksPlatform: URIRef
    platformTaskCount: URIRef
    platformTaskKeys: URIRef
    sortKey: URIRef
    orderInDocument: URIRef
    documentOrder: URIRef
    documentTaskCount: URIRef
    summaryDepartment: URIRef
    summaryDocument: URIRef
    tasksAsLead: URIRef
    tasksAsResponsible: URIRef
    tasksAsParticipant: URIRef
    sampleTask: URIRef
    partnerTasks: URIRef
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
    dueBy: URIRef
    earliestDueYear: URIRef
    mentionsDistrict: URIRef
    mentionsPlace: URIRef
    mentionsPlatform: URIRef
    aboutIndustry: URIRef
    platformType: URIRef
    hasWarning: URIRef
    code: URIRef
    line: URIRef


#: the property linking a task to a department in each role
ROLE_PROPERTY = {role: PKG[role.value] for role in Role}
#: the role names, in the order of the JSON and CSV columns
ROLES = tuple(role.value for role in Role)
#: role name → rank, strongest first
ROLE_RANK = {role.value: i for i, role in enumerate((Role.LEAD, Role.RESPONSIBLE, Role.PARTICIPANT))}


class Terms:
    """A namespace's terms as attributes, each made once: ``Terms(PKG).spanStart`` is the term
    ``PKG.spanStart`` (equal, the same IRI; an unknown name raises as ``PKG`` does).  rdflib's
    namespaces build and check a new URIRef on every attribute access (2–3 µs), which the mapping
    to triples does thousands of times per file (:mod:`graph.build`)."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str):
        value = getattr(self._namespace, name)
        self.__dict__[name] = value
        return value


def prefixes(base: str | None = None) -> dict[str, str]:
    """Prefix → namespace for the vocabularies of the graph (``id``: ``base``, default :data:`ID`),
    for serialisations that write prefixes."""
    return {"pkg": str(PKG._NS), "id": base or str(ID), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
            "prov": str(PROV), "org": str(ORG), "skos": str(SKOS), "dcterms": str(DCTERMS)}
