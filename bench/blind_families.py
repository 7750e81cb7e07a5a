"""Blind scores by layout family: how the extractor did on each held-out document the first time it saw it.

Input: ``bench/blind_families.tsv`` (set, document stem, family: ``marked`` / ``unit_first`` / ``prose``, read from each
set's README layout column) and score files written by ``tests/real_support.py`` (``== set`` headers, one line per
document with task / dept / dept_any / targets F1; names may be cut at 48 characters).  By default each set's first
held-out measurement, ``bench/results/real-scores-uN-heldout-sM-start.txt`` (the earliest session).  ``--current FILE``
adds the same documents' scores from a later full score file (e.g. a session's end scores), so the table shows the blind
first contact beside what the rounds made of the same documents once released.

Usage:
    python bench/blind_families.py [--current bench/results/real-scores-s30-end.txt] [--out FILE.md]

Output: a Markdown table on stdout (and in ``--out``).  Raises SystemExit naming the file when a document of the TSV
has no score line in its set's start file.
"""

from __future__ import annotations

import argparse
import re
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TSV = ROOT / "bench" / "blind_families.tsv"
RESULTS = ROOT / "bench" / "results"
FAMILIES = ("marked", "unit_first", "prose")
_ROW = re.compile(r"^(\S+)\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+|-)\s*$")


def read_families(path: Path = TSV) -> list[tuple[str, str, str]]:
    """(set, stem, family) rows; ValueError naming file and line for a bad row or family."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[2] not in FAMILIES:
            raise ValueError(f"{path}:{n}: want 'set<TAB>stem<TAB>{'|'.join(FAMILIES)}', got {line!r}")
        rows.append((parts[0], parts[1], parts[2]))
    return rows


def read_scores(path: Path) -> dict[str, dict[str, tuple[float, float]]]:
    """{set: {printed document name: (task F1, dept F1)}} from a real_support score file."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("== "):
            current = out.setdefault(line[3:].strip(), {})
            continue
        m = _ROW.match(line)
        if current is not None and m and not line.startswith(" "):
            current[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return out


def lookup(scores: dict[str, tuple[float, float]], stem: str) -> tuple[float, float] | None:
    """The score line of ``stem`` (the file prints names cut short, so match the printed name as a prefix)."""
    name = stem + ".md"
    for printed, value in scores.items():
        if name.startswith(printed):
            return value
    return None


def start_file(set_name: str) -> Path:
    """The earliest ``-start`` held-out score file of a set (SystemExit if none)."""
    number = set_name.removeprefix("real_unseen")
    found = sorted(RESULTS.glob(f"real-scores-u{number}-heldout-s*-start.txt"))
    if not found:
        raise SystemExit(f"no bench/results/real-scores-u{number}-heldout-s*-start.txt for {set_name}")
    return found[0]


def table(rows, current: Path | None) -> str:
    """Per-family summary of blind first-contact scores (and current scores of the same documents)."""
    later = read_scores(current) if current else {}
    by_family: dict[str, list[tuple[float, float, tuple[float, float] | None]]] = {f: [] for f in FAMILIES}
    for set_name, stem, family in rows:
        path = start_file(set_name)
        got = lookup(read_scores(path).get(set_name, {}), stem)
        if got is None:
            raise SystemExit(f"{path}: no score line for {set_name}/{stem}.md")
        now = lookup(later.get(set_name, {}), stem) if current else None
        by_family[family].append((got[0], got[1], now))
    head = "| family | documents | blind task | blind dept | dept ≥ 0.90 | dept < 0.70 |"
    sep = "| --- | --- | --- | --- | --- | --- |"
    if current:
        head += " released, now task / dept |"
        sep += " --- |"
    lines = [head, sep]
    for family, got in by_family.items():
        if not got:
            continue
        dept = [d for _, d, _ in got]
        line = (f"| {family} | {len(got)} | {statistics.mean(t for t, _, _ in got):.2f} | {statistics.mean(dept):.2f} "
                f"| {sum(d >= 0.9 for d in dept)} | {sum(d < 0.7 for d in dept)} |")
        if current:
            nows = [n for _, _, n in got if n]
            line += (f" {statistics.mean(n[0] for n in nows):.2f} / {statistics.mean(n[1] for n in nows):.2f} ({len(nows)}) |"
                     if nows else " — |")
        lines.append(line)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--current", type=Path, help="a later full score file for the same documents")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    text = table(read_families(), args.current)
    print(text, end="")
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
