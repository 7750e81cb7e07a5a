"""``/id/{kind}/{key}`` (instance IRIs dereferenced) and ``/.well-known/void`` (the dataset described).

An instance IRI is ``<base><kind>/<key>`` with the base of ``POLICYKG_BASE_IRI``
(``settings.base_iri``); the service answers for it under ``/id/``.  Content
negotiation: Turtle (the default, also for ``*/*``), JSON-LD
(``application/ld+json`` or ``application/json``) or N-Triples: the entity's
triples and its evidence (:func:`graph.linked_data.describe`).  A browser
(``text/html`` first) gets ``303 See Other`` to the entity's HTML page.  An
unknown IRI is 404 ``not-found``; an Accept nothing matches is 406.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph

from graph.linked_data import describe, page_of, void_description
from graph.vocab import prefixes

from ..deps import SettingsDep, StoreDep
from ..errors import ApiError, not_found
from ..params import strict_query
from .sparql import parse_accept

router = APIRouter(tags=["linked data"], dependencies=[Depends(strict_query)])

_MEDIA = {"turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
          "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
          "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES)}
_OFFERS = [("text/turtle", "turtle"), ("application/ld+json", "jsonld"), ("application/json", "jsonld"),
           ("application/n-triples", "ntriples"), ("text/html", "html"), ("application/xhtml+xml", "html")]
_VARY = {"Vary": "Accept"}


def choose(accept: str | None, html: bool = True) -> str:
    """turtle, jsonld, ntriples or html for an Accept header; ApiError 406 when none fits."""
    offers = [o for o in _OFFERS if html or o[1] != "html"]
    for media in parse_accept(accept):
        if media in ("*/*", "text/*"):
            return "turtle"
        for offered, name in offers:
            if media == offered or (media.endswith("/*") and offered.startswith(media[:-1])):
                return name
    raise ApiError(406, "not-acceptable", f"cannot answer as {accept!r}",
                   {"available": sorted({m for m, _ in offers})})


@router.get("/id/dataset", summary="The dataset's IRI: 303 to its VoID description")
def dataset_iri() -> Response:
    return RedirectResponse("/.well-known/void", status_code=303, headers=_VARY)


@router.get("/id/{kind}/{key:path}", summary="An instance IRI: its triples with provenance, or its HTML page")
def dereference(kind: str, key: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    fmt = choose(request.headers.get("accept"))
    iri = f"{settings.base_iri}{kind}/{key}"
    try:
        triples = describe(store, kind, key, settings.base_iri)
    except ValueError:
        triples = None
    if not triples:
        raise not_found("entity", iri)
    if fmt == "html":
        page = page_of(store, kind, key, settings.base_iri)
        if page is None:  # nothing shows it: the RDF, readable as text
            fmt = "turtle"
        else:
            return RedirectResponse(page, status_code=303, headers=_VARY)
    media, rdf_format = _MEDIA[fmt]
    if fmt == "jsonld":  # compacted with the prefixes as its @context (rdflib; pyoxigraph writes it expanded)
        g = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        body = g.serialize(format="json-ld", context=prefixes(settings.base_iri), encoding="utf-8")
    else:
        body = ox.serialize(triples, format=rdf_format,
                            prefixes=prefixes(settings.base_iri) if fmt == "turtle" else None)
    return Response(body, media_type=media, headers=_VARY)


@router.get("/.well-known/void", summary="VoID/DCAT description of the dataset (Turtle or JSON-LD)")
def void(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    fmt = choose(request.headers.get("accept"), html=False)
    root = str(request.base_url)
    g = void_description(store, settings.base_iri, f"{settings.base_iri}dataset", f"{root}sparql",
                         settings.dataset_license)
    if fmt == "jsonld":
        return Response(g.serialize(format="json-ld", encoding="utf-8"), media_type="application/ld+json",
                        headers=_VARY)
    if fmt == "ntriples":
        return Response(g.serialize(format="nt", encoding="utf-8"), media_type="application/n-triples",
                        headers=_VARY)
    return Response(g.serialize(format="turtle", encoding="utf-8"), media_type="text/turtle; charset=utf-8",
                    headers=_VARY)
