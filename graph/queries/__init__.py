"""Every SPARQL text the code runs, and safe ways to fill one in.

This package is the one place where query text lives (the gallery's ``.rq``
files under ``graph/examples/`` aside; ``tests/test_vocabulary.py`` checks
that no other module of extract/, graph/ or api/ writes SPARQL):

- here, the named queries of the REST API and the analytics;
- :mod:`graph.queries.entities`: entity pages, the search index, suggestions;
- :mod:`graph.queries.views`: the network views;
- :mod:`graph.queries.dataset`: export, linked data, VoID, validation, the CLI;
- :mod:`graph.queries.store`: what the stores themselves send (counts, loads).

Every function returns a SPARQL query string; nothing here touches a store.
A value coming from a user enters a query as a bound variable
(:class:`graph.bindings.Bound`: a pyoxigraph substitution on the embedded
store, a safely written term for a server), as an :func:`integer`, or as an
IRI minted by :mod:`graph.instances` from a percent-encoded key, so a request
parameter cannot change the shape of a query.  :func:`literal` writes the
constant of the example query, which is shown to users as text.
"""

from __future__ import annotations

from ..bindings import Bound, bind
from ..instances import BASE
from ..instances import term as iri
from ..vocab import DCTERMS, PKG, RDF, RDFS, ROLES, SKOS, XSD

#: the prefixes every query here declares (the namespaces of :mod:`graph.vocab`)
PREFIXES = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in (
    ("pkg", PKG._NS), ("rdf", RDF), ("rdfs", RDFS), ("skos", SKOS), ("dcterms", DCTERMS), ("xsd", XSD),
    ("id", BASE)))

#: (role property, role name) rows for a VALUES clause, and the role properties, of graph.vocab's roles
ROLE_VALUES = " ".join(f'(pkg:{role} "{role}")' for role in ROLES)
ROLE_PROPERTIES = ", ".join(f"pkg:{role}" for role in ROLES)
#: ``?t`` linked to ``?d`` in a role, the role property as ``?p``: a UNION of one pattern per role.
#: pyoxigraph starts a join with a small VALUES block, so ``?t ?p ?d . VALUES ?p {…}`` read every
#: role link of the store before the patterns that bind ?t or ?d; a ``FILTER(?p IN …)`` reads
#: every triple of each task (1.5M triples: 82 ms against 58 ms for 560 tasks; the README's query
#: 330 ms with VALUES, 58 ms with the filter, 52 ms as a UNION)
ROLE_UNION = " UNION ".join(f"{{ ?t pkg:{role} ?d BIND(pkg:{role} AS ?p) }}" for role in ROLES)

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def literal(value: str) -> str:
    """A SPARQL string literal for ``value`` (quotes and control characters escaped)."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in str(value)) + '"'


def integer(value: int) -> str:
    """A SPARQL integer; raises ``ValueError`` for anything that is not an int."""
    return str(int(value))


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
  VALUES (?roleProp ?role) {{ {ROLE_VALUES} }}
}}
ORDER BY ?task"""


def find_departments(ident: str) -> Bound:
    """Departments whose gazetteer id, IRI key, label or name as written is ``ident`` (``?d``)."""
    return bind(PREFIXES + f"""
SELECT DISTINCT ?d ?ident WHERE {{
  ?d a ?cls . VALUES ?cls {{ pkg:Department pkg:DepartmentGroup }}
  {{ VALUES ?d {{ {iri('dept', ident)} }} }}
  UNION {{ ?d rdfs:label|pkg:nameAsWritten|skos:altLabel|skos:prefLabel ?n . FILTER(STR(?n) = ?ident) }}
}} ORDER BY ?d""", ident=ident)


def department_with_id(ident: str) -> str:
    """``?d``: the department (or group) whose IRI key is ``ident``, if the store has one (at most one
    row): two index lookups, where :func:`find_departments` compares every name of every department
    (1,000 copies: 0.2 ms against 180 ms)."""
    node = iri("dept", ident)
    return PREFIXES + f"SELECT ?d WHERE {{ {node} a ?cls . FILTER(?cls IN (pkg:Department, pkg:DepartmentGroup)) " \
                      f"BIND({node} AS ?d) }} LIMIT 1"


