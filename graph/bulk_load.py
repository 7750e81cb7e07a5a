"""Bulk loading N-Triples into an embedded pyoxigraph store, for :mod:`graph.store` (which decides which
store is used and owns the build's steps).

``bulk_load(store, ntriples, lenient)`` loads bytes, a file or files one by one and returns the seconds
spent; ``minted_iris_valid(base)`` says whether the IRIs :mod:`graph.instances` mints are valid whatever
the key, the condition for loading the build's own lines without pyoxigraph checking each IRI again.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable, Optional, Union

import pyoxigraph as ox

__all__ = ["NTriples", "bulk_load", "minted_iris_valid"]

#: what the store loads: N-Triples bytes, a file, or files (an iterator may yield them as they are made)
NTriples = Union[bytes, Path, Iterable[Path]]


def minted_iris_valid(base: Optional[str] = None) -> bool:
    """True when the IRIs :mod:`graph.instances` mints under ``base`` (default: its base) are valid
    IRIs whatever the key: the base is one (the IRI grammar, which is stricter than
    :func:`graph.vocab.base_iri`'s check: ``http://host:port/`` passes that one) and ends in ``/``;
    the kind is a lowercase word and the key is percent-encoded (only unreserved characters and
    ``%XX`` are added), which is valid in a path, a query or a fragment alike."""
    from .instances import BASE

    base = BASE if base is None else base
    try:
        ox.NamedNode(base)
    except ValueError:
        return False
    return base.endswith("/")


def bulk_load(store: ox.Store, ntriples: NTriples, lenient: bool = False) -> float:
    """Bulk-load bytes, a file, or files one by one (as an iterator yields them); return the
    seconds spent loading.  pyoxigraph's bulk loader holds about a gigabyte per 1.5M triples of
    one call, so a spool cut in parts keeps the build's memory flat.  ``lenient``: IRIs are not
    checked (only for lines whose IRIs are known to be valid: :func:`minted_iris_valid`)."""
    t0 = time.perf_counter()
    if isinstance(ntriples, bytes):
        store.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=lenient)
        return time.perf_counter() - t0
    busy = 0.0
    for path in [ntriples] if isinstance(ntriples, Path) else ntriples:
        t0 = time.perf_counter()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, lenient=lenient)
        busy += time.perf_counter() - t0
    return busy
