"""Instance IRIs, minted and read back in one place.

An instance IRI is ``<base><kind>/<key>``: ``base`` is :data:`graph.vocab.ID`
(``$POLICYKG_BASE_IRI``) unless a caller passes its own (the service's
``settings.base_iri``), ``kind`` a lowercase word (:data:`KINDS`) and ``key``
a stable key (document id, task key, department identity…) percent-encoded
with ``urllib.parse.quote(key, safe="")``, so any key gives one path segment.

- ``node(kind, key) -> rdflib.URIRef`` (the build), ``iri(kind, key) -> str``
  (plain text, for comparing with query answers) and ``term(kind, key) -> str``
  (``<…>``, for SPARQL text) are the same IRI;
- ``evidence(key, fact)`` is the evidence node of one fact (``#`` joins them);
- ``parse(iri) -> (kind, key) | None`` and ``local_id(iri) -> key`` read one
  back (the key decoded);
- ``id_path(iri)``: the service's ``/id/<kind>/<key>`` path of an instance IRI,
  ``href(iri)``: where a browser goes for it, the HTML page of its kind
  (:data:`PAGES`) or else that path.

``ValueError`` for a kind that is not a lowercase ASCII word.  Nothing here
touches a store.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional
from urllib.parse import quote, unquote

from rdflib import URIRef

from .vocab import ID

#: the kinds the build mints (the first path segment under the base)
KINDS = ("doc", "section", "task", "dept", "jurisdiction", "target", "evidence", "warning", "district",
         "place", "platform", "industry", "coparticipation", "summary", "platformtasks")
#: the base of instance IRIs this process mints under
BASE = str(ID)
#: kind → the path of the HTML page of an instance of that kind (followed by its key, percent-encoded)
PAGES = {"task": "/tasks/", "dept": "/departments/", "doc": "/documents/", "district": "/districts/",
         "platform": "/platforms/"}


@lru_cache(maxsize=256)
def _prefix(kind: str, base: str) -> str:
    if not (kind.isascii() and kind.isalpha() and kind.islower()):
        raise ValueError(f"not an instance kind: {kind!r}")
    return f"{base}{kind}/"


def iri(kind: str, key: str, base: Optional[str] = None) -> str:
    """``<base><kind>/<key percent-encoded>`` as a plain string."""
    return _prefix(kind, base or BASE) + _quoted(key)


class _PercentTable(dict):
    """``str.translate`` table: a character → ``quote(character, safe="")`` (made on first use), so
    ``key.translate(table) == quote(key, safe="")`` (quoting goes character by character) at half
    the cost; a character UTF-8 cannot encode raises as ``quote`` does."""

    def __missing__(self, code: int) -> str:
        self[code] = value = quote(chr(code), safe="")
        return value


_PERCENT = _PercentTable()


@lru_cache(maxsize=1 << 14)  # the build names each department, section and task many times
def _quoted(key: str) -> str:
    return key.translate(_PERCENT)


def node(kind: str, key: str) -> URIRef:
    """:func:`iri` as an rdflib term (under :data:`BASE`).  Made without ``URIRef()``'s check of
    the characters (which only logs a warning, and costs a microsecond on each of the mapping's
    thousands of nodes per file): the base is checked once (:func:`graph.vocab.base_iri`), the kind
    is lowercase ASCII and the key percent-encoded, so the IRI holds none of the characters it
    looks for; the term is the same.  Terms are immutable: one made before is given again (the
    mapping names each department, task and section several times)."""
    return _node(kind, key, BASE)


@lru_cache(maxsize=1 << 14)
def _node(kind: str, key: str, base: str) -> URIRef:
    return str.__new__(URIRef, iri(kind, key, base))


def term(kind: str, key: str, base: Optional[str] = None) -> str:
    """:func:`iri` as a SPARQL IRI term, ``<…>`` (the key's encoding leaves no ``>`` or space in it)."""
    return f"<{iri(kind, key, base)}>"


def evidence(key: str, fact: str) -> URIRef:
    """The evidence node of ``fact`` (``lead-0``, ``target-1``, ``task``) of the task or document ``key``."""
    return node("evidence", f"{key}#{fact}")


def parse(value: str, base: Optional[str] = None) -> Optional[tuple[str, str]]:
    """``(kind, decoded key)`` of an instance IRI under ``base``; None for any other IRI."""
    base = base or BASE
    if not value.startswith(base):
        return None
    kind, slash, key = value[len(base):].partition("/")
    return (kind, unquote(key)) if slash else None


@lru_cache(maxsize=1 << 16)  # views decode thousands of IRIs per request, the same ones again and again
def local_id(value: str, base: Optional[str] = None) -> str:
    """The decoded key of an instance IRI (``…/id/dept/suzhou.kjj`` → ``suzhou.kjj``); for any other
    value, what follows its first ``/`` (or the value), decoded."""
    base = base or BASE
    tail = value[len(base):] if value.startswith(base) else value
    return unquote(tail.split("/", 1)[1] if "/" in tail else tail)


def id_path(value: str, base: Optional[str] = None) -> Optional[str]:
    """``/id/<kind>/<key as in the IRI>`` for an instance IRI under ``base``; None for any other IRI."""
    base = base or BASE
    return "/id/" + value[len(base):] if value.startswith(base) else None


def href(value: str, base: Optional[str] = None) -> Optional[str]:
    """The HTML page of an instance IRI whose kind has one (:data:`PAGES`), else its :func:`id_path`."""
    path = id_path(value, base)
    if path is None:
        return None
    kind, _, key = path[len("/id/"):].partition("/")
    return PAGES[kind] + key if kind in PAGES and key else path
