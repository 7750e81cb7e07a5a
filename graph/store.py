"""The one module that decides which triple store is used.

The default is an embedded pyoxigraph (RocksDB) store in a data directory
(``./.policykg/`` or ``$POLICYKG_DATA``); :mod:`graph.store_files` owns its
layout (``store`` → ``stores/<generation>``, replaced by one atomic rename).

``build_store(target, ntriples)`` loads into a fresh generation and swaps it
in, under a lock, so a failed or killed build never touches the store already
there, queries never see a half-built graph, and two builds never collide.
``update_store(target, change, verify)`` applies a change of a few files
(:mod:`graph.incremental`) to a copy of the current generation (a RocksDB
checkpoint: hard links, no copy of the data) and swaps it in the same way.
``open_store(target)`` opens it read-only, so a server and the command line
can use one store at the same time; ``store_generation(target)`` tells a
server that a rebuild has happened.

Any SPARQL 1.1 server can be used instead (:class:`StoreConfig` with its
query and update URLs, see :mod:`graph.remote`); both stores answer through
the same :class:`QueryResult`.  A server is updated file by file too
(:mod:`graph.remote_update`), with its ledger kept locally in ``ledger_home(target)``.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Union

import pyoxigraph as ox

from .bindings import substitutions
from .bulk_load import NTriples, bulk_load, minted_iris_valid
from .counts import count_graph, read_counts, write_counts
from .remote import RemoteStore, build_remote
from .remote_update import build_tracked, current_ledger, ledger_home as _server_home, update_remote
from .results import QueryError, QueryResult, StoreError
from .stored_answers import carry as carry_answers, keep_store_answers as keep_answers
from .store_files import build_lock, current_generation, fault_point, new_generation, publish, recover
from .memory import quads as _quads, select_in_memory, select_rows as _select, touched as _touched
from .store_steps import Compaction as _Compaction, Steps as _Steps

__all__ = ["EmbeddedStore", "QueryError", "QueryResult", "RemoteStore", "StoreConfig", "StoreError", "StoreTarget",
           "build_store", "default_data_dir", "ledger_generation", "ledger_home", "open_store", "select_in_memory",
           "spool_dir", "store_exists", "store_generation", "update_store", "worker_store_spec"]

STORE_DIR = "store"


def default_data_dir() -> Path:
    return Path(os.environ.get("POLICYKG_DATA", ".policykg"))


@dataclass(frozen=True)
class StoreConfig:
    """Which store to use: the embedded one in ``data_dir`` (default), or a
    SPARQL 1.1 server when ``query_url`` is set (``update_url`` is needed to
    build into it; ``gsp_url``, a Graph Store Protocol endpoint, makes loading
    faster)."""

    data_dir: Path = Path(".policykg")
    query_url: Optional[str] = None
    update_url: Optional[str] = None
    gsp_url: Optional[str] = None

    @property
    def remote(self) -> bool:
        return bool(self.query_url)

    def describe(self) -> str:
        return self.query_url if self.remote else str(self.data_dir / STORE_DIR)


#: where a store is: a configuration, or the data directory of the embedded store
StoreTarget = Union[StoreConfig, Path, str]
#: checks a loaded graph through ``select(sparql) -> list[dict]``; raises to refuse it
Verify = Callable[[Callable[[str], list]], None]
#: called with the fresh generation directory before it is swapped in (e.g. to write the ledger);
#: returns the generation's figures (graph.counts) when it can, else None (they are counted on the store)
Finish = Callable[[Path], Optional[dict]]


def _config(target: Optional[StoreTarget]) -> StoreConfig:
    if isinstance(target, StoreConfig):
        return target
    return StoreConfig(data_dir=Path(target) if target is not None else default_data_dir())


class EmbeddedStore:
    """A pyoxigraph store on disk, opened read-only."""

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        path = self.data_dir / STORE_DIR
        self.generation = current_generation(self.data_dir)
        if self.generation is None:
            raise StoreError(f"{path}: no store here (run `policykg build` first)")
        try:
            self._store = ox.Store.read_only(str(self.generation))
        except OSError as exc:
            raise StoreError(f"{path}: cannot open store: {exc}") from exc

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL 1.1 query (a :class:`graph.bindings.Bound` one with its values as
        substitutions); raises :class:`QueryError` on a bad query."""
        try:
            res = self._store.query(str(sparql), substitutions=substitutions(sparql))
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise QueryError(str(exc)) from exc
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", res)
        if isinstance(res, ox.QuerySolutions):
            return QueryResult("select", res)
        return QueryResult("graph", res)

    def __len__(self) -> int:
        return len(self._store)

    @property
    def counts(self) -> Optional[dict]:
        """The figures the build counted for this generation (:mod:`graph.counts`), None when it kept none."""
        if not hasattr(self, "_counts"):
            self._counts = read_counts(self.generation)
        return self._counts

    def close(self) -> None:
        self._store = None


