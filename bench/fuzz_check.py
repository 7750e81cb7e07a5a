"""Extracting one fuzzed file as a build would, and checking what came out.

    check_file(path, span_errors) -> Outcome     status read / skipped / crash, times, broken promises

Shared by the fuzz test (``tests/test_fuzz.py``) and the fuzz bench (``bench/bench_fuzz.py``);
the inputs come from ``bench/fuzz_corpus.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Outcome:
    """What extracting one fuzzed file gave: ``status`` is "read" (documents), "skipped" (with
    ``detail`` the reason) or "crash" (``detail`` the exception); ``problems`` lists broken
    promises (a skip that does not name the file, spans that do not read their record)."""

    name: str
    size: int
    seconds: float
    status: str
    detail: str
    problems: list
    cpu: float = 0.0  # CPU seconds of this process (the wall time of a shared machine varies with its load)


def check_file(path: Path, span_errors) -> Outcome:
    """Extract ``path`` as a build would, timing it, and check what came out: no exception
    escapes, a skipped file is named with a reason, every span reads its record
    (``span_errors(text, docs)`` as in ``tests/span_support.py``)."""
    import time
    import traceback

    from extract.pipeline import extract_paths
    from extract.readers.dispatch import read_file

    size = path.stat().st_size
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        result = extract_paths([path])
    except BaseException as exc:  # noqa: BLE001 - a crash is what we are looking for
        if isinstance(exc, KeyboardInterrupt):
            raise
        tb = traceback.format_exc(limit=-3)
        return Outcome(path.name, size, time.perf_counter() - t0, "crash", f"{type(exc).__name__}: {exc}\n{tb}", [],
                       time.process_time() - c0)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    problems = []
    if result.skipped:
        skip = result.skipped[0]
        if skip.path != str(path) or not skip.reason.strip() or result.documents:
            problems.append(f"unclear skip: {skip.path}: {skip.reason!r}")
        return Outcome(path.name, size, seconds, "skipped", skip.reason, problems, cpu)
    if not result.documents:
        problems.append("neither documents nor a skip reason")
        return Outcome(path.name, size, seconds, "read", "", problems, cpu)
    text = read_file(path).text
    problems += [f"{kind} span: {written!r} reads {read!r}" for kind, written, read in span_errors(text, result.documents)]
    tasks = sum(len(d.tasks) for d in result.documents)
    return Outcome(path.name, size, seconds, "read", f"{len(result.documents)} documents, {tasks} tasks", problems, cpu)
