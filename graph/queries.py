"""Named SPARQL queries used by the API, and safe ways to fill them in.

Every function returns a SPARQL query string; nothing here touches a store.
Values coming from users only ever enter a query through :func:`literal` (a
quoted, escaped string literal), :func:`integer` or :func:`iri` (an IRI this
module minted from an escaped key), so a request parameter cannot change the
shape of a query.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, unquote

from .vocab import ID

ID_BASE = str(ID)

PREFIXES = f"""PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX id: <{ID_BASE}>
"""

ROLES = ("lead", "participant", "responsible")

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def literal(value: str) -> str:
    """A SPARQL string literal for ``value`` (quotes and control characters escaped)."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in str(value)) + '"'


def integer(value: int) -> str:
    """A SPARQL integer; raises ``ValueError`` for anything that is not an int."""
    return str(int(value))


def iri(kind: str, key: str) -> str:
    """``<…/id/<kind>/<key>>`` with the key percent-encoded exactly as graph.build mints it."""
    return f"<{ID_BASE}{kind}/{quote(key, safe='')}>"


@lru_cache(maxsize=1 << 16)  # views decode thousands of IRIs per request, the same ones again and again
def local_id(node_iri: str) -> str:
    """The decoded key of an instance IRI (``…/id/dept/suzhou.kjj`` → ``suzhou.kjj``)."""
    tail = node_iri[len(ID_BASE):] if node_iri.startswith(ID_BASE) else node_iri
    return unquote(tail.split("/", 1)[1] if "/" in tail else tail)


def _values(var: str, iris: list[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(iris)} }}"


#: The question the home page and the tests ask.
EXAMPLE_DEPARTMENT = "市科技局"


def example_query(name: str = EXAMPLE_DEPARTMENT) -> str:
    """Which tasks involve the department written ``name`` (in any role)?"""
    return PREFIXES + f"""
SELECT DISTINCT ?task ?number ?title ?role WHERE {{
  ?dept pkg:nameAsWritten|rdfs:label {literal(name)}@zh .
  ?task ?roleProp ?dept ; pkg:number ?number ; dcterms:title ?title .
  VALUES (?roleProp ?role) {{ (pkg:lead "lead") (pkg:participant "participant") (pkg:responsible "responsible") }}
}}
ORDER BY ?task"""


def find_departments(ident: str) -> str:
    """Departments whose gazetteer id, IRI key, label or name as written is ``ident``."""
    lit = literal(ident)
    return PREFIXES + f"""
SELECT DISTINCT ?d WHERE {{
  ?d a ?cls . VALUES ?cls {{ pkg:Department pkg:DepartmentGroup }}
  {{ VALUES ?d {{ {iri('dept', ident)} }} }}
  UNION {{ ?d rdfs:label|pkg:nameAsWritten|skos:altLabel|skos:prefLabel ?n . FILTER(STR(?n) = {lit}) }}
}} ORDER BY ?d"""


def departments(iris: list[str] | None = None) -> str:
    """One row per department (and name as written): label, type, resolved, level, body, jurisdiction."""
    restrict = _values("d", iris) if iris else ""
    return PREFIXES + f"""
SELECT ?d ?label ?cls ?written ?resolved ?level ?body ?j ?jkey ?jlabel ?jlevel WHERE {{
  {restrict}
  ?d a ?cls . VALUES ?cls {{ pkg:Department pkg:DepartmentGroup }}
  ?d rdfs:label ?label .
  OPTIONAL {{ ?d pkg:nameAsWritten ?written }}
  OPTIONAL {{ ?d pkg:resolved ?resolved }}
  OPTIONAL {{ ?d pkg:level ?level }}
  OPTIONAL {{ ?d pkg:body ?body }}
  OPTIONAL {{ ?d pkg:inJurisdiction ?j . ?j pkg:key ?jkey ; rdfs:label ?jlabel .
             OPTIONAL {{ ?j pkg:jurisdictionLevel ?jlevel }} }}
}}"""


def jurisdictions() -> str:
    """Every jurisdiction: IRI, key (id), label (name), level."""
    return PREFIXES + """
SELECT ?j ?key ?label ?level WHERE {
  ?j a pkg:Jurisdiction ; pkg:key ?key ; rdfs:label ?label . OPTIONAL { ?j pkg:jurisdictionLevel ?level }
} ORDER BY ?key"""


def department_jurisdictions() -> str:
    """(department, jurisdiction) for every department."""
    return PREFIXES + "SELECT ?d ?j WHERE { ?d a pkg:Department ; pkg:inJurisdiction ?j }"