def departments(iris: list[str] | None = None) -> str:
    """One row per department (and name as written): label, type, resolved, level, body, jurisdiction."""
    restrict = _values("d", iris) if iris else ""
    return PREFIXES + f"""
SELECT ?d ?label ?cls ?written ?resolved ?level ?body ?j ?jkey ?jlabel ?jlevel WHERE {{
  {restrict}
  ?d a ?cls . FILTER(?cls IN (pkg:Department, pkg:DepartmentGroup))  # not VALUES: see ROLE_UNION
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
    return PREFIXES + f"""
SELECT ?t ?role ?d WHERE {{
  ?t a pkg:Task ; ?p ?d .
  VALUES (?p ?role) {{ {ROLE_VALUES} }}
}}"""


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
SELECT ?a ?b ?n WHERE { ?c pkg:sharedTasks ?n ; pkg:departmentA ?a ; pkg:departmentB ?b }"""
# (no class test: only a pkg:CoParticipation has pkg:sharedTasks, and the test was one more lookup per
# pair, which pyoxigraph did first: 17,088 pairs read in 3.0 s with it, 1.2 s without, at a load of 18)


def stored_pair_count(min_shared: int) -> str:
    """How many stored co-participations share at least ``min_shared`` tasks (one index scan, no lookup)."""
    return PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c pkg:sharedTasks ?n0 FILTER(?n0 >= {integer(min_shared)}) }}"


def stored_pair_threshold(min_shared: int, rank: int) -> str:
    """The shared-task count of the ``rank``-th (1, 2, …) stored co-participation, most shared first
    (integers only: no lookup of the departments); no row when fewer pairs share ``min_shared``."""
    return PREFIXES + (f"SELECT ?n WHERE {{ ?c pkg:sharedTasks ?n FILTER(?n >= {integer(min_shared)}) }}\n"
                       f"ORDER BY DESC(?n) LIMIT 1 OFFSET {integer(rank - 1)}")


def stored_pairs_from(min_shared: int) -> str:
    """:func:`stored_pairs` of the co-participations sharing at least ``min_shared`` tasks only."""
    return PREFIXES + f"""
SELECT ?a ?b ?n WHERE {{ ?c pkg:sharedTasks ?n FILTER(?n >= {integer(min_shared)}) ?c pkg:departmentA ?a ; pkg:departmentB ?b }}"""


def stored_pairs_among(department_iris: list[str], min_tasks: int, min_shared: int) -> str:
    """The stored co-participations of two departments of ``department_iris`` (IRIs read from the
    store) sharing at least ``min_shared`` tasks: A from the list, B any department with at least
    ``min_tasks`` tasks (the least of the list's: the caller keeps the pairs whose B is in the list).
    Reads only the pairs of the listed departments: on 1,000 copies the 300 busiest are department A
    of 5,050 of the 17,088 pairs, and the test on B's stored task count (an integer) leaves the 1,667
    among them before any IRI is read (a second ``VALUES`` for B made pyoxigraph join the two
    lists first: 0.2–0.4 s against 0.17–0.19 s)."""
    listed = _values("a", [f"<{d}>" for d in department_iris])
    return PREFIXES + f"""
SELECT ?a ?b ?n WHERE {{
  {listed}
  ?c pkg:departmentA ?a ; pkg:departmentB ?b .
  ?b pkg:taskCount ?tb FILTER(?tb >= {integer(min_tasks)})
  ?c pkg:sharedTasks ?n FILTER(?n >= {integer(min_shared)})
}}"""


