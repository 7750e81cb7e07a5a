"""Run untrusted SPARQL in worker processes that can be killed: time, row, memory and concurrency limits.

pyoxigraph cannot interrupt a running query, so a query that must be stopped
runs in a process of its own (:mod:`graph.query_worker`) and the process is
killed.  ``QueryPool(store_spec, limits).run(text, formats, client)`` returns
an :class:`~graph.answers.Answer` or raises:

- :class:`QueryLimitError` with ``limit`` one of ``time`` (ran past
  ``limits.timeout`` seconds), ``memory`` (the worker grew past
  ``limits.memory_mb``), ``rows`` (more than ``limits.max_rows`` rows),
  ``busy`` (all ``limits.workers`` workers stayed busy for
  ``limits.queue_seconds``), ``per-client`` (this client already runs
  ``limits.per_client`` queries), ``cancelled`` (the caller gave up) or
  ``crashed`` (the worker died, or the pool was closed under it);
- :class:`~graph.results.QueryError` for a query that does not parse or evaluate;
- :class:`~graph.results.StoreError` when the store cannot be opened.

``store_spec()`` is called for every query and names the store the worker
should use (``("embedded", directory)`` or ``("remote", url, timeout)``), so a
rebuilt store is picked up by the next query.  A worker whose query ran for
more than a second is lowered in priority while it runs (fresh queries keep
the CPU) and replaced afterwards, as is one that grew large; when the last
idle worker is taken a spare is started, so a query rarely waits for one.
"""

from __future__ import annotations

import os
import pickle
import select
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .answers import Answer
from .query_worker import HEADER
from .results import QueryError, StoreError

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_POLL = 0.05
_SLOW = 1.0
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class QueryLimits:
    """Limits for one query and for the pool (see the module docstring)."""

    timeout: float = 10.0
    max_rows: int = 100_000
    memory_mb: int = 1024
    workers: int = 6
    per_client: int = 2
    queue_seconds: float = 2.0


class QueryLimitError(Exception):
    """A query stopped or refused at a limit; ``limit`` names which one."""

    def __init__(self, limit: str, message: str):
        super().__init__(message)
        self.limit = limit