def store_exists(target: Optional[StoreTarget] = None) -> bool:
    """True when there is a store with data (a server counts when it holds triples)."""
    cfg = _config(target)
    if cfg.remote:
        return len(RemoteStore(cfg.query_url)) > 0
    return current_generation(cfg.data_dir) is not None


def store_generation(target: Optional[StoreTarget] = None) -> Optional[str]:
    """Which build the store holds now (the generation directory); None for a server or no store."""
    cfg = _config(target)
    if cfg.remote:
        return None
    gen = current_generation(cfg.data_dir)
    return str(gen) if gen is not None else None


def worker_store_spec(target: Optional[StoreTarget], timeout: float) -> tuple:
    """What a query worker (:mod:`graph.query_worker`) opens: the store directory, resolved,
    or the server's query URL with ``timeout``."""
    cfg = _config(target)
    if cfg.remote:
        return ("remote", cfg.query_url, timeout)
    return ("embedded", store_generation(cfg) or str(cfg.data_dir / STORE_DIR))


def ledger_home(target: Optional[StoreTarget] = None) -> Path:
    """Where the ledger generations and the parts of ``target`` are kept: the data directory of an
    embedded store; for a server, ``<data>/servers/<host_port_path>-<hash>/`` (:mod:`graph.remote_update`)."""
    cfg = _config(target)
    return _server_home(cfg.data_dir, cfg.query_url) if cfg.remote else cfg.data_dir


def ledger_generation(target: Optional[StoreTarget] = None) -> Optional[Path]:
    """The generation whose ledger describes the store now: the current one of an embedded store;
    for a server, the local one its marker names, after finishing or undoing an interrupted update
    (None when the server was rebuilt or changed by something else).  Raises StoreError when the
    server cannot be reached."""
    cfg = _config(target)
    if cfg.remote:
        return current_ledger(cfg.query_url, cfg.update_url, ledger_home(cfg))
    return current_generation(cfg.data_dir)


def spool_dir(target: Optional[StoreTarget] = None) -> Optional[Path]:
    """Where a build may write its temporary files: the data directory (created) of an embedded
    store, None (the system's temporary directory) for a server."""
    cfg = _config(target)
    if cfg.remote:
        return None
    cfg.data_dir.mkdir(parents=True, exist_ok=True)
    return cfg.data_dir


def open_store(target: Optional[StoreTarget] = None):
    """The store of ``target``: a :class:`StoreConfig`, or a data directory
    (default: :func:`default_data_dir`).  Raises :class:`StoreError`."""
    cfg = _config(target)
    if cfg.remote:
        return RemoteStore(cfg.query_url)
    return EmbeddedStore(cfg.data_dir)