def task_list(department_iris: list[str] | None = None, role: str | None = None,
              document: str | None = None, year: int | None = None, text: str | None = None,
              jurisdiction_iri: str | None = None, page: tuple[int, int] | None = None) -> Bound:
    """Tasks matching all given filters: key, number, title, document (``jurisdiction_iri``:
    an IRI minted here or read from the store, tasks of that jurisdiction's documents;
    ``text``: in the task's text or title).  ``page`` = (limit, offset): only that page, in the
    order of the ``pkg:sortKey`` the build stores, on the integers it stores for it
    (``pkg:documentOrder``, ``pkg:orderInDocument``: graph.materialise), paged inside the query;
    a paged query also reads ``year`` from the build's ``pkg:earliestDueYear`` (so pass ``page``
    only for a store that has them: :func:`has_sort_keys`).  ValueError for a role that is not one."""
    body, values = _task_filters(department_iris, role, document, year, text, jurisdiction_iri,
                                 stored=page is not None)
    words = " ?words" if text else ""
    if page is None:
        return bind(PREFIXES + f"SELECT DISTINCT ?t ?key ?number ?title ?doc{words} WHERE {{\n  {body}\n}}", **values)
    limit, offset = page
    order, cut = "ORDER BY ?docOrder ?place ?t", f"LIMIT {integer(limit)} OFFSET {integer(offset)}"
    if text:  # its value is a substitution, projected: one flat query
        return bind(PREFIXES + f"SELECT DISTINCT ?t ?key ?number ?title ?doc ?docOrder ?place{words} WHERE {{\n  {body}\n"
                    "  ?t pkg:orderInDocument ?place . ?doc pkg:documentOrder ?docOrder .\n}\n" + f"{order} {cut}",
                    **values)
    # the matches are sorted on their integers alone, and only the page's rows read their columns
    # (37,000 matches: each read its key, number and title before)
    lean, _ = _task_filters(department_iris, role, document, year, None, jurisdiction_iri, stored=True,
                            columns=False)
    return bind(PREFIXES + f"SELECT ?t ?key ?number ?title ?doc WHERE {{\n"
                f"  {{ SELECT DISTINCT ?t ?doc ?docOrder ?place WHERE {{\n  {lean}\n"
                "  ?t pkg:orderInDocument ?place . ?doc pkg:documentOrder ?docOrder .\n"
                f"  }} {order} {cut} }}\n"
                f"  ?t pkg:key ?key ; pkg:number ?number ; dcterms:title ?title .\n}}\n{order}", **values)


def task_count(department_iris: list[str] | None = None, role: str | None = None,
               document: str | None = None, year: int | None = None,
               jurisdiction_iri: str | None = None) -> str:
    """How many tasks :func:`task_list` matches (``?n``), on a store with the build's materialised
    figures (as a paged :func:`task_list`).  No text filter: its value is a
    substitution, which pyoxigraph takes only for a projected variable, and an aggregate
    cannot project it (graph.bindings); a text search is read whole instead (api lookup)."""
    body, _ = _task_filters(department_iris, role, document, year, None, jurisdiction_iri, stored=True,
                            columns=False)
    if year is not None and not jurisdiction_iri:  # the due years say ?t is a task (shapes.ttl): no join
        body = body.replace("\n  ?t pkg:inDocument ?doc .", "")  # with a document (37,000 tasks: 0.35 s → 14 ms)
    return PREFIXES + f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{\n  {body}\n}}"


def _page_of(inner: str, limit: int, offset: int) -> str:
    order = "ORDER BY ?docOrder ?place ?t"
    return (PREFIXES + f"SELECT ?t ?key ?number ?title ?doc WHERE {{\n  {{ SELECT DISTINCT ?t ?doc ?docOrder ?place "
            f"WHERE {{\n  {inner}\n  }} {order} LIMIT {integer(limit)} OFFSET {integer(offset)} }}\n"
            f"  ?t pkg:key ?key ; pkg:number ?number ; dcterms:title ?title .\n}}\n{order}")


