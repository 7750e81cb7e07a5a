"""Where a whole build's CPU goes, thread by thread: what the phases measured one by one leave out.

    python bench/bench_build_gap.py --copies 30

Writes ``--copies`` copies of the sample (:mod:`bench.scale_corpus`) and builds them in this process
(``policykg build CORPUS --data TMP``, two pool workers), sampling every thread of the build process
from ``/proc/self/task/*/stat`` every 0.1 s (user + system time, its last value kept; Python threads
named by :mod:`threading`, the others by the kernel: ``python`` for pyoxigraph's loader threads,
``rocksdb:*`` for RocksDB's own), the pool workers' CPU from ``RUSAGE_CHILDREN``, and the thread CPU
(``time.thread_time``) of three steps of the build's own thread: the co-participation pairs, the ledger
and the store thread's whole work (load, checks, ledger) — these are wrapped, not changed.
Writes bench/results/build-gap.md (``--out``).
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402
from bench.scale_corpus import write_corpus  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


class Sampler:
    """The CPU seconds of every thread of this process, by thread id (its last sample)."""

    def __init__(self):
        self.seen: dict[int, tuple[str, float]] = {}
        self.names: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="sampler")

    def sample(self) -> None:
        for t in threading.enumerate():
            if t.native_id:
                self.names[t.native_id] = t.name
        for path in glob.glob(f"/proc/{os.getpid()}/task/*/stat"):
            try:
                text = Path(path).read_text()
            except OSError:  # the thread ended
                continue
            tid = int(path.split("/")[-2])
            fields = text[text.rindex(")") + 2:].split()
            name = self.names.get(tid, text[text.index("(") + 1:text.rindex(")")])
            self.seen[tid] = (name, (int(fields[11]) + int(fields[12])) / TICK)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.sample()


def timed(owner, name: str, into: dict) -> None:
    """Wrap ``owner.name`` so that the thread CPU of each call is added to ``into[name]``."""
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.thread_time()
        try:
            return real(*args, **kwargs)
        finally:
            into[name] = into.get(name, 0.0) + time.thread_time() - start
    setattr(owner, name, wrapper)


def group(name: str) -> str:
    if name == "MainThread":
        return "build's own thread (pool results, spool, shared lines, ledger partials, pairs)"
    if name.startswith("ThreadPoolExecutor"):
        return "store checks (graph.shape_checks.violations, its threads)"
    if name == "policykg-store-loader":
        return "store thread (bulk_load's own thread, checks' start, ledger)"
    if name == "python":
        return "pyoxigraph bulk loader threads"
    if name.startswith("rocksdb"):
        return "RocksDB threads (compaction, flush)"
    return f"other ({name})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=30)
    ap.add_argument("--out", default="build-gap")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pkg-gap-"))
    try:
        write_corpus(work / "corpus", args.copies)
        import graph.materialise as materialise
        import graph.pipeline as pipeline
        from graph.ledger import Ledger
        from api.cli import main as cli

        steps: dict[str, float] = {}
        timed(materialise, "pair_ntriples", steps)
        timed(Ledger, "fill", steps)
        timed(pipeline, "build_store", steps)
        load0 = os.getloadavg()[0]
        imports = time.thread_time()  # this thread's CPU so far: Python's start and the imports
        wall = time.perf_counter()
        with Sampler() as sampler:
            sys.argv = ["policykg", "build", str(work / "corpus"), "--data", str(work / "data")]
            try:
                cli()
            except SystemExit as exc:
                if exc.code:
                    raise
        wall = time.perf_counter() - wall
        load1 = os.getloadavg()[0]
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    groups: dict[str, float] = {"start-up and imports (the build's own thread, before the build)": imports}
    for name, sec in sampler.seen.values():
        if name != "sampler":
            groups[group(name)] = groups.get(group(name), 0.0) + sec - (imports if name == "MainThread" else 0.0)
    workers = kids.ru_utime + kids.ru_stime
    total = own.ru_utime + own.ru_stime + workers
    per = 1000.0 / args.copies
    rows = [("pool workers (extraction, mapping, per-file checks, parts; RUSAGE_CHILDREN)", workers)]
    rows += sorted(groups.items(), key=lambda kv: -kv[1])
    lines = [
        "# Where a whole build's CPU goes, thread by thread",
        "",
        f"Command: `python bench/bench_build_gap.py --copies {args.copies}`",
        "",
        f"Machine: 2 cores (shared), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; 1-minute load "
        f"average {load0:.1f} at the start, {load1:.1f} at the end. One build of {args.copies} copies of the "
        f"sample, wall {wall:.1f} s, CPU {total:.1f} s ({total * per:.0f} ms per copy), build process "
        f"{own.ru_utime + own.ru_stime:.1f} s (its imports included), pool workers {workers:.1f} s.",
        "",
        "| where (threads sampled from /proc) | CPU s | ms per copy |",
        "| --- | --- | --- |",
        *[f"| {name} | {sec:.2f} | {sec * per:.1f} |" for name, sec in rows],
        "",
        "Steps timed inside those threads (time.thread_time):",
        "",
        "| step | CPU s | ms per copy |",
        "| --- | --- | --- |",
        *[f"| {name} | {sec:.2f} | {sec * per:.1f} |" for name, sec in sorted(steps.items())],
        "",
    ]
    out = RESULTS / f"{args.out}.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
