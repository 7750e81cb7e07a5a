"""Incremental updates of a SPARQL 1.1 server (``policykg add`` / ``remove`` / an incremental build).

Used through :mod:`graph.store` only.  The server's default graph holds exactly what a fresh build
holds (the same triples as the embedded store, see :mod:`graph.incremental`); what each file
contributed is kept locally, in the server's *ledger home* ``<data>/servers/<host_port_path>-<hash>/``,
laid out like an embedded data directory (:mod:`graph.store_files`: ``stores/<gen>/`` with the ledger
and the counts, the ``store`` link, ``build.lock``; and ``parts/``), so the same change
(:func:`graph.incremental._apply`) is computed from the same ledger.  The server's named graph
``urn:policykg:state`` holds a marker, the name of the local generation that describes its default
graph; it is set in the same request that changes the default graph.  A ledger whose generation is
not the marker (the server was rebuilt or changed by something else) is not used: a build is then
full, and ``add``/``remove`` say so (:class:`StaleLedger`).

An update (:func:`update_remote`), under the ledger home's lock:

1. finishes or undoes an update that was interrupted (:func:`repair`, from ``pending.json``), drops
   the staging graphs a failed update could not (``staging.json``), and checks the marker;
2. writes the new local generation (``change``: the ledger and the counts) and gets the N-Triples
   lines that leave and enter the default graph;
3. stages them in two fresh named graphs (``urn:policykg:update:<uuid>:remove`` / ``:add``; Graph
   Store Protocol ``POST`` when the server has one, else ``INSERT DATA`` in chunks), trims them on the
   server to what really changes, and reads them back (the change's size);
4. runs the shape checks on the touched nodes, in a local in-memory copy of those nodes fetched from
   the server (:func:`_mirror`), as the embedded update does on its checkpoint;
5. writes ``pending.json``, then sends one request (:func:`graph.queries.updates.apply`): the
   ``remove`` triples leave the default graph, the ``add`` triples enter it, the marker moves to the
   new generation, the staging graphs are dropped;
6. publishes the local generation (one rename) and removes ``pending.json``.

Guarantees.  Readers of the default graph never see staged triples.  A failure before step 5 (a bad
file, a failed check, an unreachable server) leaves the default graph and the local ledger as they
were.  Step 5 is one SPARQL Update request: Oxigraph (like most servers) applies a request in one
transaction, so readers see the old default graph or the new one, never a mix.  If the request fails,
or the process is killed around it, the update is pending: :func:`repair` (run at once, and again by
the next ``add``/``remove``/``build`` of this server) reads the marker: the new generation → the
request went through, the local generation is published; anything else → the exact inverse request
(:func:`graph.queries.updates.undo`, which also repairs a server that applied the request half-way)
puts the old default graph back.  Either way the server and the ledger agree again, and a re-run of
the command applies it.  What is not covered: another program writing to the same triples at the
same time (the lock is local), and a server whose default graph is the union of its named graphs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import urllib.parse
import uuid
from pathlib import Path
from typing import Callable, Optional

import pyoxigraph as ox

from .queries import updates as UQ
from .remote import _post, _update, upload
from .results import QueryError, StoreError
from .store_files import GENERATIONS, build_lock, current_generation, fault_point, new_generation, publish, recover

PENDING = "pending.json"
#: the staging graphs of the update under way, dropped by the next one if this one could not
STAGING = "staging.json"
SERVERS = "servers"
#: IRIs per VALUES block of the queries that fetch the touched nodes
VALUES_CHUNK = 400
_NT = "application/n-triples"
_JSON = "application/sparql-results+json"


class StaleLedger(StoreError):
    """The server's data is not what the local ledger describes: rebuild it whole."""


def ledger_home(data_dir: Path, query_url: str) -> Path:
    """Where the ledger of the server at ``query_url`` is kept under ``data_dir``."""
    parts = urllib.parse.urlsplit(query_url)
    slug = re.sub(r"[^A-Za-z0-9.]+", "_", parts.netloc + parts.path).strip("_")[:60]
    return Path(data_dir) / SERVERS / f"{slug}-{hashlib.sha1(query_url.encode()).hexdigest()[:8]}"


def _say(message: str) -> None:
    print(f"policykg: {message}", file=sys.stderr, flush=True)


def _select(query_url: str, sparql: str) -> list[dict]:
    _, body = _post(query_url, sparql.encode("utf-8"), "application/sparql-query", _JSON)
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(body)["results"]["bindings"]]


