"""Where the department triples are lost, by layout family: counts only, never a document or an example.

For each gold task of the given sets (``tests/real_support.match_tasks``), its (role, unit) triples are put in one of
these classes: ``hit``; ``wrong role`` (the unit found under another role); ``unit missed`` / ``extra unit`` inside a
matched task that has units; ``task found, no units`` (the gold task's text is covered by an extracted task with no
unit); ``task not found`` (no extracted task covers its anchor).  Extracted tasks with units that no gold task matched
add ``extra: unmatched task``.  Families come from ``bench/blind_families.tsv`` (``other`` for documents not in it).

Because nothing but counts is printed, the lead may run it on blind sets (``--held-out``) to tell whether the loss
on unseen documents is in structure (tasks not found) or in units, without describing any document.

Usage:
    python bench/loss_causes.py [--held-out] SET [SET ...]

Output: a Markdown table on stdout.  Raises SystemExit when a blind set is named without ``--held-out``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import real_support as rs  # noqa: E402
from bench.blind import held_out  # noqa: E402
from bench.blind_families import read_families  # noqa: E402

CLASSES = ("hit", "wrong role", "unit missed", "extra unit", "task found, no units", "task not found",
           "extra: unmatched task")


def _triples(task, roles=rs.ROLES) -> Counter:
    return Counter((role, rs.fold(x.name)) for role, attr in roles for x in getattr(task, attr))


def causes(sets: list[str]) -> dict[str, Counter]:
    """{family: Counter(class -> triples)} over every gold document of ``sets``."""
    family = {(s, stem): f for s, stem, f in read_families()}
    out: dict[str, Counter] = {}
    for folder in sets:
        for path in rs.gold_files(folder):
            gold, _, assigned, pairs, _ = rs.match_tasks(folder, path)
            count = out.setdefault(family.get((folder, gold["file"].rsplit(".", 1)[0]), "other"), Counter())
            for g, t in pairs:
                gd = Counter((r, rs.fold(n)) for r, _ in rs.ROLES for n in g.get(r, []))
                pd = _triples(t) if t is not None else Counter()
                if t is None or not pd:
                    count["task not found" if t is None else "task found, no units"] += sum(gd.values())
                    continue
                gn = Counter(n for _, n in gd.elements())
                pn = Counter(n for _, n in pd.elements())
                hit = sum((gd & pd).values())
                count["hit"] += hit
                count["wrong role"] += sum((gn & pn).values()) - hit
                count["unit missed"] += sum((gn - pn).values())
                count["extra unit"] += sum((pn - gn).values())
            matched = {id(t) for _, t in pairs if t is not None}
            count["extra: unmatched task"] += sum(sum(_triples(t).values()) for t in assigned if id(t) not in matched)
    return out


def table(found: dict[str, Counter]) -> str:
    lines = ["| family | gold triples | " + " | ".join(CLASSES) + " |", "| --- " * (len(CLASSES) + 2) + "|"]
    for family in sorted(found):
        c = found[family]
        gold = sum(c[k] for k in ("hit", "wrong role", "unit missed", "task found, no units", "task not found"))
        lines.append(f"| {family} | {gold} | " + " | ".join(str(c[k]) for k in CLASSES) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--held-out", action="store_true", help="allow blind sets (the lead's measurement)")
    args = parser.parse_args()
    blind = set(args.sets) & set(held_out())
    if blind and not args.held_out:
        raise SystemExit(f"tests/fixtures/BLIND_SETS.txt names {', '.join(sorted(blind))} as blind: add --held-out")
    print(table(causes(args.sets)), end="")


if __name__ == "__main__":
    main()
