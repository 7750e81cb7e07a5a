"""Finding departments and jurisdictions by what a user types.

A department is named by its id (``suzhou.kjj``, ``hangzhou:杭州市科学技术局``),
its canonical label, a name as written, or any gazetteer alias or standard
short form (市科学技术局, 杭州市科技局) in any jurisdiction the store holds.
A jurisdiction is named by its id (``hangzhou``, ``city:广安市``) or its name
(杭州市).  Functions take the read-only store and raise
:class:`api.errors.ApiError`: 404 ``not-found`` with the closest names, 409
``ambiguous-department`` with one candidate per match and its jurisdiction.
"""

from __future__ import annotations

import difflib
from typing import Optional

from extract.entities import departments as gazetteer
from extract.model import DeptRef
from extract.entities.standard_names import standard_department
from graph import instances
from graph import queries as Q
from graph.store import EmbeddedStore

from ..errors import ApiError
from .lookup import rows


def jurisdiction_table(store: EmbeddedStore) -> dict[str, dict]:
    """Jurisdiction IRI → {id, name, level} for every jurisdiction in the store."""
    return {r["j"]: {"id": r["key"], "name": r["label"], "level": r["level"]}
            for r in rows(store, Q.jurisdictions())}


def resolve_jurisdiction(store: EmbeddedStore, value: Optional[str]) -> Optional[str]:
    """The jurisdiction IRI ``value`` (id or name) names, None for None; 404 listing the closest."""
    if value is None:
        return None
    table = jurisdiction_table(store)
    found = [iri for iri, j in table.items() if value in (j["id"], j["name"])]
    if found:
        return found[0]
    names = sorted({j["name"] for j in table.values()} | {j["id"] for j in table.values()})
    raise ApiError(404, "not-found", f"no jurisdiction {value!r}",
                   {"kind": "jurisdiction", "id": value,
                    "closest": difflib.get_close_matches(value, names, n=5, cutoff=0.3),
                    "jurisdictions": [j for j in table.values()]})


def _names(store: EmbeddedStore) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in rows(store, Q.department_names()):
        out.setdefault(r["d"], set()).add(r["n"])
    return out


def department_candidates(store: EmbeddedStore, ident: str) -> list[str]:
    """IRIs of every department ``ident`` names (an exact id wins alone), sorted."""
    exact = instances.iri("dept", ident)
    if rows(store, Q.department_with_id(ident)):  # an id: no name compared
        return [exact]
    direct = [r["d"] for r in rows(store, Q.find_departments(ident))]
    known = _names(store)
    found = set(direct)
    for j in jurisdiction_table(store).values():
        hit = gazetteer.resolve_department(ident, j["id"])
        if hit is not None:
            found.add(instances.iri("dept", hit.id))
        standard = standard_department(ident, j["id"])
        if standard is not None:
            ref = DeptRef(name=ident, label=standard[1], jurisdiction=standard[0])
            found.add(instances.iri("dept", ref.identity()))
    return sorted(i for i in found if i in known)


def _jurisdiction_of(store: EmbeddedStore, iris: list[str]) -> dict[str, str]:
    wanted = set(iris)
    return {r["d"]: r["j"] for r in rows(store, Q.department_jurisdictions()) if r["d"] in wanted}


def candidates_in(store: EmbeddedStore, ident: str, jurisdiction: Optional[str] = None) -> list[str]:
    """:func:`department_candidates` restricted to the jurisdiction IRI ``jurisdiction``."""
    found = department_candidates(store, ident)
    if jurisdiction is None:
        return found
    where = _jurisdiction_of(store, found)
    return [i for i in found if where.get(i) == jurisdiction]


def describe_candidates(store: EmbeddedStore, iris: list[str]) -> list[dict]:
    """{id, label, jurisdiction: {id, name, level}} for each IRI."""
    table = jurisdiction_table(store)
    where = _jurisdiction_of(store, iris)
    labels = {r["d"]: r["label"] for r in rows(store, Q.department_labels([f"<{i}>" for i in iris]))} if iris else {}
    return [{"id": instances.local_id(i), "label": labels.get(i), "jurisdiction": table.get(where.get(i))} for i in iris]


def resolve_one(store: EmbeddedStore, ident: str, jurisdiction: Optional[str] = None) -> str:
    """The one department ``ident`` names (in ``jurisdiction``, an IRI, when given).
    404 with the closest names when none; 409 with the candidates when several."""
    found = candidates_in(store, ident, jurisdiction)
    if len(found) == 1:
        return found[0]
    if not found:
        names = sorted({n for ns in _names(store).values() for n in ns})
        raise ApiError(404, "not-found", f"no department {ident!r}",
                       {"kind": "department", "id": ident,
                        "closest": difflib.get_close_matches(ident, names, n=5, cutoff=0.4)})
    candidates = describe_candidates(store, found)
    raise ApiError(409, "ambiguous-department",
                   f"{ident!r} names {len(found)} departments; pass jurisdiction= or one of the ids",
                   {"id": ident, "candidates": candidates})
