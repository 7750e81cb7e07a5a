"""CPU per copy of the sample of each phase of a full build, measured one by one in one process.

    python bench/bench_build_phases.py --copies 8 --rounds 2 --variant before=DIR --variant after=.

Writes ``--copies`` + 1 copies of the sample (:mod:`bench.scale_corpus`), then, for each round and
each variant in turn (alternately, so the machine's load weighs on both alike), runs in a
subprocess with ``PYTHONPATH=DIR``: the extraction of each copy, the mapping to N-Triples
(:func:`graph.file_graph.file_graph` with the extraction already done), the per-file shape checks
(as the workers run them, ``graph.engines.file_checks``, when the checkout has it, else
``graph.file_checks.check_lines`` on the file's lines, else
``graph.shape_checks.check_file`` on an in-memory store), saving each part, and pyoxigraph's
``bulk_load`` of all their lines into an on-disk store (the CPU of the whole process, its
loader threads included).  The first copy only warms the caches.  Each figure is the process CPU
time (user + system) of a phase divided by the copies, the least over the rounds.  What the
build does besides (the pool's transfers, the spool, the ledger, the store's checks and counts)
is not in these phases: compare the sum with a whole build's CPU (bench/bench_scale.py).

Writes bench/results/build-phases.md (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402
from bench.scale_corpus import write_corpus  # noqa: E402


def measure(corpus: Path, copies: int) -> dict[str, float]:
    """Seconds of CPU per copy of each phase (run in the variant's subprocess)."""
    import shutil

    import pyoxigraph as ox

    import graph.file_graph as fgm
    from extract.pipeline import extract_file, plan_files
    from graph.parts import part_key, save_part

    try:
        from graph.file_checks import check_lines as check
        how = "Python on the lines (graph.file_checks)"
    except ImportError:
        from graph.shape_checks import check_file
        from graph.store import select_in_memory

        def check(nt):
            return check_file(nt, select_in_memory)
        how = "SPARQL on an in-memory store of the file"
    plan = plan_files([corpus])[:copies + 1]
    first = fgm.file_graph(plan[0])  # warms the caches, the rules, the gazetteers
    check(first.ntriples + first.shared)
    out: dict[str, float] = {}

    def cpu() -> float:
        use = resource.getrusage(resource.RUSAGE_SELF)  # every thread of the process
        return use.ru_utime + use.ru_stime

    def timed(name, fn, *args):
        start = cpu()
        value = fn(*args)
        out[name] = out.get(name, 0.0) + cpu() - start
        return value

    work = Path(tempfile.mkdtemp(prefix="pkg-phases-"))
    try:
        done = {str(item[0]): timed("extraction", extract_file, item) for item in plan[1:]}
        real = fgm.extract_file
        fgm.extract_file = lambda item: done[str(item[0])]
        fgs = [timed("mapping to N-Triples", fgm.file_graph, item) for item in plan[1:]]
        fgm.extract_file = real
        try:  # as the workers run them (the evidence run passed over), when the checkout has it
            from graph.engines import file_checks as check_file_graph
        except ImportError:
            def check_file_graph(fg):
                return check(fg.ntriples + fg.shared)
        for fg in fgs:
            timed("per-file shape checks", check_file_graph, fg)
        for item, fg in zip(plan[1:], fgs):
            timed("saving the part", save_part, work / "parts", part_key(item), fg)
        store = ox.Store(str(work / "store"))
        timed("bulk load (pyoxigraph, its threads included)", lambda: (
            store.bulk_load(input=b"".join(fg.ntriples + fg.shared for fg in fgs), format=ox.RdfFormat.N_TRIPLES),
            store.flush()))
        del store
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {**{k: v / copies for k, v in out.items()}, "how": how}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--variant", action="append", default=[], help="LABEL=DIR (repeatable; default: this checkout)")
    ap.add_argument("--out", default="build-phases")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # in the subprocess: the corpus
    args = ap.parse_args()
    if args.measure:  # the variant's code (PYTHONPATH), not this checkout's
        sys.path.remove(str(ROOT))  # the entry this script put first (PYTHONPATH's stay)
        print(json.dumps(measure(args.measure, args.copies)))
        return
    variants = [tuple(v.split("=", 1)) for v in args.variant] or [("this", str(ROOT))]
    best: dict[str, dict[str, float]] = {label: {} for label, _ in variants}
    loads: dict[str, list[float]] = {label: [] for label, _ in variants}
    hows: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="pkg-phases-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.copies + 1)
        for _ in range(args.rounds):
            for label, code in variants:
                loads[label].append(float(Path("/proc/loadavg").read_text().split()[0]))
                res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", str(corpus),
                                      "--copies", str(args.copies)], env=dict(os.environ, PYTHONPATH=str(Path(code).resolve())),
                                     cwd=str(code), capture_output=True, text=True)
                if res.returncode != 0:
                    raise SystemExit(f"{label}: the measure failed:\n{res.stderr[-3000:]}")
                figures = json.loads(res.stdout.strip().splitlines()[-1])
                hows[label] = figures.pop("how")
                for k, v in figures.items():
                    best[label][k] = min(best[label].get(k, v), v)
                print(label, {k: round(1000 * v, 1) for k, v in figures.items()}, flush=True)
    phases = list(dict.fromkeys(k for label, _ in variants for k in best[label]))
    head = "| phase (ms of CPU per copy of the sample) | " + " | ".join(label for label, _ in variants) + " |"
    rows = [head, "| --- |" + " --- |" * len(variants)]
    for phase in phases:
        rows.append(f"| {phase} | " + " | ".join(f"{1000 * best[label][phase]:.1f}" if phase in best[label] else "—"
                                                  for label, _ in variants) + " |")
    rows.append("| sum | " + " | ".join(f"{1000 * sum(best[label].values()):.1f}" for label, _ in variants) + " |")
    command = "python bench/bench_build_phases.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    text = "\n".join([f"Command: `{command}`", "",
                      f"Machine: {os.cpu_count()} cores (shared with other jobs), "
                      f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; 1-minute load average at each run: "
                      + "; ".join(f"{label} {', '.join(f'{x:.1f}' for x in loads[label])}" for label, _ in variants)
                      + f". {args.copies} copies, the least of {args.rounds} rounds, variants alternately. "
                      + "Per-file shape checks: " + "; ".join(f"{label}: {hows[label]}" for label, _ in variants) + ".", "",
                      *rows]) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