def department_names() -> str:
    """(department, name): every label and name as written, for suggestions."""
    return PREFIXES + """
SELECT DISTINCT ?d ?n WHERE { ?d a pkg:Department ; rdfs:label|pkg:nameAsWritten ?n }"""


def assignments() -> str:
    """Every (task, role, department) edge: the one SELECT graph.analytics builds on."""
    return PREFIXES + """
SELECT ?t ?role ?d WHERE {
  ?t a pkg:Task ; ?p ?d .
  VALUES (?p ?role) { (pkg:lead "lead") (pkg:participant "participant") (pkg:responsible "responsible") }
}"""


def has_stored_analytics() -> str:
    """ASK: did the build store role counts and co-participation pairs (graph.materialise)?"""
    return PREFIXES + "ASK { ?d pkg:participantCount ?n }"


def stored_workload() -> str:
    """Every department's (and group's) stored task, lead, participant and responsible counts."""
    return PREFIXES + """
SELECT ?d ?t ?l ?p ?r WHERE {
  ?d pkg:taskCount ?t ; pkg:leadCount ?l ; pkg:participantCount ?p ; pkg:responsibleCount ?r
}"""


def stored_pairs() -> str:
    """Every stored co-participation: departments A and B and the number of tasks they share."""
    return PREFIXES + """
SELECT ?a ?b ?n WHERE { ?c a pkg:CoParticipation ; pkg:departmentA ?a ; pkg:departmentB ?b ; pkg:sharedTasks ?n }"""


def task_list(department_iris: list[str] | None = None, role: str | None = None,
              document: str | None = None, year: int | None = None, text: str | None = None,
              jurisdiction_iri: str | None = None, page: tuple[int, int] | None = None) -> str:
    """Tasks matching all given filters: key, number, title, document (``jurisdiction_iri``:
    an IRI minted here or read from the store, tasks of that jurisdiction's documents).
    ``page`` = (limit, offset): only that page, in the order of the ``pkg:sortKey`` the build
    stores (graph.materialise), paged inside the query."""
    body = _task_filters(department_iris, role, document, year, text, jurisdiction_iri)
    if page is None:
        return PREFIXES + f"SELECT DISTINCT ?t ?key ?number ?title ?doc WHERE {{\n  {body}\n}}"
    limit, offset = page
    return PREFIXES + (f"SELECT DISTINCT ?t ?key ?number ?title ?doc ?order WHERE {{\n  {body}\n  ?t pkg:sortKey ?order .\n}}"
                       f"\nORDER BY ?order ?t LIMIT {integer(limit)} OFFSET {integer(offset)}")


def task_count(department_iris: list[str] | None = None, role: str | None = None,
               document: str | None = None, year: int | None = None, text: str | None = None,
               jurisdiction_iri: str | None = None) -> str:
    """How many tasks :func:`task_list` matches (``?n``)."""
    body = _task_filters(department_iris, role, document, year, text, jurisdiction_iri)
    return PREFIXES + f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{\n  {body}\n}}"


def has_sort_keys() -> str:
    """ASK: does the store hold the build's ``pkg:sortKey`` (so lists can page in the query)?"""
    return PREFIXES + "ASK { ?t pkg:sortKey ?k }"


def _task_filters(department_iris, role, document, year, text, jurisdiction_iri) -> str:
    where = ["?t a pkg:Task ; pkg:key ?key ; pkg:number ?number ; dcterms:title ?title ; pkg:inDocument ?doc ."]
    if jurisdiction_iri:
        where.append(f"?doc pkg:inJurisdiction {jurisdiction_iri} .")
    prop = f"pkg:{role}" if role else "pkg:involves"
    if department_iris is not None:
        where.append(_values("dept", department_iris))
        where.append(f"?t {prop} ?dept .")
    elif role:
        where.append(f"FILTER EXISTS {{ ?t {prop} ?anyDept }}")
    if document:
        where.append(f"?t pkg:inDocument {iri('doc', document)} .")
    if year is not None:  # a join from the targets: FILTER EXISTS per task took 28 s on 21,200 tasks
        where.insert(0, "{ SELECT DISTINCT ?t WHERE { ?t pkg:hasTarget ?g . { ?g pkg:dueYear ?y } UNION "
                     f"{{ ?g pkg:periodEnd ?y }} FILTER(xsd:integer(STR(?y)) <= {integer(year)}) }} }}")
    if text:
        lit = literal(text)
        where.append(f"?t pkg:text ?text . FILTER(CONTAINS(STR(?text), {lit}) || CONTAINS(STR(?title), {lit}))")
    return "\n  ".join(where)


