"""Incremental builds at scale: add, change and remove one document of a big store.

    python bench/bench_incremental.py --copies 100,1000 [--repeat 3] [--compare]

For each number of copies, :mod:`bench.scale_corpus` writes the corpus (``copies`` files of
10 documents each), ``policykg build CORPUS --data D`` builds it whole (timed; with ``--keep DIR``
corpus and store stay in ``DIR/<copies>`` and a later run reuses them), then, each
``--repeat`` times, in a subprocess (CLI start-up included) and timed:

- ``policykg add NEW.md --data D``: one new copy of the sample (10 documents) into the store;
- ``policykg remove NEW.md --data D``: the same file out again;
- ``policykg build CORPUS --data D`` after one corpus file changed (a department renamed in
  it): every file is hashed, only the changed one is extracted and its triples replaced;
- ``policykg build CORPUS --data D`` with nothing changed.

Recorded: wall time and CPU time (the process and its workers) of each command, the phases and the ``files:`` / ``update:`` lines it prints,
the store's triple count.  With ``--compare``, a fresh full build of the final corpus in another
data directory is compared with the incrementally updated store (triple count and every figure of
``policykg-counts.json``).  Writes bench/results/incremental.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402
from bench.scale_corpus import SAMPLE, vary, write_corpus  # noqa: E402


def policykg(*args: str) -> tuple[str, str]:
    """Run the CLI of this checkout; ("wall s (CPU s)", stdout), the CPU time (user + system) of the
    process and its workers (``RUSAGE_CHILDREN``), which the load of a shared machine inflates far
    less than the wall time.  Raises on a non-zero exit."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if proc.returncode:
        raise SystemExit(f"policykg {' '.join(args)} failed: {proc.stderr.strip()[-800:]}")
    return f"{wall:.2f} s ({cpu:.2f} s)", proc.stdout


def pick(out: str, *keys: str) -> str:
    """The lines of ``out`` starting with one of ``keys``, joined with '; '."""
    return "; ".join(line for line in out.splitlines() if line.startswith(keys))


def counts(data: Path) -> dict:
    from graph.store_files import current_generation

    return json.loads((current_generation(data) / "policykg-counts.json").read_text())


def run(copies: int, repeat: int, compare: bool, workdir: Path) -> list[str]:
    corpus, data, extra = workdir / "corpus", workdir / "data", workdir / "extra"
    rows = []
    if not corpus.exists():
        write_corpus(corpus, copies)
        extra.mkdir()
    new = extra / "copy_new.md"
    new.write_text(vary(SAMPLE.read_text(encoding="utf-8"), copies + 7), encoding="utf-8")
    wall, out = policykg("build", str(corpus), "--data", str(data))
    rows.append(f"| build ({copies * 10:,} documents) | {wall} | {pick(out, 'triples:', 'files:', 'update:', 'phases:')} |")
    victim = sorted(corpus.glob("*.md"))[copies // 2]
    original = victim.read_text(encoding="utf-8")
    for i in range(repeat):
        wall, out = policykg("add", str(new), "--data", str(data))
        rows.append(f"| add one file (10 documents), run {i + 1} | {wall} | "
                    f"{pick(out, 'triples:', 'files:', 'update:', 'phases:')} |")
        wall, out = policykg("remove", new.name, "--data", str(data))
        rows.append(f"| remove it again, run {i + 1} | {wall} | {pick(out, 'triples:', 'update:', 'phases:')} |")
        victim.write_text(original.replace("市科技局", "市科学技术局", 1) if i % 2 == 0 else original,
                          encoding="utf-8")
        wall, out = policykg("build", str(corpus), "--data", str(data))
        rows.append(f"| build after one file changed, run {i + 1} | {wall} | "
                    f"{pick(out, 'files:', 'update:', 'phases:')} |")
    wall, out = policykg("build", str(corpus), "--data", str(data))
    rows.append(f"| build, nothing changed | {wall} | {pick(out, 'files:', 'update:')} |")
    if compare:
        fresh = workdir / "fresh"
        wall, out = policykg("build", str(corpus), "--data", str(fresh))
        same = counts(fresh) == counts(data)
        rows.append(f"| fresh full build of the final corpus (compared) | {wall} | "
                    f"figures of policykg-counts.json {'identical' if same else 'DIFFERENT'}: "
                    f"{counts(data)['triples']:,} triples |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", default="100", help="comma-separated numbers of copies (10 documents each)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="keep corpus and store in DIR/<copies> (and reuse them when there: no full build)")
    ap.add_argument("--out", type=Path, default=RESULTS / "incremental.md")
    args = ap.parse_args()
    lines = ["# Incremental builds", "", f"`python bench/bench_incremental.py {' '.join(sys.argv[1:])}`", "",
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
             f"load average before: {os.getloadavg()[0]:.1f}", ""]
    for copies in (int(c) for c in args.copies.split(",")):
        work = args.keep / str(copies) if args.keep else Path(tempfile.mkdtemp(prefix="policykg-incr-"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            lines += [f"## {copies:,} copies ({copies * 10:,} documents)", "",
                      "| step | wall time (CPU time), CLI start-up included | what it printed |", "| --- | --- | --- |"]
            lines += run(copies, args.repeat, args.compare, work)
            lines.append("")
            print("\n".join(lines), flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
