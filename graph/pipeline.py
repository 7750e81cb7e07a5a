"""The main job: files → extraction → triples → validation → store, streamed file by file.

``build_corpus(paths, target, check, jobs) -> BuildSummary`` (``target``: a
data directory or a :class:`graph.store.StoreConfig`) turns each file into its
own N-Triples in a pool of ``jobs`` processes (:mod:`graph.file_graph`), so no
graph of the whole corpus is ever held in memory (nor any rdflib Graph), and
validates the loaded store with the shapes compiled to SPARQL
(:mod:`graph.shape_checks`); it raises ``BuildError`` (one line, naming the
file or directory) when nothing could be extracted or the graph breaks a
shape; the store already there is left as it was in that case.
"""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from extract.model import SkippedFile
from extract.pipeline import plan_files

from . import materialise
from .file_graph import FileGraph, aggregate_ntriples, file_graph
from .store import Target, build_store, spool_dir
from .store_files import SPOOL_PREFIX
from .shape_checks import ConformanceError, verify_build

#: triples per part of the spool: pyoxigraph's bulk loader holds about 700 bytes per triple of one
#: load, so parts of this size keep a build of any size under about 300 MB for the load
SPOOL_PART_TRIPLES = 250_000

#: The bundled sample corpus (built when no path is given).
SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "data" / "suzhou_2022_01.md"


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

    def lines(self) -> list[str]:
        out = [f"documents: {self.documents}", f"tasks: {self.tasks}",
               f"departments: {self.departments}", f"triples: {self.triples}",
               f"warnings: {self.warnings}", f"time: {self.seconds:.2f} s"]
        if self.phases:
            out.append("phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in self.phases.items()))
        out.extend(self.warning_lines)
        for s in self.skipped:
            out.append(f"skipped: {s.path}: {s.reason}")
        return out


def build_corpus(paths: Iterable[str | Path] | None, target: Target, check: bool = True,
                 jobs: int | None = None) -> BuildSummary:
    """Extract ``paths`` (default: the bundled sample) into the store of ``target``.

    Each file becomes N-Triples in one of ``jobs`` worker processes (default:
    one per core; the same graph whatever the number; :mod:`graph.file_graph`),
    streamed to a spool file with the summed aggregates and bulk-loaded; with
    ``check``, every constraint of the SHACL shapes, compiled to SPARQL
    (:mod:`graph.shape_checks`), runs on the loaded store before it is swapped
    in (but those on evidence nodes, checked by ``policykg validate`` as before).  An unreadable file is skipped with the reason; the build fails
    (``BuildError``, the store left as it was) when no file is left or the graph
    does not conform.
    """
    started = time.perf_counter()
    paths = list(paths or [SAMPLE_CORPUS])
    for p in paths:
        if not Path(p).exists():
            raise BuildError(f"{p}: no such file or directory")
    plan = plan_files(paths)
    summary = BuildSummary(documents=0, tasks=0, departments=0, triples=0, seconds=0.0)
    departments: set[str] = set()
    totals: dict[str, dict[str, int]] = {}
    in_workers: dict[str, float] = {}
    materialised = materialise.Partial()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"{SPOOL_PREFIX}{os.getpid()}-", dir=spool_dir(target)) as tmp:
        with _Spool(Path(tmp)) as out:
            for fg in _file_graphs(plan, jobs or os.cpu_count() or 1):
                if fg.skipped is not None:
                    summary.skipped.append(SkippedFile(path=fg.path, reason=fg.skipped))
                    continue
                out.write(fg.ntriples)
                for dept, counts in fg.counts.items():
                    into = totals.setdefault(dept, {})
                    for key, n in counts.items():
                        into[key] = into.get(key, 0) + n
                materialised.add(fg.materialised)
                summary.documents += fg.documents
                summary.tasks += fg.tasks
                departments |= fg.departments
                summary.warning_lines.extend(fg.warning_lines)
                for step, sec in fg.seconds.items():
                    in_workers[step] = in_workers.get(step, 0.0) + sec
            out.write(aggregate_ntriples(totals))
            out.write(materialise.corpus_ntriples(materialised))
        if not summary.documents:
            reasons = "; ".join(f"{s.path}: {s.reason}" for s in summary.skipped) or "no input files"
            raise BuildError(f"nothing to build: {reasons}")
        summary.phases["files"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        try:
            summary.triples = build_store(target, out.parts, verify=verify_build if check else None)
        except ConformanceError as exc:
            raise BuildError(str(exc)) from exc
        summary.phases["store"] = time.perf_counter() - t0
    summary.phases.update({f"{step} (in workers)": sec for step, sec in in_workers.items()})
    summary.departments = len(departments)
    summary.warnings = len(summary.warning_lines)
    summary.seconds = time.perf_counter() - started
    return summary


class _Spool:
    """N-Triples written to ``graph-000.nt``, ``graph-001.nt``… in ``folder``, a new part after
    :data:`SPOOL_PART_TRIPLES` lines (see :func:`graph.store.build_store`); ``parts`` lists them."""

    def __init__(self, folder: Path):
        self.folder, self.parts, self._fh, self._lines = folder, [], None, 0

    def write(self, ntriples: bytes) -> None:
        if self._fh is None or self._lines >= SPOOL_PART_TRIPLES:
            self.close()
            self.parts.append(self.folder / f"graph-{len(self.parts):03d}.nt")
            self._fh, self._lines = open(self.parts[-1], "wb"), 0
        self._fh.write(ntriples)
        self._lines += ntriples.count(b"\n")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> "_Spool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _file_graphs(plan: list, jobs: int) -> Iterator[FileGraph]:
    """:func:`graph.file_graph.file_graph` of every planned file, in order, in ``jobs`` processes."""
    jobs = max(1, min(jobs, len(plan)))
    if jobs == 1:
        yield from (file_graph(item) for item in plan)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            yield from pool.map(file_graph, plan, chunksize=1)
        finally:
            pool.shutdown(cancel_futures=True)
