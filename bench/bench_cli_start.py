"""What a ``policykg`` command pays before it works: process start and imports, two checkouts alternately.

    python bench/bench_cli_start.py --data D --before DIR [--repeat 5] [--out cli-start]

Runs ``policykg query 'SELECT (COUNT(*) AS ?n) …'`` over the store of ``--data`` (a query that
answers in milliseconds, so the figure is the command's own cost) with the code of ``--before``
and of this checkout, one after the other, ``--repeat`` times; records wall and CPU time (user +
system of the child) of each, and writes the medians with the load average to
``bench/results/<out>.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS, load_average  # noqa: E402

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }"


def run(code: Path, data: Path) -> tuple[float, float]:
    """(wall s, CPU s) of one ``policykg query`` with ``code`` first on ``sys.path``."""
    before = os.times()
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "api.cli", "query", QUERY, "--data", str(data)], cwd=str(code),
                   env=dict(os.environ, PYTHONPATH=str(code)), check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--before", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default="cli-start")
    args = ap.parse_args()
    got: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    loads = [load_average()]
    for _ in range(args.repeat):
        got["before"].append(run(args.before.resolve(), args.data))
        got["after"].append(run(ROOT, args.data))
    loads.append(load_average())
    rows = [f"| {label} | {statistics.median(w for w, _ in runs):.2f} s | {statistics.median(c for _, c in runs):.2f} s |"
            for label, runs in got.items()]
    text = (f"Command: `python bench/bench_cli_start.py {' '.join(sys.argv[1:])}`\n\n"
            f"`policykg query` (a COUNT answered in milliseconds) over {args.data}, medians of {args.repeat}, "
            f"the two checkouts alternately; load average {', '.join(loads)} (2 cores, shared).\n\n"
            "| code | wall | CPU |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