def build_store(target: StoreTarget, ntriples: NTriples, verify: Optional[Verify] = None,
                finish: Optional[Finish] = None, phases: Optional[dict] = None, compact: bool = True,
                minted: bool = False, answers: bool = True) -> int:
    """Replace the store's content with ``ntriples`` (bytes, or the paths of N-Triples files);
    return the triple count.

    Embedded: load into a fresh directory and swap it in.  Server: load into a
    fresh named graph and move it to the default graph.  Either way a failure
    raises :class:`StoreError` and leaves the data already there untouched.
    ``verify(select)``, when given, checks the loaded graph before it is swapped
    in (``select(sparql) -> list[dict]``); whatever it raises leaves the data as
    it was too (for a server the graph is checked in memory before it is sent).
    ``finish(generation)`` writes what else the generation keeps (the ledger) and returns its
    figures (:mod:`graph.counts`), or None to have them counted on the loaded store; for a server the
    generation is a local one in :func:`ledger_home`, published once the server holds the data.
    Files given by an iterator are loaded as they come (the build makes the next while one loads;
    a server's load reads them all at the end).
    ``phases``, when given, receives the seconds of each step (embedded: load, compact, checks, finish).
    ``compact``: an embedded store is compacted once loaded (``Store.optimize``, about 2 s per 1.7M
    triples: the parts, loaded one by one, leave overlapping files that every later lookup reads).
    ``minted``: every IRI of ``ntriples`` is a vocabulary term or was minted by :mod:`graph.instances`
    (the build's own lines), so an embedded store loads them without checking each IRI again
    (pyoxigraph's ``lenient``, about an eighth of the load's CPU) once :func:`minted_iris_valid`
    holds; literals, escapes and the line syntax are read as strictly either way.
    ``answers``: an embedded store keeps the answers of the named queries (the gallery) in its new
    generation once checked (:func:`graph.stored_answers.keep_all`; the step ``answers``).
    """
    cfg = _config(target)
    if not isinstance(ntriples, (bytes, Path)):
        ntriples = iter(ntriples) if not cfg.remote else list(ntriples)
    if cfg.remote:
        if not cfg.update_url:
            raise StoreError(f"{cfg.query_url}: building into a server needs its update URL")
        if verify is not None:
            mem = ox.Store()
            bulk_load(mem, ntriples)
            verify(lambda q: _select(mem, q))
            del mem
        data = ntriples if isinstance(ntriples, bytes) else b"".join(
            p.read_bytes() for p in ([ntriples] if isinstance(ntriples, Path) else ntriples))
        return build_tracked(cfg.query_url, cfg.update_url, ledger_home(cfg),
                             lambda marker: build_remote(cfg.query_url, cfg.update_url, data, cfg.gsp_url, marker),
                             finish)
    return _build_embedded(cfg.data_dir, ntriples, verify, finish, _Steps(phases if phases is not None else {}),
                           compact, lenient=minted and minted_iris_valid(), answers=answers)


def _say(message: str) -> None:
    print(f"policykg: {message}", file=sys.stderr, flush=True)


def _build_embedded(data_dir: Path, ntriples: NTriples, verify: Optional[Verify] = None,
                    finish: Optional[Finish] = None, clock: Optional["_Steps"] = None, compact: bool = True,
                    lenient: bool = False, answers: bool = True) -> int:
    """Load N-Triples into a fresh generation and swap it in; return the triple count.

    Raises :class:`StoreError` (naming the directory) when the data directory
    cannot be written; the existing store is then left as it was.
    """
    data_dir = Path(data_dir)
    try:
        with build_lock(data_dir, on_wait=_say):
            note = recover(data_dir)
            if note:
                _say(note)
            target = new_generation(data_dir)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                clock = clock or _Steps({})
                store = ox.Store(str(target))
                busy = bulk_load(store, ntriples, lenient)
                store.flush()
                clock("load")
                clock.seconds["load"] = busy  # the seconds spent loading, not waiting for the parts
                # parts loaded one by one leave overlapping files that every lookup reads (the gallery
                # on 100 copies: about twice as fast compacted); the compaction runs on one core, in
                # its own thread (pyoxigraph releases the GIL), beside the checks and the answers
                # the answers run one at a time while the store is compacted, two once it is done
                slots = threading.Semaphore(1) if compact else None
                compaction = _Compaction(store, slots) if compact else None
                if compaction is not None:
                    clock("compact")  # (starting it; its own seconds are set when it ends)
                try:
                    if verify is not None:
                        verify(lambda q: _select(store, q))
                        clock("checks")
                    if answers:  # the gallery's answers, kept with the generation (graph.stored_answers)
                        keep_answers(store, target, slots=slots)
                        clock("answers")
                    counts = finish(target) if finish is not None else None
                    if counts is None:  # counted on the store (no per-file partial counts)
                        counts = count_graph(lambda q: _select(store, q), len(store))
                    clock("finish")
                except BaseException:
                    if compaction is not None:  # ended before the generation is removed
                        compaction.join()
                    raise
                if compaction is not None:
                    took = compaction.result()
                    clock("compact wait")  # what the compaction took after the steps beside it
                    clock.seconds["compact"] = took
                write_counts(target, counts)
                count = counts["triples"]
                del store
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            fault_point("loaded")
            publish(data_dir, target)
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"{data_dir}: cannot build the store: {exc}") from exc
    return count


