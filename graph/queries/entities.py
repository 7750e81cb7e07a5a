"""Named SPARQL queries for the entity pages and the search index.

Like :mod:`graph.queries`, every function returns a query string and touches
no store; user values only enter as IRIs minted by :mod:`graph.instances`.

- ``mentions(kind)``: districts or platforms with label, type and task count;
- ``mention(kind, key)``: one of them (label, type);
- ``mention_tasks(kind, key)``: the tasks that mention it;
- ``search_tasks()`` / ``search_roles()`` / ``search_names()``: what :mod:`graph.search` indexes.
"""

from __future__ import annotations

from . import PREFIXES, ROLE_VALUES, iri

#: URL kind → (IRI kind, class, property linking a task to it)
KINDS = {
    "districts": ("district", "pkg:District", "pkg:mentionsDistrict"),
    "platforms": ("platform", "pkg:Platform", "pkg:mentionsPlatform"),
}


def mentions(kind: str) -> str:
    """Every district (or platform): ?m ?label ?type ?tasks (tasks that mention it)."""
    _, cls, prop = KINDS[kind]
    return PREFIXES + f"""
SELECT ?m ?label ?type (COUNT(DISTINCT ?t) AS ?tasks) WHERE {{
  ?m a {cls} . OPTIONAL {{ ?m rdfs:label ?label }} OPTIONAL {{ ?m pkg:platformType ?type }}
  OPTIONAL {{ ?t a pkg:Task ; {prop} ?m }}
}} GROUP BY ?m ?label ?type"""


def mention(kind: str, key: str) -> str:
    """One district (or platform) by its key: ?label ?type (no row when there is none)."""
    node_kind, cls, _ = KINDS[kind]
    node = iri(node_kind, key)
    return PREFIXES + f"""
SELECT ?label ?type WHERE {{
  {node} a {cls} . OPTIONAL {{ {node} rdfs:label ?label }} OPTIONAL {{ {node} pkg:platformType ?type }}
}}"""


def mention_tasks(kind: str, key: str) -> str:
    """Rows shaped like :func:`graph.queries.task_list` for the tasks mentioning one district/platform."""
    node_kind, _, prop = KINDS[kind]
    return PREFIXES + f"""
SELECT DISTINCT ?t ?key ?number ?title ?doc WHERE {{
  ?t a pkg:Task ; {prop} {iri(node_kind, key)} ; pkg:key ?key ; pkg:number ?number ;
     dcterms:title ?title ; pkg:inDocument ?doc .
}}"""


def search_tasks() -> str:
    """Every task with the text the search index reads: ?t ?key ?number ?title ?text ?doc."""
    return PREFIXES + """
SELECT ?t ?key ?number ?title ?text ?doc WHERE {
  ?t a pkg:Task ; pkg:key ?key ; pkg:number ?number ; dcterms:title ?title ; pkg:inDocument ?doc .
  OPTIONAL { ?t pkg:text ?text }
}"""


def search_roles() -> str:
    """Every (task, role, department) edge: ?t ?role ?d."""
    return PREFIXES + f"SELECT ?t ?role ?d WHERE {{ ?t ?p ?d . VALUES (?p ?role) {{ {ROLE_VALUES} }} }}"


def search_names() -> str:
    """Every name of every department that has a role in a task: ?d ?name (the departments found
    first, then their names: a join of names and role links would repeat each name per task)."""
    return PREFIXES + f"""
SELECT ?d ?name WHERE {{
  {{ SELECT DISTINCT ?d WHERE {{ ?t ?p ?d . VALUES (?p ?role) {{ {ROLE_VALUES} }} }} }}
  ?d rdfs:label|pkg:nameAsWritten|skos:prefLabel|skos:altLabel ?name .
}}"""


def search_labels() -> str:
    """Every department's label: ?d ?label."""
    return PREFIXES + "SELECT ?d ?label WHERE { ?d a pkg:Department ; rdfs:label ?label }"


def jurisdictions() -> str:
    """The jurisdictions the documents name: ?j."""
    return PREFIXES + "SELECT DISTINCT ?j WHERE { ?d a pkg:Document ; pkg:jurisdiction ?j }"


def suggestion_names() -> str:
    """What a 404 page suggests from: ?kind ("departments", "tasks", "documents"…) ?id ?name."""
    return PREFIXES + """
SELECT ?kind ?x ?name WHERE {
  { ?x a pkg:Department . ?x rdfs:label|pkg:nameAsWritten ?name . BIND("departments" AS ?kind) }
  UNION { ?x a pkg:Task ; pkg:key ?name . BIND("tasks" AS ?kind) }
  UNION { ?x a pkg:Document ; dcterms:title ?name . BIND("documents" AS ?kind) }
  UNION { ?x a pkg:District ; rdfs:label ?name . BIND("districts" AS ?kind) }
  UNION { ?x a pkg:Platform ; rdfs:label ?name . BIND("platforms" AS ?kind) }
}"""
