"""CPU of a whole build by process and thread: the pool workers, and in the build process its own thread, pyoxigraph's threads, RocksDB's.

    python bench/bench_build_threads.py --copies 100 --rounds 2 --variant before=DIR --variant after=.

Writes ``--copies`` copies of the sample (:mod:`bench.scale_corpus`), then for each round and each
variant in turn (alternately) runs ``policykg build CORPUS --data TMP`` with ``PYTHONPATH=DIR`` and
polls ``/proc/<pid>/task/*/stat`` of the build and of its children every 0.1 s, keeping each
thread's last CPU time (user + system).  Threads are grouped: the pool workers (every thread of the
child processes), the build's main thread, its RocksDB threads (``rocksdb:*``: compactions), and its
other threads (the store loader thread, which parses the N-Triples, pyoxigraph's short-lived
loader threads, which encode, sort and write each part, the pool's and the checks' threads), the
latter also by their count and the largest.  A thread that lives less than 0.1 s may be missed, so
the sum can fall a little short of the build's CPU time.

Writes bench/results/build-threads.md (``--out``).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402
from bench.scale_corpus import write_corpus  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                out += [int(x) for x in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


def _poll(root: int, seen: dict) -> None:
    """Record (role, name, cpu seconds) of every thread of ``root`` and its descendants in ``seen``."""
    pids, i = [root], 0
    while i < len(pids):
        pids += _children(pids[i])
        i += 1
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                stat = Path(f"/proc/{pid}/task/{task}/stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            seen[(pid, int(task))] = (pid == root, int(task) == pid, name,
                                      (int(fields[11]) + int(fields[12])) / TICK)


def run(code: Path, corpus: Path, data: Path) -> dict:
    """One build with the code in ``code``: CPU seconds per group of threads, wall time, load."""
    shutil.rmtree(data, ignore_errors=True)
    cmd = [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())", "build", str(corpus),
           "--data", str(data)]
    load = float(Path("/proc/loadavg").read_text().split()[0])
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=dict(os.environ, PYTHONPATH=str(code)), cwd=str(code),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: dict = {}
    while proc.poll() is None:
        _poll(proc.pid, seen)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"build failed: {proc.stderr.read().decode()[-2000:]}")
    out = {"workers": 0.0, "main thread": 0.0, "RocksDB threads": 0.0, "other threads": 0.0}
    others: list[float] = []
    for is_build, is_main, name, cpu in seen.values():
        if not is_build:
            out["workers"] += cpu
        elif is_main:
            out["main thread"] += cpu
        elif name.startswith("rocksdb"):
            out["RocksDB threads"] += cpu
        else:
            out["other threads"] += cpu
            others.append(cpu)
    out["build process"] = out["main thread"] + out["RocksDB threads"] + out["other threads"]
    out["all"] = out["build process"] + out["workers"]
    return {"cpu": out, "others": sorted(others, reverse=True), "wall": wall, "load": load}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--variant", action="append", default=[], help="LABEL=DIR (repeatable; default: this checkout)")
    ap.add_argument("--out", default="build-threads")
    args = ap.parse_args()
    variants = [tuple(v.split("=", 1)) for v in args.variant] or [("this", str(ROOT))]
    rows = ["| variant, round | wall | load average | workers | build process | its main thread | RocksDB threads | "
            "other threads (count; largest) | all |", "| --- |" + " --- |" * 8]
    with tempfile.TemporaryDirectory(prefix="pkg-threads-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.copies)
        for r in range(args.rounds):
            for label, code in variants:
                got = run(Path(code).resolve(), corpus, Path(tmp) / "data")
                c = got["cpu"]
                big = ", ".join(f"{x:.1f}" for x in got["others"][:3])
                rows.append(f"| {label}, {r + 1} | {got['wall']:.1f} s | {got['load']:.1f} | {c['workers']:.1f} s | "
                            f"{c['build process']:.1f} s | {c['main thread']:.1f} s | {c['RocksDB threads']:.1f} s | "
                            f"{c['other threads']:.1f} s ({len(got['others'])}; {big}) | {c['all']:.1f} s |")
                print(rows[-1], flush=True)
    command = "python bench/bench_build_threads.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    text = "\n".join([f"Command: `{command}`", "",
                      f"Machine: {os.cpu_count()} cores (shared with other jobs), "
                      f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {args.copies} copies of the sample, "
                      "variants alternately; CPU seconds (user + system) of each group of threads, polled every 0.1 s.",
                      "", *rows]) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
