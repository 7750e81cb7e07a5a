"""Two parts of a store build that are not about the store: the clock of its phases and the compaction
thread (:mod:`graph.store` uses both).

``Steps(seconds)``: ``clock(name)`` records the seconds since the previous call under ``name``.
``Compaction(store, slots)``: ``store.optimize()`` in a thread, started at once; ``result()`` waits
for it and returns its seconds (raising what it raised).
"""

from __future__ import annotations

import threading
import time
from typing import Optional

import pyoxigraph as ox


class Compaction:
    """``store.optimize()`` (RocksDB's compaction of the whole store, on one core) in a thread,
    started at once; once it ends, one more of ``slots`` is released (the core it used is free).
    ``result()`` waits for it, returns its seconds and raises what it raised."""

    def __init__(self, store: ox.Store, slots: Optional[threading.Semaphore] = None):
        self._outcome: list = []
        self._thread = threading.Thread(target=self._run, args=(store, slots), name="policykg-compaction",
                                        daemon=True)
        self._thread.start()

    def _run(self, store: ox.Store, slots: Optional[threading.Semaphore]) -> None:
        t0 = time.perf_counter()
        try:
            store.optimize()
            self._outcome.append((True, time.perf_counter() - t0))
        except BaseException as exc:  # handed to result()
            self._outcome.append((False, exc))
        finally:
            if slots is not None:
                slots.release()

    def join(self) -> None:
        self._thread.join()

    def result(self) -> float:
        self._thread.join()
        ok, value = self._outcome[0]
        if not ok:
            raise value
        return value


class Steps:
    """``clock(name)`` records the seconds since the previous call (or creation) under ``name``."""

    def __init__(self, seconds: dict):
        self.seconds, self.last = seconds, time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self.last
        self.last = now
