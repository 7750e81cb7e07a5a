"""The queries behind the graph as a dataset: export, networks, linked data, VoID, validation, the CLI.

Each constant or function is a SPARQL text; nothing here touches a store.
Node arguments are SPARQL IRI terms (``<…>``) minted by :mod:`graph.instances`
or read from the store.
"""

from __future__ import annotations

from typing import Optional

from .. import instances
from ..vocab import PROV
from . import PREFIXES, ROLE_VALUES, literal

_PROV = PREFIXES + f"PREFIX prov: <{PROV}>\n"

#: every triple of the store (export, validation)
EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"

#: a row when the graph has any rdfs:subClassOf triple (graph.shape_checks)
ANY_SUBCLASS = PREFIXES + "SELECT ?c WHERE { ?c rdfs:subClassOf ?d } LIMIT 1"


def instance_count(cls: str) -> str:
    """?n: the nodes typed with the class IRI ``cls`` (rdf:type only; graph.written_checks)."""
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a <{cls}> }}"


def instance_triple_count(cls: str) -> str:
    """?n: the triples whose subject is typed with the class IRI ``cls`` (graph.written_checks)."""
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a <{cls}> . ?x ?p ?v }}"

# ---------------------------------------------------------------- export (graph.export)

#: node → the document whose named graph holds its triples: a document itself, what is in it
#: (sections, tasks), what was derived from it (evidence), its warnings and the targets of it or its tasks
OWNERS = _PROV + """SELECT ?node ?doc WHERE {
  { ?node a pkg:Document . BIND(?node AS ?doc) }
  UNION { ?node pkg:inDocument ?doc }
  UNION { ?node prov:wasDerivedFrom ?doc }
  UNION { ?doc pkg:hasWarning ?node }
  UNION { ?doc a pkg:Document ; pkg:hasTarget ?node }
  UNION { ?task pkg:inDocument ?doc ; pkg:hasTarget ?node }
}"""

#: one row per (task, role, department) and evidence of that link (csv-tasks)
TASK_ROLES = _PROV + """SELECT ?t ?key ?number ?title ?doc ?docTitle ?role ?d ?label ?resolved ?file ?line ?start ?end ?text WHERE {
  ?t a pkg:Task ; pkg:key ?key ; pkg:number ?number ; dcterms:title ?title ; pkg:inDocument ?doc ; ?p ?d .
  VALUES (?p ?role) { %s }
  ?doc dcterms:title ?docTitle . OPTIONAL { ?doc pkg:sourceFile ?file }
  OPTIONAL { ?d rdfs:label ?label } OPTIONAL { ?d pkg:resolved ?resolved }
  OPTIONAL { ?e rdf:subject ?t ; rdf:predicate ?p ; rdf:object ?d ; prov:value ?text .
             OPTIONAL { ?e pkg:line ?line } OPTIONAL { ?e pkg:spanStart ?start ; pkg:spanEnd ?end } }
}""" % ROLE_VALUES

#: (department, jurisdiction of a document it has a task in)
DEPARTMENT_JURISDICTIONS = PREFIXES + """
SELECT DISTINCT ?d ?j WHERE { ?t pkg:involves ?d ; pkg:inDocument ?doc . ?doc pkg:jurisdiction ?j }"""

#: (department, unit kind)
UNIT_KINDS = PREFIXES + "SELECT ?d ?k WHERE { ?d a pkg:Department ; pkg:unitKind ?k }"

#: every task with key, number, title, document (the bipartite network)
TASKS = PREFIXES + """
SELECT ?t ?key ?number ?title ?doc WHERE {
  ?t a pkg:Task ; pkg:key ?key ; pkg:number ?number ; dcterms:title ?title ; pkg:inDocument ?doc }"""

# ---------------------------------------------------------------- linked data (graph.linked_data)


def describe(node: str) -> str:
    """The triples of ``node`` and of every piece of evidence whose subject or object it is."""
    return PREFIXES + f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ BIND({node} AS ?s) ?s ?p ?o }}
  UNION {{ ?s rdf:subject {node} ; ?p ?o }}
  UNION {{ ?s rdf:object {node} ; a pkg:Evidence ; ?p ?o }}
}}"""


def holder(kind: str, node: str) -> Optional[str]:
    """``?h``: the task or document whose page shows ``node`` of ``kind`` (section, target, warning,
    evidence); None for another kind."""
    pattern = {"section": f"{node} pkg:inDocument ?h", "target": f"?h pkg:hasTarget {node}",
               "warning": f"?h pkg:hasWarning {node}", "evidence": f"{node} rdf:subject ?h"}.get(kind)
    return PREFIXES + f"SELECT ?h WHERE {{ {pattern} }}" if pattern else None


def label(node: str) -> str:
    """``?l``: the labels of ``node``."""
    return PREFIXES + f"SELECT ?l WHERE {{ {node} rdfs:label ?l }}"


#: ``?f``: every source file, sorted
SOURCE_FILES = PREFIXES + "SELECT DISTINCT ?f WHERE { ?d pkg:sourceFile ?f } ORDER BY ?f"
#: ``?t``: the first task (VoID's example resource)
FIRST_TASK = PREFIXES + "SELECT ?t WHERE { ?t a pkg:Task } ORDER BY ?t LIMIT 1"

# ---------------------------------------------------------------- the command line (api.cli)


def cli_departments(unresolved: bool = False, jurisdiction: Optional[str] = None,
                    departments: Optional[list[str]] = None) -> str:
    """``policykg departments``: departments (not groups) with resolved, task and lead counts,
    jurisdiction and id; only unresolved ones, only those of the ``jurisdiction`` IRI, only the
    ``departments`` (IRIs) when given."""
    filters = ["FILTER(?resolved = false)"] if unresolved else []
    if jurisdiction is not None:
        filters.append(f"?d pkg:inJurisdiction <{jurisdiction}> .")
    if departments is not None:
        filters.append("VALUES ?d { %s }" % " ".join(f"<{i}>" for i in departments))
    return PREFIXES + """SELECT ?department ?resolved ?tasks ?lead ?jurisdiction ?id WHERE {
  ?d a pkg:Department ; rdfs:label ?department ; pkg:resolved ?resolved .
  OPTIONAL { ?d pkg:taskCount ?tasks } OPTIONAL { ?d pkg:leadCount ?lead }
  OPTIONAL { ?d pkg:inJurisdiction/rdfs:label ?jurisdiction }
  BIND(STRAFTER(STR(?d), %s) AS ?id)
  FILTER NOT EXISTS { ?d a pkg:DepartmentGroup }
  %s
} ORDER BY DESC(?tasks) ?department ?jurisdiction""" % (literal(instances.iri("dept", "")), "\n  ".join(filters))