def task_departments(task_iris: list[str]) -> str:
    """(task, role property, department) for the given tasks (labels: :func:`department_labels`)."""
    return PREFIXES + f"""
SELECT ?t ?p ?d WHERE {{
  {_values("t", task_iris)}
  ?t ?p ?d . FILTER(?p IN (pkg:lead, pkg:participant, pkg:responsible))
}}"""


def department_labels(iris: list[str]) -> str:
    """(department, label, name as written) for the given departments."""
    return PREFIXES + f"""
SELECT ?d ?label ?written WHERE {{
  {_values("d", iris)}
  ?d rdfs:label ?label . OPTIONAL {{ ?d pkg:nameAsWritten ?written }}
}}"""


def task_detail(task_iri: str) -> str:
    """All scalar properties of one task (key, number, title, text, span, section, parent…)."""
    return PREFIXES + f"""
SELECT ?p ?o WHERE {{ {task_iri} a pkg:Task ; ?p ?o . FILTER(?p != pkg:involves) }}"""


def task_targets(task_iri: str) -> str:
    """Targets of one task with their properties."""
    return PREFIXES + f"""
SELECT ?g ?p ?o WHERE {{ {task_iri} pkg:hasTarget ?g . ?g ?p ?o . FILTER(?p != rdf:type) }}"""


def task_mentions(task_iri: str) -> str:
    """Districts, places, platforms and industries a task mentions."""
    return PREFIXES + f"""
SELECT ?kind ?m ?label ?type WHERE {{
  {task_iri} ?p ?m .
  VALUES (?p ?kind) {{ (pkg:mentionsDistrict "districts") (pkg:mentionsPlace "places")
                       (pkg:mentionsPlatform "platforms") (pkg:aboutIndustry "industries") }}
  OPTIONAL {{ ?m rdfs:label ?label }}
  OPTIONAL {{ ?m pkg:platformType ?type }}
}}"""


def documents() -> str:
    """Documents with their metadata and task counts."""
    return PREFIXES + """
SELECT ?d ?title ?kind ?date ?issuer ?source ?jurisdiction ?partOf ?file ?start ?end ?number ?jname ?jlevel
       (COUNT(DISTINCT ?t) AS ?tasks) WHERE {
  ?d a pkg:Document ; dcterms:title ?title .
  OPTIONAL { ?d pkg:kind ?kind } OPTIONAL { ?d dcterms:date ?date }
  OPTIONAL { ?d pkg:issuer ?issuer } OPTIONAL { ?d pkg:source ?source }
  OPTIONAL { ?d pkg:jurisdiction ?jurisdiction } OPTIONAL { ?d pkg:partOf ?partOf }
  OPTIONAL { ?d pkg:sourceFile ?file } OPTIONAL { ?d pkg:spanStart ?start ; pkg:spanEnd ?end }
  OPTIONAL { ?d dcterms:identifier ?number }
  OPTIONAL { ?d pkg:inJurisdiction ?j . ?j rdfs:label ?jname . OPTIONAL { ?j pkg:jurisdictionLevel ?jlevel } }
  OPTIONAL { ?t a pkg:Task ; pkg:inDocument ?d }
} GROUP BY ?d ?title ?kind ?date ?issuer ?source ?jurisdiction ?partOf ?file ?start ?end ?number ?jname ?jlevel"""


def document_sections(doc_iri: str) -> str:
    """Sections of one document."""
    return PREFIXES + f"""
SELECT ?key ?number ?title ?parent ?start WHERE {{
  ?s a pkg:Section ; pkg:inDocument {doc_iri} ; pkg:key ?key ; pkg:number ?number ; dcterms:title ?title .
  OPTIONAL {{ ?s pkg:parentSection ?parent }}
  OPTIONAL {{ ?s pkg:spanStart ?start }}
}}"""


def stats() -> str:
    """Instance counts per class."""
    return PREFIXES + """
SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls } GROUP BY ?cls"""


def unresolved_departments() -> str:
    """Departments (not groups) with no canonical name: neither the gazetteer nor a standard name knows them."""
    return PREFIXES + "SELECT ?d WHERE { ?d pkg:resolved false FILTER NOT EXISTS { ?d a pkg:DepartmentGroup } }"


def groups() -> str:
    """Every department group (各成员单位, 相关县级市（区）…)."""
    return PREFIXES + "SELECT ?d WHERE { ?d a pkg:DepartmentGroup }"
