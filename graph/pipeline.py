"""The main job: files → extraction → triples → validation → store, streamed file by file.

``build_corpus(paths, target, check, jobs) -> BuildSummary`` (``target``: a
data directory or a :class:`graph.store.StoreConfig`) turns each file into its
own N-Triples in a pool of ``jobs`` processes (:mod:`graph.file_graph`), so no
graph of the whole corpus is ever held in memory (nor any rdflib Graph), and
validates the loaded store with the shapes compiled to SPARQL
(:mod:`graph.shape_checks`); it raises ``BuildError`` (one line, naming the
file or directory) when nothing could be extracted or the graph breaks a
shape; the store already there is left as it was in that case.

A build is incremental (:mod:`graph.incremental`): each
file's contribution is kept as a part keyed by its content and the rules
(:mod:`graph.parts`), each generation keeps a ledger of its files
(:mod:`graph.ledger`), and a build where few files changed extracts only those
and changes only their triples; a full build reuses the parts of unchanged files.
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from extract.model import SkippedFile
from extract.pipeline import plan_files

from . import materialise
from .bundled import bundled
from .engines import file_parts
from .file_graph import aggregate_ntriples
from .ledger import Ledger, add_partials, ledger_keys, ledger_path, lines
from .parts import PARTS_DIR, prune_parts, rules_version
from .file_checks import check_lines
from .file_refusal import file_refusal
from .store import StoreConfig, StoreTarget, build_store, ledger_home, spool_dir
from .store_files import GENERATIONS, SPOOL_PREFIX, current_generation
from .shape_checks import ConformanceError, verify_files
from .vocab import PKG, RDF
from .written_checks import check_written

#: triples per part of the spool: pyoxigraph's bulk loader holds about 700 bytes per triple of one
#: load, so parts of this size keep a build of any size under about 400 MB for the load; fewer,
#: larger parts cost less CPU to load (each load's files are merged again by RocksDB: 250,000
#: triples a part took about 10% more CPU, 125,000 about 35% more)
SPOOL_PART_TRIPLES = 500_000

#: The bundled sample corpus (built when no path is given).
SAMPLE_CORPUS = bundled("data/suzhou_2022_01.md")


class BuildError(Exception):
    """The build could not produce a graph; the message names the input."""


@dataclass
class BuildSummary:
    documents: int
    tasks: int
    departments: int
    triples: int
    seconds: float
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: int = 0
    #: one line per warning: "warning: <code> <file>:<line>: <message>"
    warning_lines: list[str] = field(default_factory=list)
    #: seconds per phase: wall time of the files (in workers) and of the store (bulk load, SHACL
    #: checks, counts), then the seconds the workers spent per step (extract, graph), summed
    phases: dict[str, float] = field(default_factory=dict)
    #: "full" (the store loaded whole), "incremental" (only changed files' triples replaced),
    #: "unchanged" (no file changed: the store was left as it was)
    mode: str = "full"
    #: files extracted now / taken from their stored parts / taken out of the store
    extracted: int = 0
    reused: int = 0
    removed: int = 0
    #: an incremental update: (triples removed, triples added)
    change: Optional[tuple[int, int]] = None

    def lines(self) -> list[str]:
        out = [f"documents: {self.documents}", f"tasks: {self.tasks}",
               f"departments: {self.departments}", f"triples: {self.triples}",
               f"warnings: {self.warnings}", f"time: {self.seconds:.2f} s",
               f"files: extracted {self.extracted}, reused {self.reused}, removed {self.removed}"]
        out.append(f"update: {self.mode}" + (f" (-{self.change[0]} +{self.change[1]} triples)"
                                             if self.change else ""))
        if self.phases:
            out.append("phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in self.phases.items()))
        out.extend(self.warning_lines)
        for s in self.skipped:
            out.append(f"skipped: {s.path}: {s.reason}")
        return out


def build_corpus(paths: Iterable[str | Path] | None, target: StoreTarget, check: bool = True,
                 jobs: int | None = None, engine: str = "local", scheduler: Optional[str] = None,
                 full: bool = False, compact: bool = True) -> BuildSummary:
    """Extract ``paths`` (default: the bundled sample) into the store of ``target``.

    Each file becomes N-Triples in one of ``jobs`` worker processes (default:
    one per core; the same graph whatever the number; :mod:`graph.file_graph`),
    or on Dask (``engine="dask"``, ``scheduler``: :mod:`graph.engines`),
    streamed to a spool file with the summed aggregates and bulk-loaded; with
    ``check``, every constraint of the SHACL shapes, compiled to SPARQL
    (:mod:`graph.shape_checks`), runs on the loaded store before it is swapped
    in (but those on evidence nodes, checked by ``policykg validate`` as before).  An unreadable file is skipped with the reason; the build fails
    (``BuildError``, the store left as it was) when no file is left or the graph
    does not conform.  Unless ``full`` (on either store), a build where
    few files changed is incremental (:mod:`graph.incremental`).  ``compact``: compact the loaded
    embedded store once (:func:`graph.store.build_store`).
    """
    started = time.perf_counter()
    paths = list(paths or [SAMPLE_CORPUS])
    for p in paths:
        if not Path(p).exists():
            raise BuildError(f"{p}: no such file or directory")
    plan = plan_files(paths)
    jobs = jobs or os.cpu_count() or 1
    parts = parts_dir(target)
    if len({name for _, name, _ in plan}) < len(plan):  # two files recorded under one name (a/x.md, b/x.md
        parts = None  # given as files): the ledger tells files by name, so this build keeps none
    keys: dict = {}
    if parts is not None and not full:
        from .incremental import try_update

        summary = try_update(plan, target, parts, check, jobs, engine, scheduler, keys, started)
        if summary is not None:
            return summary
    summary = BuildSummary(documents=0, tasks=0, departments=0, triples=0, seconds=0.0)
    departments: set[str] = set()
    totals: dict[str, dict[str, int]] = {}
    in_workers: dict[str, float] = {}
    files: list = []
    shared: dict[str, int] = {}  # each shared line → the files stating it (written to the spool once)
    tally: dict = {}
    pairs: dict[str, int] = {}  # "d1 d2" → tasks naming both (pkg:CoParticipation)
    platform_tasks: dict[str, list[str]] = {}  # platform IRI → keys of the tasks naming it (pkg:PlatformTasks)
    document_ids: list[str] = []  # every stored document (pkg:documentOrder)
    file_types: dict[str, int] = {}  # class IRI → instances among the files' own nodes (checked per file)
    file_violations: list[str] = []
    written: list = []  # the classes checked from the lines this build writes (graph.written_checks)
    written_failed: list = []  # what stopped those checks (verify() then refuses the store)
    t0 = time.perf_counter()

    written_ready = threading.Event()  # the lines the build wrote itself are checked (or could not be)

    def verify(select) -> None:
        """The files passed their own checks in the workers; the rest is checked on the store (the
        pairs' lines are checked by the build's thread while the store loads and compacts)."""
        written_ready.wait()
        if written_failed:
            raise BuildAborted("the build stopped before the lines it wrote were checked")
        verify_files(select, file_types, bool(file_violations), written)

    def finish(generation: Path) -> dict:
        """The ledger of the new generation; its figures come from the per-file partial counts
        (the same as counting the store, which took minutes at 15M triples)."""
        with Ledger.create(ledger_path(generation), rules_version()) as led:
            led.fill(files, shared, tally)
            return led.counts()

    with tempfile.TemporaryDirectory(prefix=f"{SPOOL_PREFIX}{os.getpid()}-", dir=spool_dir(target)) as tmp:
        out = _Spool(Path(tmp))
        store_phases: dict[str, float] = {}
        # the store loads each part of the spool while the next is being made (graph.store.build_store)
        embedded = not (isinstance(target, StoreConfig) and target.remote)  # a server's load reads the parts at the end
        loader = _Loader(lambda: build_store(target, out.ready(unlink=embedded), verify=verify if check else None,
                                             finish=finish if parts is not None else None, phases=store_phases,
                                             compact=compact, minted=True))
        try:
            # the part is ended when only the last files are still being made, so that what the store
            # loads after them (its step after the files, beside the compaction) is a few files' lines
            last_files = len(plan) - jobs
            for seen, (item, key, fg, reused) in enumerate(file_parts(plan, jobs, parts, keys, engine, scheduler,
                                                                      check=check)):
                loader.raise_if_failed()
                if seen == last_files:
                    out.cut()
                if fg.skipped is not None:
                    summary.skipped.append(SkippedFile(path=fg.path, reason=fg.skipped))
                    continue
                if check:
                    if fg.violations is None:  # not checked where it was made
                        fg.violations = check_lines(fg.ntriples + fg.shared)
                    refused = file_refusal(fg) if fg.violations else None
                    if refused is not None:  # its own nodes break the shapes: the others are stored
                        summary.skipped.append(SkippedFile(path=fg.path, reason=refused))
                        continue
                summary.reused += reused
                summary.extracted += not reused
                new_shared = []
                for line in lines(fg.shared):
                    seen = shared.get(line, 0)
                    shared[line] = seen + 1
                    if not seen:
                        new_shared.append(line)
                own_lines = fg.ntriples.count(b"\n")  # counted once: for the spool and the ledger
                out.write(fg.ntriples, own_lines)
                if new_shared:
                    out.write("".join(new_shared).encode("utf-8"), len(new_shared))
                for dept, counts in fg.counts.items():
                    into = totals.setdefault(dept, {})
                    for k, n in counts.items():
                        into[k] = into.get(k, 0) + n
                for pair, n in fg.pairs.items():
                    pairs[pair] = pairs.get(pair, 0) + n
                for platform, keys in fg.platform_tasks.items():
                    platform_tasks.setdefault(platform, []).extend(keys)
                document_ids.extend(fg.document_ids)
                for cls, n in fg.types.items():
                    file_types[cls] = file_types.get(cls, 0) + n
                file_violations.extend(fg.violations or [])  # not certain: the whole store's checks decide
                if parts is not None:  # the ledger of this generation (graph.ledger)
                    files.append((item[1], key, str(item[0]), item[2], fg.document_ids))
                    add_partials(tally, fg, own_lines)
                summary.documents += fg.documents
                summary.tasks += fg.tasks
                departments |= fg.departments
                summary.warning_lines.extend(fg.warning_lines)
                for step, sec in fg.seconds.items():
                    in_workers[step] = in_workers.get(step, 0.0) + sec
            if not summary.documents:
                reasons = "; ".join(f"{s.path}: {s.reason}" for s in summary.skipped) or "no input files"
                raise BuildError(f"nothing to build: {reasons}")
            out.cut()  # the last files' lines load while the corpus-wide lines below are made
            last_file = time.perf_counter()
            out.write(aggregate_ntriples(totals))
            pair_lines = materialise.pair_ntriples(pairs)
            out.write(pair_lines)
            out.write(materialise.document_order_ntriples(document_ids))
            out.write(materialise.platform_ntriples(platform_tasks))
        except BaseException as exc:
            written_failed.append(exc)
            written_ready.set()
            out.abort()
            loader.join()
            raise
        out.close()
        summary.phases["files"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        summary.phases["corpus lines"] = t0 - last_file  # (in "files": after the last file, before the store's last part)
        try:  # the pairs' lines are checked here while the store loads the last lines and compacts,
            if check:  # instead of on the store after (verify() waits for this)
                written.append(check_written(pair_lines, CO_PARTICIPATION, typing=typing_lines(shared)))
                summary.phases["pairs checked (beside the store)"] = time.perf_counter() - t0
        except BaseException as exc:
            written_failed.append(exc)
            raise
        finally:
            written_ready.set()
            if written_failed:
                loader.join()
        try:
            summary.triples = loader.result()
        except ConformanceError as exc:
            raise BuildError(str(exc)) from exc
        summary.phases["store"] = time.perf_counter() - t0
        summary.phases.update({f"{step} (store)": sec for step, sec in store_phases.items()})
    if parts is not None:
        prune_unused_parts(target, parts, started_at=time.time() - (time.perf_counter() - started))
    summary.phases.update({f"{step} (in workers)": sec for step, sec in in_workers.items()})
    summary.departments = len(departments)
    summary.warnings = len(summary.warning_lines)
    summary.seconds = time.perf_counter() - started
    return summary


CO_PARTICIPATION = str(PKG.CoParticipation)
_DEPARTMENT_TYPE = f" <{RDF.type}> <{PKG.Department}> .\n"


def typing_lines(shared: Iterable[str]) -> bytes:
    """The shared lines that type a department (what the pairs' ``sh:class`` checks read)."""
    return "".join(line for line in shared if line.endswith(_DEPARTMENT_TYPE)).encode("utf-8")


def parts_dir(target: StoreTarget) -> Optional[Path]:
    """Where the parts are kept: ``<data>/parts``, or for a SPARQL server ``parts/`` in its ledger
    home (:func:`graph.store.ledger_home`)."""
    return ledger_home(target) / PARTS_DIR


def prune_unused_parts(target: StoreTarget, parts: Path, started_at: float) -> None:
    """Remove the parts that no kept generation refers to (:func:`graph.parts.prune_parts`)."""
    data = ledger_home(target)
    prune_parts(parts, ledger_keys([*(data / GENERATIONS).glob("*"), current_generation(data)]), started_at)


class _Spool:
    """N-Triples written to ``graph-000.nt``, ``graph-001.nt``… in ``folder``, a new part after
    :data:`SPOOL_PART_TRIPLES` lines; ``ready()`` yields each part once it is complete (for
    :func:`graph.store.build_store`, in another thread), until ``close()``; after ``abort()`` it
    raises :class:`BuildAborted` instead."""

    def __init__(self, folder: Path):
        self.folder, self.parts, self._fh, self._lines = folder, [], None, 0
        self._ready: queue.Queue = queue.Queue()

    def write(self, ntriples: bytes, lines: Optional[int] = None) -> None:
        """Append whole lines (``lines``: how many, when the caller has counted them)."""
        if self._fh is None or self._lines >= SPOOL_PART_TRIPLES:
            self._end_part()
            self.parts.append(self.folder / f"graph-{len(self.parts):03d}.nt")
            self._fh, self._lines = open(self.parts[-1], "wb"), 0
        self._fh.write(ntriples)
        self._lines += ntriples.count(b"\n") if lines is None else lines

    def cut(self) -> None:
        """End the part being written (it is handed to the store now); the next line opens another."""
        self._end_part()

    def _end_part(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            self._ready.put(self.parts[-1])

    def close(self) -> None:
        """The last part is complete: ``ready()`` ends after it."""
        self._end_part()
        self._ready.put(None)

    def abort(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self._ready.put(BuildAborted)

    def ready(self, unlink: bool = False) -> Iterator[Path]:
        """Each complete part; with ``unlink``, a part is deleted once the consumer asks for the
        next one (it has been loaded: the spool on disk stays about one part long)."""
        while True:
            part = self._ready.get()
            if part is None:
                return
            if part is BuildAborted:
                raise BuildAborted("the build stopped before its graph was complete")
            yield part
            if unlink:
                part.unlink(missing_ok=True)


class BuildAborted(Exception):
    """Raised in the store's loader when the files could not all be made (the reason is raised
    in the build's own thread)."""


class _Loader:
    """Runs ``load()`` in a thread (pyoxigraph's bulk loader releases the GIL, so it works while
    this process takes in the next files); ``result()`` waits for it and returns or raises what it did."""

    def __init__(self, load: Callable[[], int]):
        self._result: list = []
        self._thread = threading.Thread(target=self._run, args=(load,), name="policykg-store-loader", daemon=True)
        self._thread.start()

    def _run(self, load) -> None:
        try:
            self._result.append((True, load()))
        except BaseException as exc:  # handed to result()
            self._result.append((False, exc))

    def join(self) -> None:
        self._thread.join()

    def raise_if_failed(self) -> None:
        """Raise what the loader raised if it has stopped already (it only ends early on an error)."""
        if not self._thread.is_alive():
            self.result()

    def result(self) -> int:
        self._thread.join()
        ok, value = self._result[0]
        if not ok:
            raise value
        return value