def due_page_in_first_documents(year: int, documents: int, limit: int, offset: int) -> str:
    """:func:`task_list` with only ``year``, paged, among the tasks of the first ``documents``
    documents (``pkg:documentOrder`` below it): the page when these hold enough matches, read from
    the documents instead of from every due year (a first page of 37,000 matches: 1 s → 64 ms)."""
    return _page_of(f"?doc pkg:documentOrder ?docOrder . FILTER(?docOrder < {integer(documents)})\n"
                    f"  ?t pkg:inDocument ?doc ; pkg:earliestDueYear ?due . FILTER(?due <= {integer(year)})\n"
                    "  ?t pkg:orderInDocument ?place .", limit, offset)


def department_document_counts(dept_iri: str) -> str:
    """Per document with tasks of one department: ?doc, its ?docOrder and the department's tasks
    there ?n (from the build's ``pkg:DepartmentInDocument``, graph.materialise)."""
    return PREFIXES + f"""
SELECT ?doc ?docOrder ?n WHERE {{
  ?s pkg:summaryDepartment {dept_iri} ; pkg:summaryDocument ?doc ; pkg:tasksAsLead ?lead ;
     pkg:tasksAsResponsible ?resp ; pkg:tasksAsParticipant ?part .
  ?doc pkg:documentOrder ?docOrder .
  BIND(?lead + ?resp + ?part AS ?n)
}}"""


def department_page_in_documents(dept_iri: str, doc_iris: list[str], limit: int, offset: int) -> str:
    """:func:`task_list` with only one department, paged, among its tasks in ``doc_iris``."""
    return _page_of(f"{_values('doc', doc_iris)}\n  ?t pkg:inDocument ?doc ; pkg:involves {dept_iri} ; "
                    "pkg:orderInDocument ?place .\n  ?doc pkg:documentOrder ?docOrder .", limit, offset)


def has_sort_keys() -> str:
    """ASK: does the store hold the build's document order (``pkg:documentOrder``, with the
    places in documents and the earliest due years: graph.materialise), so lists can page in the query?"""
    return PREFIXES + "ASK { ?d pkg:documentOrder ?n }"


def _task_filters(department_iris, role, document, year, text, jurisdiction_iri,
                  stored: bool = False, columns: bool = True) -> tuple[str, dict]:
    """(the graph pattern of :func:`task_list`'s filters, the values it binds; ``stored``: the year
    from the build's ``pkg:earliestDueYear``, else from every target's due year and period end;
    ``columns``: with the key, number and title, else ``?t`` and ``?doc`` only, every task having
    them, shapes.ttl).  ValueError for a role that is not one."""
    if role is not None and role not in ROLES:
        raise ValueError(f"not a role: {role!r}")
    values = {"words": text} if text else {}
    # the class test only where no other pattern says ?t is a task: pyoxigraph starts from it
    # (21,200 tasks, each then looked up) rather than from the 3,700 due years
    typed = "" if (year is not None and stored) else "a pkg:Task ; "
    where = [f"?t {typed}pkg:key ?key ; pkg:number ?number ; dcterms:title ?title ; pkg:inDocument ?doc ."
             if columns or text else f"?t {typed}pkg:inDocument ?doc ."]
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
    if year is not None and stored:  # one integer per task (a UNION over the targets: 3.2 s first answer at 21,200 tasks)
        where.insert(0, f"?t pkg:earliestDueYear ?due . FILTER(?due <= {integer(year)})")
    elif year is not None:  # a join from the targets: FILTER EXISTS per task took 28 s on 21,200 tasks
        where.insert(0, "{ SELECT DISTINCT ?t WHERE { ?t pkg:hasTarget ?g . { ?g pkg:dueYear ?y } UNION "
                     f"{{ ?g pkg:periodEnd ?y }} FILTER(xsd:integer(STR(?y)) <= {integer(year)}) }} }}")
    if text:
        where.append("?t pkg:text ?text . FILTER(CONTAINS(STR(?text), ?words) || CONTAINS(STR(?title), ?words))")
    return "\n  ".join(where), values


def task_departments(task_iris: list[str]) -> str:
    """(task, role property, department) for the given tasks (labels: :func:`department_labels`)."""
    return PREFIXES + f"""
SELECT ?t ?p ?d WHERE {{
  {_values("t", task_iris)}
  {ROLE_UNION}
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
