"""Named SELECTs behind the network views (each returns a SPARQL string; nothing runs here).

Every function takes IRIs already in ``<...>`` form (read from the store, or
minted by :mod:`graph.instances`) and returns the query text; a value from a
request (a key, a name) is bound as a variable (:mod:`graph.bindings`).
"""

from __future__ import annotations

from ..bindings import Bound, bind
from . import PREFIXES, _values


def task_by_key(key: str) -> Bound:
    """``?t``: the task whose key is ``key`` (at most one row)."""
    return bind(PREFIXES + "SELECT ?t ?key WHERE { ?t a pkg:Task ; pkg:key ?key } LIMIT 1", key=key)


def task_facts(task_iris: list[str], text: bool = True) -> str:
    """Per task: key, number, title, text (unless not ``text``), section path, document, its title
    and jurisdiction."""
    return PREFIXES + f"""
SELECT ?t ?key ?number ?title ?text ?path ?doc ?dtitle ?jur WHERE {{
  {_values("t", task_iris)}
  ?t pkg:key ?key ; pkg:number ?number ; dcterms:title ?title ; pkg:inDocument ?doc .
  {"OPTIONAL { ?t pkg:text ?text }" if text else ""}
  OPTIONAL {{ ?t pkg:sectionPath ?path }}
  OPTIONAL {{ ?doc dcterms:title ?dtitle }}
  OPTIONAL {{ ?doc pkg:jurisdiction ?jur }}
}}"""


def department_documents(dept_iri: str) -> str:
    """The documents (and their jurisdictions) of the tasks involving one department: ?doc ?jur."""
    return PREFIXES + f"""
SELECT DISTINCT ?doc ?jur WHERE {{
  ?t pkg:involves {dept_iri} ; pkg:inDocument ?doc .
  OPTIONAL {{ ?doc pkg:jurisdiction ?jur }}
}}"""


def department_summaries(dept_iri: str) -> str:
    """The build's summaries of one department's documents (``pkg:DepartmentInDocument``,
    graph.materialise): ?doc ?dtitle ?jur, its tasks there by first role ?lead ?resp ?part and
    ?partners (JSON: partner IRI → shared tasks)."""
    return PREFIXES + f"""
SELECT ?doc ?dtitle ?jur ?lead ?resp ?part ?partners WHERE {{
  ?s pkg:summaryDepartment {dept_iri} ; pkg:summaryDocument ?doc ; pkg:tasksAsLead ?lead ;
     pkg:tasksAsResponsible ?resp ; pkg:tasksAsParticipant ?part ; pkg:partnerTasks ?partners .
  OPTIONAL {{ ?doc dcterms:title ?dtitle }}
  OPTIONAL {{ ?doc pkg:jurisdiction ?jur }}
}}"""


def department_samples(dept_iri: str) -> str:
    """The first tasks (``pkg:sampleTask``) of one department in each of its documents: ?doc ?key
    ?number ?title."""
    return PREFIXES + f"""
SELECT ?doc ?key ?number ?title WHERE {{
  ?s pkg:summaryDepartment {dept_iri} ; pkg:summaryDocument ?doc ; pkg:sampleTask ?t .
  ?t pkg:key ?key ; pkg:number ?number ; dcterms:title ?title .
}}"""


def task_links(task_iris: list[str]) -> str:
    """Parent and child tasks, targets, districts and platforms of the given tasks."""
    return PREFIXES + f"""
SELECT ?t ?rel ?o ?label WHERE {{
  {_values("t", task_iris)}
  {{ ?t pkg:parentTask ?o . BIND("parent" AS ?rel) }}
  UNION {{ ?o pkg:parentTask ?t . BIND("child" AS ?rel) }}
  UNION {{ ?t pkg:hasTarget ?o . BIND("target" AS ?rel) }}
  UNION {{ ?t pkg:mentionsDistrict ?o . BIND("district" AS ?rel) }}
  UNION {{ ?t pkg:mentionsPlatform ?o . BIND("platform" AS ?rel) }}
  OPTIONAL {{ ?o rdfs:label ?label }}
}}"""


def find_mentioned(kind: str, ident: str) -> Bound:
    """Districts (``kind`` "District") or platforms ("Platform") whose id or label is ``ident``."""
    if kind not in ("District", "Platform"):
        raise ValueError(f"not a kind of mention: {kind!r}")
    return bind(PREFIXES + f"""
SELECT DISTINCT ?m ?label ?ident WHERE {{
  ?m a pkg:{kind} ; rdfs:label ?label .
  FILTER(STR(?label) = ?ident || STRENDS(STR(?m), CONCAT("/", ?ident)))
}} ORDER BY ?m""", ident=ident)


def tasks_mentioning(prop: str, node_iri: str) -> str:
    """Tasks that mention ``node_iri`` through ``pkg:{prop}``."""
    return PREFIXES + f"SELECT DISTINCT ?t WHERE {{ ?t pkg:{prop} {node_iri} }}"


def task_documents() -> str:
    """Every task with its document and that document's jurisdiction (for view filters)."""
    return PREFIXES + """
SELECT ?t ?doc ?jur WHERE { ?t a pkg:Task ; pkg:inDocument ?doc . OPTIONAL { ?doc pkg:jurisdiction ?jur } }"""
