"""The HTML 404 page for browsers, with suggestions.

``html_not_found(request, message) -> HTMLResponse | None``: when the client
asks for ``text/html`` first, a 404 page naming what was not found and
suggesting the closest department names, task keys, documents, districts or
platforms (by substring, then by ``difflib`` similarity, of the path's last
segment; limited to the kind the path names, e.g. ``/departments/…``) and a
search link.  None for any other client, which then gets the JSON error.
The names come from the store once per generation; a store that cannot be
read gives a page without suggestions.
"""

from __future__ import annotations

import difflib
import logging
from collections import defaultdict
from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.responses import HTMLResponse

from graph.queries import entities as EQ
from graph import instances

log = logging.getLogger(__name__)

KINDS = ("departments", "tasks", "documents", "districts", "platforms")
MAX_SUGGESTIONS = 8


def prefers_html(request: Request) -> bool:
    """True when the first media type of Accept is HTML (what a browser sends)."""
    first = request.headers.get("accept", "").split(",")[0].split(";")[0].strip().lower()
    return first in ("text/html", "application/xhtml+xml")


def suggestion_index(store) -> dict[str, dict[str, tuple[str, str]]]:
    """kind → {name: (id, label)} from the store."""
    out: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    names, values = store.query(EQ.suggestion_names()).rows()
    for kind, node, name in values:
        out[kind].setdefault(name, (instances.local_id(node), name))
    return dict(out)


def suggestions(index: dict, path: str) -> tuple[list[dict], str]:
    """Suggestions for ``path`` and the text to search for (its last segment, decoded)."""
    segments = [unquote(s) for s in path.strip("/").split("/") if s]
    word = segments[-1] if segments else ""
    kinds = [segments[0]] if segments and segments[0] in KINDS else (
        [segments[1]] if len(segments) > 1 and segments[0] == "api" and segments[1] in KINDS else list(KINDS))
    if not word or word in KINDS:
        return [], ""
    found: list[dict] = []
    seen: set = set()
    for kind in kinds:
        names = index.get(kind, {})
        close = [n for n in names if word in n or n in word]
        close += difflib.get_close_matches(word, list(names), n=MAX_SUGGESTIONS, cutoff=0.5)
        for name in close:
            ident, label = names[name]
            if (kind, ident) in seen:
                continue
            seen.add((kind, ident))
            text = f"{label} ({ident})" if kind == "documents" else label
            found.append({"kind": kind[:-1], "label": text, "href": f"/{kind}/{quote(ident, safe='')}"})
    return found[:MAX_SUGGESTIONS], word


def html_not_found(request: Request, message: str) -> HTMLResponse | None:
    """The HTML 404 page when the client prefers HTML, else None."""
    if not prefers_html(request) or getattr(request.app.state, "templates", None) is None:
        return None
    from .deps import per_generation

    try:
        index = per_generation(request, "suggestions", suggestion_index)
    except Exception:  # noqa: BLE001 - a 404 page must not fail because the store cannot be read
        log.warning("no suggestions for a 404 page", exc_info=True)
        index = {}
    found, word = suggestions(index, request.url.path)
    response = request.app.state.templates.TemplateResponse(
        request, "404.html", {"message": message, "suggestions": found, "query": word}, status_code=404)
    return response
