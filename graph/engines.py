"""Where files are turned into their contributions: a local process pool or Dask distributed.

``file_parts(plan, jobs, parts_dir, keys, engine, scheduler, check)`` yields ``(item, key,
FileGraph, reused)`` for every planned file, in plan order (:func:`graph.parts.file_part`); with
``check``, each file's ``violations`` of the per-file checks (:func:`graph.shape_checks.check_file`)
are found where the file was made (in the local workers; in this process for Dask), by
:func:`graph.file_checks.check_lines` (the verdicts of :func:`graph.shape_checks.check_file` without a store).

- ``engine="local"`` (default): ``jobs`` processes of this machine (one when ``jobs`` is 1); the
  workers read and write the stored parts themselves.
- ``engine="dask"``: the extraction runs on a Dask distributed cluster: the scheduler at
  ``scheduler`` (``tcp://host:8786``; its workers need this package installed, ``pip install
  policykg[distributed]``), or, without one, a ``LocalCluster`` of ``jobs`` worker processes.
  Only :func:`graph.file_graph.file_graph` runs on the workers (they need no shared disk): this
  process looks up and saves the stored parts.  Dask is an optional extra (``[distributed]``);
  asking for it without it installed raises :class:`EngineError`.
"""

from __future__ import annotations

import gc
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Iterator, Optional

from .file_graph import FileGraph, file_graph
from .parts import file_part, load_part, part_key, save_part
from .file_checks import check_lines, plainly_written
from .engine_names import ENGINES  # noqa: F401  (re-exported: the names the CLI offers)

#: files in flight per Dask worker (results are taken in plan order, so memory stays bounded)
WINDOW_PER_WORKER = 4


class EngineError(Exception):
    """The engine cannot be used (not installed, scheduler unreachable); the message says which."""


Item = tuple[Path, str, str]


def file_parts(plan: list[Item], jobs: int, parts_dir: Optional[Path] = None,
               keys: Optional[dict] = None, engine: str = "local",
               scheduler: Optional[str] = None,
               check: bool = False) -> Iterator[tuple[Item, Optional[str], FileGraph, bool]]:
    """Each planned file's (item, key, contribution, reused) in plan order (module docstring);
    ``keys`` maps a file's path to its key when already computed."""
    keys = keys or {}
    if engine == "dask" or scheduler:
        for item, key, fg, reused in _dask(plan, jobs, parts_dir, keys, scheduler):
            yield item, key, _checked(fg, check), reused
        return
    if engine != "local":
        raise EngineError(f"--engine: unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
    jobs = max(1, min(jobs, len(plan)))
    work = partial(_local_part, parts_dir, check)
    items = [(item, keys.get(str(item[0]))) for item in plan]
    if jobs == 1:  # (this process extracts as a pool worker would: its collector's thresholds while it does)
        old = gc.get_threshold()
        gc.set_threshold(*WORKER_GC_THRESHOLDS)
        try:
            for item, result in zip(plan, map(work, items)):
                yield (item, *result)
        finally:
            gc.set_threshold(*old)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker) as pool:
        try:
            for item, result in zip(plan, pool.map(work, items, chunksize=1)):
                yield (item, *result)
        finally:
            pool.shutdown(cancel_futures=True)


#: the cyclic garbage collector's thresholds in a pool worker (and in this process while it extracts with
#: ``jobs`` 1): with Python's (700, 10, 10) it ran
#: about 20 times a file, 10 ms of CPU a copy of the sample (3% of a worker's time), mostly full
#: collections walking the rules and gazetteers held for the next files; at 10,000 it runs about
#: once in 4 files (0.5 ms a copy).  A file's garbage is freed by reference counting either way.
#: (Session 31: over the real documents read in one process, 0.3 s of a 4.4 s pass with Python's, three full
#: collections of 0.07 s each; none at these, 6 % less CPU, the same peak memory.)
WORKER_GC_THRESHOLDS = (10_000, 10, 10)


def _start_worker() -> None:
    """A pool worker's set-up (:data:`WORKER_GC_THRESHOLDS`)."""
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _local_part(parts_dir, check, pair):
    item, key = pair
    key, fg, reused = file_part(item, parts_dir, key)
    return key, _checked(fg, check), reused


def _checked(fg: FileGraph, check: bool) -> FileGraph:
    """``fg`` with its ``violations`` found (when ``check`` and the file was not skipped)."""
    if check and fg.skipped is None:
        fg.violations = file_checks(fg)
    return fg


def file_checks(fg: FileGraph) -> list[str]:
    """:func:`graph.file_checks.check_lines` of the file's lines (``ntriples`` and ``shared``); a file
    just made (``evidence_at`` known) passes its run of evidence lines over without splitting it
    into lines (``check_lines`` leaves every evidence line out anyway; whether the lines are
    written plainly is still decided on all of them, so the verdicts are the same)."""
    if fg.evidence_at is None:
        return check_lines(fg.ntriples + fg.shared)
    start, end = fg.evidence_at
    data = fg.ntriples
    return check_lines((data[:start], data[end:], fg.shared), plain=plainly_written(data, fg.shared))


def _dask(plan: list[Item], jobs: int, parts_dir: Optional[Path], keys: dict,
          scheduler: Optional[str]) -> Iterator[tuple[Item, Optional[str], FileGraph, bool]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError("--engine dask: Dask distributed is not installed "
                          "(pip install 'policykg[distributed]')") from exc
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=":0")  # any free port: never a fixed one
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise EngineError(f"--scheduler: cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        pending: deque = deque()

        def take():
            item, key, future = pending.popleft()
            if future is None:
                found = load_part(parts_dir, key)
                if found is not None:
                    found.path, found.seconds = str(item[0]), {}
                    return item, key, found, True
                future = client.submit(file_graph, item, pure=False)  # unreadable part: made again
            fg = future.result()
            future.release()
            if parts_dir is not None and key is not None and fg.skipped is None:
                save_part(parts_dir, key, fg)
            return item, key, fg, False

        for item in plan:
            try:
                key = keys.get(str(item[0])) or part_key(item)
            except OSError:
                key = None
            if key is not None and parts_dir is not None and load_part(parts_dir, key) is not None:
                pending.append((item, key, None))  # stored: read when its turn comes
            else:
                pending.append((item, key, client.submit(file_graph, item, pure=False)))
            while len(pending) > workers * WINDOW_PER_WORKER:
                yield take()
        while pending:
            yield take()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
