"""``/api/queries`` (the gallery of example queries) and ``/api/queries/{name}`` (one of them).

The queries are the ``.rq`` files of :mod:`graph.gallery`, the same the CLI
runs with ``policykg query --example NAME``.  Each item has its name, title,
description, the SPARQL text, and ``run``: the ``/sparql`` GET URL that runs
it (a browser gets the query page with its results).
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request

from graph import gallery

from ..errors import ApiError
from ..params import ListFormat, listing, strict_query

router = APIRouter(prefix="/api/queries", tags=["sparql"], dependencies=[Depends(strict_query)])


def item(example: gallery.Example) -> dict:
    return example.as_dict() | {"run": "/sparql?" + urlencode({"query": example.sparql})}


@router.get("", summary="The gallery of example SPARQL queries")
def list_queries(request: Request, format: ListFormat = None):
    items = [item(e) for e in gallery.examples()]
    return listing(request, {"total": len(items), "items": items}, format, "queries")


@router.get("/{name}", summary="One example query")
def one_query(name: str) -> dict:
    try:
        return item(gallery.example(name))
    except gallery.UnknownExample as exc:
        raise ApiError(404, "not-found", str(exc), {"kind": "query", "id": name, "available": exc.names}) from None
