"""Inter-annotator agreement: a second, independent gold against the first, scored as the extractor is scored.

    python bench/gold_agreement.py [-v] [--out NAME]

``tests/fixtures/agreement/gold/<stem>.json`` is a second annotator's gold for a document that already has gold
in a ``tests/fixtures/real*/`` set (written without seeing that gold, its set's README, the extractor or any score;
brief in ``tests/fixtures/agreement/README.md``).  For each such document the first gold is scored with
``tests/real_support.py`` exactly as the extractor is, with the second gold in the extractor's place: each of its
tasks spans from its anchor to the next task's anchor (the last to the end of the file), so a first-gold task is
matched to the second-gold task whose text holds its anchor, one to one.  The same per-document F1 (task, dept,
dept_any, targets) then says how far two careful annotators following ``GOLD_GUIDE.md`` agree: the ceiling of any
extractor on these measures, and the part of a blind set's misses that is the annotators' choice.

Prints one row per document, the mean and the micro counts; ``-v`` each difference (first gold "missing", second
gold "extra"); ``--out NAME`` also writes the table to ``bench/results/NAME.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import real_support as rs  # noqa: E402  (the scorer the extractor is measured with)

AGREEMENT = rs.FIXTURES / "agreement"


@dataclass
class _Unit:
    name: str


@dataclass
class _Target:
    value: float
    unit: object
    comparator: str
    year: object
    period: object = None


@dataclass
class _Task:
    id: str
    title: str
    span: tuple
    lead: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    responsible: list = field(default_factory=list)
    targets: list = field(default_factory=list)


@dataclass
class _Doc:
    tasks: list


def gold_as_prediction(gold: dict, text: str) -> tuple[str, list]:
    """``(text, [document])`` whose tasks are ``gold``'s, each spanning from its anchor to the next one's."""
    starts = [text.find(t["anchor"]) for t in gold["tasks"]]
    found = sorted(p for p in starts if p >= 0)
    tasks = []
    for i, (t, pos) in enumerate(zip(gold["tasks"], starts)):
        if pos < 0:
            continue
        end = next((p for p in found if p > pos), len(text))
        tasks.append(_Task(str(t.get("number") or i), t["anchor"], (pos, end),
                           *[[_Unit(n) for n in t.get(r, [])] for r in ("lead", "participants", "responsible")],
                           [_Target(*x) for x in t.get("targets", [])]))
    return text, [_Doc(tasks)]


def pairs() -> list[tuple[str, Path, Path]]:
    """(set folder, first gold, second gold) for every second gold under ``tests/fixtures/agreement/gold``."""
    out = []
    for second in sorted((AGREEMENT / "gold").glob("*.json")):
        firsts = sorted(rs.FIXTURES.glob(f"real*/gold/{second.name}"))
        if len(firsts) != 1:
            raise SystemExit(f"{second}: {len(firsts)} first golds named {second.name} under tests/fixtures/real*/gold")
        out.append((firsts[0].parent.parent.name, firsts[0], second))
    return out


def score_pair(folder: str, first: Path, second: Path) -> rs.DocScore:
    """The first gold scored with the second in the extractor's place (raises SystemExit if they name other files)."""
    g2 = json.loads(second.read_text(encoding="utf-8"))
    if g2["file"] != json.loads(first.read_text(encoding="utf-8"))["file"]:
        raise SystemExit(f"{second}: file {g2['file']!r} is not the first gold's")
    return rs.score_file(folder, first, predict=lambda path: gold_as_prediction(g2, Path(path).read_text(encoding="utf-8")))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", action="store_true", help="print every difference")
    ap.add_argument("--out", help="also write the table to bench/results/NAME.md")
    a = ap.parse_args(argv)
    rows, lines = [], []
    tot = {f: [0, 0, 0] for f in rs.FIELDS}
    for folder, first, second in pairs():
        sc = score_pair(folder, first, second)
        rows.append(sc)
        lines.append(f"| `{folder}/{sc.name}` | " + " | ".join(f"{sc.f1(f):.2f}" for f in rs.FIELDS) + " |")
        print(f"{folder + '/' + sc.name:70.70s} " + " ".join(f"{sc.f1(f):9.2f}" for f in rs.FIELDS))
        if a.v:
            for e in sc.errors + sc.target_errors:
                print("    " + e)
        for f in rs.FIELDS:
            for i in range(3):
                tot[f][i] += sc.counts[f][i]
    if not rows:
        print("no second gold under tests/fixtures/agreement/gold")
        return 1
    mean = {f: sum(s.f1(f) for s in rows) / len(rows) for f in rs.FIELDS}
    print(f"{'mean per-document F1':70s} " + " ".join(f"{mean[f]:9.2f}" for f in rs.FIELDS))
    for f in rs.FIELDS:
        tp, pred, gold = tot[f]
        print(f"  {f:9s} micro P={tp}/{pred} R={tp}/{gold}")
    if a.out:
        table = ["| document (set/file) | task | dept | dept_any | targets |", "| --- | --- | --- | --- | --- |", *lines,
                 "| **mean per document** | " + " | ".join(f"**{mean[f]:.2f}**" for f in rs.FIELDS) + " |"]
        (ROOT / "bench" / "results" / f"{a.out}.md").write_text(
            "# Inter-annotator agreement (`python bench/gold_agreement.py`)\n\n"
            "The first gold scored with a second, independent annotator's gold in the extractor's place.\n\n"
            + "\n".join(table) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