class _Worker:
    """One worker process and its pipes."""

    def __init__(self):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen([sys.executable, "-m", "graph.query_worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, bufsize=0, env=env)
        self.reniced = False
        ready = self.receive(deadline=time.monotonic() + 60)
        if not (isinstance(ready, dict) and ready.get("ready")):
            self.kill()
            raise StoreError("the query worker did not start")

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.proc.pid}/statm", "rb") as fh:
                return int(fh.read().split()[1]) * _PAGE / 2 ** 20
        except (OSError, IndexError, ValueError):
            return 0.0

    def send(self, message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(HEADER.pack(len(data)) + data)

    def _read_exact(self, size: int) -> bytes:
        chunks, fd = [], self.proc.stdout.fileno()
        while size:
            chunk = os.read(fd, min(size, 1 << 20))
            if not chunk:
                raise EOFError("the query worker exited")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def wait_readable(self, seconds: float) -> bool:
        return bool(select.select([self.proc.stdout], [], [], max(0.0, seconds))[0])

    def receive(self, deadline: float):
        """The next message, or None when ``deadline`` passes first (EOFError if the worker died)."""
        if not self.wait_readable(deadline - time.monotonic()):
            return None
        size, = HEADER.unpack(self._read_exact(HEADER.size))
        return pickle.loads(self._read_exact(size))

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass


class QueryPool:
    """Worker processes, started on demand up to ``limits.workers`` (see the module docstring)."""

    def __init__(self, store_spec: Callable[[], tuple], limits: QueryLimits = QueryLimits()):
        self.store_spec, self.limits = store_spec, limits
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._live = 0
        self._clients: Counter = Counter()
        self._cond = threading.Condition()
        self._closed = False

    def warm(self) -> None:
        """Start one worker now, so that the first query does not wait for it."""
        with self._cond:
            if self._idle or self._live >= self.limits.workers:
                return
            self._live += 1
        self._release(self._start(), None)

    def _spare_locked(self) -> None:
        """With the lock held: when the last idle worker was taken, start a spare in the background,
        so that the next query does not wait for a process to start."""
        if not self._idle and self._live < self.limits.workers and not self._closed:
            self._live += 1
            threading.Thread(target=self._add_spare, daemon=True).start()

    def _add_spare(self) -> None:
        try:
            self._release(self._start(), None)
        except Exception:  # noqa: BLE001 - the next query starts a worker itself and reports the error
            pass

    def _start(self) -> _Worker:
        try:
            worker = _Worker()
            with self._cond:
                self._all.add(worker)
            return worker
        except BaseException:
            with self._cond:
                self._live -= 1
                self._cond.notify()
            raise

    def _acquire(self, client: str) -> _Worker:
        """A worker for ``client``; the client counts against its limit from here on, waiting included."""
        limits = self.limits
        with self._cond:
            if self._clients[client] >= limits.per_client:
                raise QueryLimitError("per-client", f"this client already runs {limits.per_client} queries "
                                      "at once (the per-client limit); wait for one to finish")
            self._clients[client] += 1
            deadline = time.monotonic() + limits.queue_seconds
            while not self._idle and self._live >= limits.workers:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    self._forget(client)
                    raise QueryLimitError("busy", f"all {limits.workers} query workers are busy; "
                                          "try again in a few seconds")
                self._cond.wait(remaining)
            if self._idle:
                worker = self._idle.pop()
                self._spare_locked()
                return worker
            self._live += 1
        try:
            return self._start()
        except BaseException:
            with self._cond:
                self._forget(client)
            raise

    def _forget(self, client: str | None) -> None:
        if client is None:
            return
        self._clients[client] -= 1
        if self._clients[client] <= 0:
            del self._clients[client]

    def _release(self, worker: Optional[_Worker], client: str | None, keep: bool = True) -> None:
        if worker is not None and not keep:
            worker.kill()
        with self._cond:
            if worker is not None and not (keep and not self._closed):
                self._all.discard(worker)
            self._forget(client)
            if worker is not None and keep and not self._closed:
                self._idle.append(worker)
            else:
                self._live -= 1
                if worker is not None and keep:
                    worker.kill()
            self._cond.notify()

    def run(self, text: str, formats: dict, client: str = "",
            cancelled: Optional[threading.Event] = None, store: Optional[tuple] = None) -> Answer:
        """Answer ``text`` in a worker (see the module docstring for what is raised); ``store``, when
        given, is the store spec to use instead of ``store_spec()`` (a generation named beforehand)."""
        worker = self._acquire(client)
        keep = False
        try:
            reply = self._ask(worker, {"query": text, "formats": formats, "max_rows": self.limits.max_rows,
                                       "store": store or self.store_spec()}, cancelled)
            keep = not worker.reniced and worker.rss_mb() < self.limits.memory_mb / 2
        finally:
            self._release(worker, client, keep)
        if "ok" in reply:
            return reply["ok"]
        if reply["error"] == "rows":
            raise QueryLimitError("rows", reply["message"])
        if reply["error"] == "store":
            raise StoreError(reply["message"])
        raise QueryError(reply["message"])

    def _ask(self, worker: _Worker, request: dict, cancelled: Optional[threading.Event]) -> dict:
        limits = self.limits
        start = time.monotonic()
        deadline = start + limits.timeout
        try:
            worker.send(request)
            while True:
                now = time.monotonic()
                if now >= deadline:
                    raise QueryLimitError("time", f"the query ran past the time limit of {limits.timeout:g} s "
                                          "and was stopped")
                if worker.wait_readable(min(_POLL, deadline - now)):
                    reply = worker.receive(deadline=time.monotonic() + limits.timeout)
                    if reply is None:
                        raise QueryLimitError("time", "the query's answer did not arrive in time")
                    return reply
                if worker.rss_mb() > limits.memory_mb:
                    raise QueryLimitError("memory", f"the query needed more than {limits.memory_mb} MB "
                                          "of memory and was stopped")
                if cancelled is not None and cancelled.is_set():
                    raise QueryLimitError("cancelled", "the client went away; the query was stopped")
                if not worker.reniced and now - start > _SLOW:
                    try:
                        os.setpriority(os.PRIO_PROCESS, worker.proc.pid, 10)
                    except OSError:
                        pass
                    worker.reniced = True
        except (EOFError, BrokenPipeError, OSError) as exc:
            raise QueryLimitError("crashed", f"the query worker stopped ({exc}); the query was stopped") from exc

    def close(self) -> None:
        """Stop every worker, busy ones too (their queries end with a ``crashed`` limit error)."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._live -= len(idle)
            busy = self._all - set(idle)
            self._all = set()
            self._cond.notify_all()
        for worker in idle:
            worker.kill()
        for worker in busy:
            try:
                worker.proc.kill()
            except OSError:
                pass