#: ``change(current, generation) -> (remove, add)``: called under the build lock with the current
#: generation and the new one (a checkpoint of it, already made); returns the N-Triples lines that
#: leave and enter the graph, after writing the new generation's ledger and counts
Change = Callable[[Path, Path], tuple[bytes, bytes]]


#: checks the touched nodes (IRIs) of an updated graph through ``select``; raises to refuse it
VerifyTouched = Callable[[Callable[[str], list], list], None]


def update_store(target: StoreTarget, change: Change, verify: Optional[VerifyTouched] = None,
                 phases: Optional[dict] = None, what: str = "") -> tuple[int, int]:
    """Apply a change to a copy of the current generation and swap it in; return (triples
    removed, triples added).

    The copy is a RocksDB checkpoint (``Store.backup``: hard links to the immutable files of
    the current generation), so it costs the same for 10 or 10,000 documents.  ``verify(select, focus)``
    runs on the nodes the change touches (``focus``, :func:`graph.memory.touched`), in a small in-memory store: a node's
    constraints only read its own triples and the types of its values, so the other nodes of a
    graph that conformed still conform.  Any failure raises (``StoreError`` for the store's own
    errors) and leaves the current generation as it was.  A SPARQL server is updated through
    :func:`graph.remote_update.update_remote` (the same change and checks, staged in named graphs and
    applied in one request; ``what`` names the files in its messages).  ``phases``, when given,
    receives the seconds of each step (checkpoint, change, apply, checks, swap; stage for a server).
    """
    clock = _Steps(phases if phases is not None else {})
    cfg = _config(target)
    if cfg.remote:
        return update_remote(cfg.query_url, cfg.update_url, cfg.gsp_url, ledger_home(cfg), change, verify,
                             clock, what)
    data_dir = cfg.data_dir
    try:
        with build_lock(data_dir, on_wait=_say):
            note = recover(data_dir)
            if note:
                _say(note)
            current = current_generation(data_dir)
            if current is None:
                raise StoreError(f"{data_dir / STORE_DIR}: no store here (run `policykg build` first)")
            generation = new_generation(data_dir)
            try:
                generation.parent.mkdir(parents=True, exist_ok=True)
                source = ox.Store.read_only(str(current))
                source.backup(str(generation))
                del source
                clock("checkpoint")
                remove, add = change(current, generation)
                clock("change")
                store = ox.Store(str(generation))
                gone = [q for q in _quads(remove) if q in store]
                new = [q for q in _quads(add) if q not in store]
                for q in gone:
                    store.remove(q)
                store.extend(new)
                store.flush()
                clock("apply")
                if verify is not None and (gone or new):
                    small, focus = _touched(store, gone + new)
                    verify(lambda q: _select(small, q), focus)
                    clock("checks")
                del store
                if not gone and not new:  # the same graph: the answers kept with it stay true
                    carry_answers(current, generation)
            except BaseException:
                shutil.rmtree(generation, ignore_errors=True)
                raise
            fault_point("loaded")
            publish(data_dir, generation)
            clock("swap")
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"{data_dir}: cannot update the store: {exc}") from exc
    return len(gone), len(new)
