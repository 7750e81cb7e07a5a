"""What the harvest scorers (``bench/harvested_prose.py``, ``bench/harvested_targets.py``) share: micro precision /
recall / F1, the per-family table and the micro lines of their Markdown report, and their command line.

Pure functions of counts; no extractor import here.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Callable


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    """(precision, recall, F1) of ``tp`` true positives among ``pred`` predicted and ``gold`` expected items; an empty
    side counts as perfect (1.0), F1 0.0 when both are 0."""
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def family_lines(fam: dict, what: str) -> list[str]:
    """The per-family table: ``fam`` maps a family to [cases, exact, found, hand, extra]; ``what`` names the items
    ("units", "targets"). Ends with the **all** row and a blank line."""
    out = [f"| family | cases | exact | {what} found / hand | extra {what} |", "|---|---|---|---|---|"]
    tot = [0, 0, 0, 0, 0]
    for k in sorted(fam):
        f = fam[k]
        tot = [a + b for a, b in zip(tot, f)]
        out.append(f"| {k} | {f[0]} | {f[1]} | {f[2]}/{f[3]} | {f[4]} |")
    return out + [f"| **all** | {tot[0]} | **{tot[1]}** | {tot[2]}/{tot[3]} | {tot[4]} |", ""]


def micro_lines(counts: list[tuple[str, list[int]]]) -> list[str]:
    """One "- micro LABEL: P … R … F1 …" line per (label, [tp, pred, gold])."""
    out = []
    for label, c in counts:
        p, r, f1 = prf(*c)
        out.append(f"- micro {label}: P {p:.3f} ({c[0]}/{c[1]}), R {r:.3f} ({c[0]}/{c[2]}), F1 **{f1:.3f}**")
    return out


def run(measure: Callable[[Path], list[str]], default: Path, harvest_help: str, description: str) -> int:
    """The scorers' command line: ``--harvest FILE`` (default ``default``), ``--out FILE.md``; prints the report."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--out", help="also write the report to this markdown file")
    ap.add_argument("--harvest", type=Path, default=default, help=harvest_help)
    args = ap.parse_args()
    text = "\n".join(measure(args.harvest)) + "\n"
    print(text, end="")
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0
