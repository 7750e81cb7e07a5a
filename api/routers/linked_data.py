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

from graph.formats import FORMATS, offers
from graph.linked_data import describe, page_of, void_description
from graph.vocab import prefixes

from ..deps import SettingsDep, StoreDep
from ..errors import ApiError, not_found
from ..params import strict_query
from .sparql import parse_accept

router = APIRouter(tags=["linked data"], dependencies=[Depends(strict_query)])

#: what an entity is served as (graph.formats): its own media types, JSON-LD also as JSON, HTML also as XHTML
_OFFERS = [o for o in offers(("turtle", "jsonld", "ntriples", "html"))
           if o[0] in (FORMATS[o[1]].media, "application/json", "application/xhtml+xml")]


def _content_type(fmt: str) -> str:
    """N-Triples is UTF-8 by definition: served here without a charset parameter (as always)."""
    return FORMATS[fmt].media if fmt == "ntriples" else FORMATS[fmt].content_type
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
    if fmt == "jsonld":  # compacted with the prefixes as its @context (rdflib; pyoxigraph writes it expanded)
        g = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        body = g.serialize(format="json-ld", context=prefixes(settings.base_iri), encoding="utf-8")
    else:
        body = ox.serialize(triples, format=FORMATS[fmt].store,
                            prefixes=prefixes(settings.base_iri) if fmt == "turtle" else None)
    return Response(body, media_type=_content_type(fmt), headers=_VARY)


@router.get("/.well-known/void", summary="VoID/DCAT description of the dataset (Turtle or JSON-LD)")
def void(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    fmt = choose(request.headers.get("accept"), html=False)
    root = str(request.base_url)
    g = void_description(store, settings.base_iri, f"{settings.base_iri}dataset", f"{root}sparql",
                         settings.dataset_license)
    rdflib_format = {"jsonld": "json-ld", "ntriples": "nt"}.get(fmt, fmt)
    return Response(g.serialize(format=rdflib_format, encoding="utf-8"), media_type=_content_type(fmt),
                    headers=_VARY)