def _construct(query_url: str, sparql: str) -> list:
    _, body = _post(query_url, sparql.encode("utf-8"), "application/sparql-query", _NT)
    return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)) if body else []


def read_marker(query_url: str) -> Optional[str]:
    """The local generation the server says describes its default graph; None when there is no marker."""
    rows = _select(query_url, UQ.READ_MARKER)
    return rows[0]["g"] if rows else None


def _pending(home: Path) -> Optional[dict]:
    try:
        return json.loads((home / PENDING).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_pending(home: Path, record, name: str = PENDING) -> None:
    tmp = home / f".{name}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, home / name)


def _forget(home: Path, name: str) -> None:
    (home / name).unlink(missing_ok=True)


def repair(query_url: str, update_url: str, home: Path) -> Optional[str]:
    """Finish or undo the update ``pending.json`` records (see the module docstring) and drop the
    staging graphs killed updates left; a message saying what was done (None: nothing to do).
    Call it with the ledger home's lock held; raises StoreError when the server cannot be reached."""
    note = recover(home)
    record = _pending(home)
    if record is None:
        try:
            left = json.loads((home / STAGING).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return note
        _update(update_url, UQ.drop_graphs(left))
        _forget(home, STAGING)
        return f"{query_url}: dropped the staging graphs an interrupted update left"
    generation = home / GENERATIONS / record["generation"]
    what = record.get("what", "an update")
    marker = read_marker(query_url)
    if marker == record["generation"] and generation.is_dir():
        publish(home, generation)
        if record["graphs"]:
            _update(update_url, UQ.drop_graphs(record["graphs"]))
        done = f"{query_url}: finished the interrupted update ({what}): the server had applied it"
    else:
        if record.get("undo") and marker in (record["generation"], record.get("previous")):
            _update(update_url, record["undo"])  # else the server was rebuilt since: leave its data alone
        elif record["graphs"]:
            _update(update_url, UQ.drop_graphs(record["graphs"]))
        shutil.rmtree(generation, ignore_errors=True)
        done = f"{query_url}: undid the interrupted update ({what}): the server holds what it held before"
    _forget(home, PENDING)
    _forget(home, STAGING)
    return done


def current_ledger(query_url: str, update_url: Optional[str], home: Path) -> Optional[Path]:
    """The local generation describing the server's default graph now (after :func:`repair`), None
    when there is none, the server's marker names another, or there is no ``update_url``."""
    if not update_url or not (home / GENERATIONS).is_dir():  # without an update URL nothing can be updated
        return None
    with build_lock(home, on_wait=_say):
        return _repaired_current(query_url, update_url, home)


def _repaired_current(query_url: str, update_url: str, home: Path) -> Optional[Path]:
    """Under the lock: finish or undo an interrupted update (:func:`repair`), then the local
    generation the server's marker names, or None when it names another or none."""
    note = repair(query_url, update_url, home)
    if note:
        _say(note)
    current = current_generation(home)
    return current if current is not None and read_marker(query_url) == current.name else None


#: ``change(current, generation) -> (remove, add)`` as in :func:`graph.store.update_store`
Change = Callable[[Path, Path], tuple[bytes, bytes]]


def update_remote(query_url: str, update_url: Optional[str], gsp_url: Optional[str], home: Path,
                  change: Change, verify=None, clock: Callable[[str], None] = lambda step: None,
                  what: str = "") -> tuple[int, int]:
    """Apply ``change`` to the server's default graph (see the module docstring); return (triples
    removed, triples added).  ``verify(select, focus)`` checks the touched nodes; ``what`` names the
    files for the messages.  Raises StaleLedger, StoreError (naming the server), or what ``change``
    and ``verify`` raise, with the server and the ledger left as they were."""
    if not update_url:
        raise StoreError(f"{query_url}: updating a server needs its update URL (--sparql-update)")
    with build_lock(home, on_wait=_say):
        current = _repaired_current(query_url, update_url, home)
        if current is None:
            raise StaleLedger(f"{query_url}: the server's data is not what the ledger in {home} describes "
                              "(rebuilt or changed by something else); run `policykg build` to rebuild it whole")
        generation = new_generation(home)
        generation.mkdir(parents=True)
        clock("checkpoint")
        tag = f"{UQ.STAGING_PREFIX}{uuid.uuid4()}"
        rm, add = f"{tag}:remove", f"{tag}:add"
        staged = False
        try:
            remove_nt, add_nt = change(current, generation)
            clock("change")
            staged = True
            _write_pending(home, [rm, add], STAGING)
            for graph, data in ((rm, remove_nt), (add, add_nt)):
                if data:
                    upload(update_url, graph, data, gsp_url)
            _update(update_url, UQ.trim(rm, add))
            gone = _construct(query_url, UQ.graph_triples(rm))
            new = _construct(query_url, UQ.graph_triples(add))
            clock("stage")
            if verify is not None and (gone or new):
                from .memory import select_rows as select_local, touched as _touched

                small, focus = _touched(_mirror(query_url, gone, new), gone + new)
                verify(lambda q: select_local(small, q), focus)
                clock("checks")
        except BaseException as exc:
            shutil.rmtree(generation, ignore_errors=True)
            if staged:
                try:
                    _update(update_url, UQ.drop_graphs([rm, add]))
                    _forget(home, STAGING)
                except (StoreError, QueryError):
                    pass  # dropped by the next update (repair)
            if isinstance(exc, (QueryError, StoreError)):  # unreachable, or it refused a request of ours
                raise StoreError("the update was not applied (nothing was changed): "
                                 f"{str(exc).splitlines()[0][:300]}") from exc
            raise
        _write_pending(home, {"generation": generation.name, "previous": current.name, "graphs": [rm, add],
                              "what": what, "undo": UQ.undo(rm, add, current.name)})
        fault_point("staged")
        try:
            _update(update_url, UQ.apply(rm, add, generation.name))
        except (StoreError, QueryError) as exc:
            try:
                note = repair(query_url, update_url, home)
            except (StoreError, QueryError):
                note = (f"{query_url}: the update is pending: the next `policykg add`, `remove` or `build` "
                        "of this server finishes or undoes it")
            raise StoreError(f"{query_url}: the update was not applied: {str(exc).splitlines()[0]}; {note}") from exc
        fault_point("applied")
        publish(home, generation)
        _forget(home, PENDING)
        _forget(home, STAGING)
        clock("apply")
    return len(gone), len(new)


def build_tracked(query_url: str, update_url: str, home: Path, load: Callable[[str], int],
                  finish: Optional[Callable[[Path], Optional[dict]]]) -> int:
    """A full build into the server that keeps a ledger: ``finish(generation)`` writes the new local
    generation, ``load(marker)`` replaces the server's default graph and sets the marker in the same
    request (:func:`graph.remote.build_remote`); the generation is then published.  Without
    ``finish`` the marker is removed (no ledger describes the server).  Returns ``load``'s count."""
    from .counts import write_counts

    if finish is None and not home.is_dir():  # no ledger kept, none to resolve: write nothing locally
        return load("")
    home.mkdir(parents=True, exist_ok=True)
    with build_lock(home, on_wait=_say):
        note = repair(query_url, update_url, home)
        if note:
            _say(note)
        if finish is None:
            return load("")
        generation = new_generation(home)
        generation.mkdir(parents=True)
        try:
            counts = finish(generation)
            if counts is not None:
                write_counts(generation, counts)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        _write_pending(home, {"generation": generation.name, "graphs": [], "what": "a build", "undo": None})
        try:
            count = load(generation.name)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            (home / PENDING).unlink()
            raise
        fault_point("applied")
        publish(home, generation)
        (home / PENDING).unlink()
    return count


def _chunks(items: list, n: int = VALUES_CHUNK):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _mirror(query_url: str, gone: list, new: list) -> ox.Store:
    """An in-memory store with, as they will be after the change: every triple of the nodes the
    change touches (subjects of changed triples, and the nodes linking to a node whose type changed),
    the types of their values, and the server's ``rdfs:subClassOf`` triples: what
    :func:`graph.memory.touched` reads."""
    type_iri = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    changed = gone + new
    nodes = {q.subject for q in changed if isinstance(q.subject, ox.NamedNode)}
    retyped = sorted(str(q.subject) for q in changed if q.predicate.value == type_iri)
    for chunk in _chunks(retyped):
        nodes.update(ox.NamedNode(r["x"]) for r in _select(query_url, UQ.linking_to(chunk)))
    mirror = ox.Store()
    for chunk in _chunks(sorted(str(n) for n in nodes)):
        mirror.extend(_construct(query_url, UQ.triples_of(chunk)))
    for q in gone:
        mirror.remove(q)
    mirror.extend(new)
    values = {q.object for q in mirror if isinstance(q.object, ox.NamedNode)} - nodes
    for chunk in _chunks(sorted(str(v) for v in values)):
        mirror.extend(_construct(query_url, UQ.types_of(chunk)))
    mirror.extend(_construct(query_url, UQ.SUBCLASS_TRIPLES))
    return mirror
