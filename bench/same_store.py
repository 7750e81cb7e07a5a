"""Whether two checkouts build the same store: the sorted N-Quads dumps of their builds, compared.

    python bench/same_store.py --copies 0,20 --variant before=DIR --variant after=.

For each number of copies (0: the bundled sample alone; N: ``N`` varied copies of the sample,
:mod:`bench.scale_corpus`), each variant runs ``policykg build CORPUS --data TMP`` in a subprocess
with ``PYTHONPATH=DIR``, then its store is dumped as N-Quads (pyoxigraph, read-only) and the lines
sorted, after the generation's stored counts (``policykg-counts.json``).  Prints, per corpus, the
number of quads and the SHA-256 of the counts and the sorted dump of each variant, and whether they
are identical; exits 1 when any differ.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale_corpus import write_corpus  # noqa: E402

DUMP = ("import sys, pyoxigraph as ox; from graph.store import open_store; from graph.counts import COUNTS_FILE; "
        "from pathlib import Path; g = open_store(Path(sys.argv[1])).generation; s = ox.Store.read_only(str(g)); "
        "sys.stdout.buffer.write((g / COUNTS_FILE).read_bytes() + b'\\n' + s.dump(format=ox.RdfFormat.N_QUADS))")


def sorted_dump(checkout: Path, corpus: Path, work: Path) -> bytes:
    """The sorted N-Quads of the store ``checkout`` builds from ``corpus``."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    data = work / "data"
    subprocess.run([sys.executable, "-m", "api.cli", "build", str(corpus), "--data", str(data)],
                   env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", DUMP, str(data)], env=env, check=True, capture_output=True).stdout
    counts, _, quads = out.partition(b"\n")
    return counts + b"\n" + b"".join(sorted(quads.splitlines(True)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", default="0,20")
    ap.add_argument("--variant", action="append", required=True, help="LABEL=DIR")
    args = ap.parse_args()
    variants = [(v.split("=", 1)[0], Path(v.split("=", 1)[1]).resolve()) for v in args.variant]
    same = True
    for copies in (int(c) for c in args.copies.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = ROOT / "data" / "suzhou_2022_01.md" if copies == 0 else Path(tmp) / "corpus"
            if copies:
                write_corpus(corpus, copies)
            digests = {}
            for label, checkout in variants:
                work = Path(tmp) / label
                work.mkdir()
                dump = sorted_dump(checkout, corpus, work)
                digests[label] = (dump.count(b"\n") - 1, hashlib.sha256(dump).hexdigest())
            equal = len(set(digests.values())) == 1
            same &= equal
            what = "the sample" if copies == 0 else f"{copies} copies"
            print(f"{what}: " + "; ".join(f"{k} {n:,} quads sha256 {h[:16]}" for k, (n, h) in digests.items())
                  + (" — identical" if equal else " — DIFFERENT"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
