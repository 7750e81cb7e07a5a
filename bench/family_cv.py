"""Cross-validation halves of the released blind documents: tune on one half, measure generality on the other.

Every document of ``bench/blind_families.tsv`` was blind once and is released now (unless its set is still named in
``tests/fixtures/BLIND_SETS.txt``).  This script splits them by set number: documents of **odd-numbered sets are the
check half**, documents of even-numbered sets the dev half.  A round studies the differences of the dev half (and of
every open set outside the TSV) and reads only the check half's family means, so a rule that raises the check half
was written for a family of forms, not for the documents in front of its author.

Usage:
    python bench/family_cv.py dev [-v] [--family unit_first] [--out FILE]
        every open gold document except the check half, scored as ``tests/real_support.py`` prints it
        (``-v`` adds each difference); ``--family`` keeps the TSV documents of one family only.
    python bench/family_cv.py check [--out FILE]
        the check half: per family, the number of documents, mean task / dept / dept_any / targets F1 and the
        count below 0.70 in dept.  No document name, score line or difference is printed.

Output on stdout (and in ``--out``).  Raises SystemExit for an unknown family or a check run asked for ``-v``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import real_support as rs  # noqa: E402  (tests/ helper, after the path set-up)
from bench.blind import held_out  # noqa: E402
from bench.blind_families import FAMILIES, read_families  # noqa: E402


def halves() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """({(set, stem): family} of the dev half, the same of the check half); still-blind sets are in neither."""
    blind = set(held_out())
    dev: dict[tuple[str, str], str] = {}
    check: dict[tuple[str, str], str] = {}
    for set_name, stem, family in read_families():
        if set_name in blind:
            continue
        number = int(set_name.removeprefix("real_unseen"))
        (check if number % 2 else dev)[(set_name, stem)] = family
    return dev, check


def open_sets() -> list[str]:
    """Folder names of every open gold set (``real`` and ``real_unseen*`` not named blind), in numeric order."""
    blind = set(held_out())
    folders = [p.name for p in rs.FIXTURES.iterdir() if p.is_dir() and (p / "gold").is_dir()
               and (p.name == "real" or p.name.startswith("real_unseen")) and p.name not in blind]
    return sorted(folders, key=lambda n: (n != "real", int(n.removeprefix("real_unseen") or 0) if n != "real" else 0))


def _stem(path: Path) -> str:
    return rs.load_gold(path)["file"].rsplit(".", 1)[0]


def dev_report(family: str | None, verbose: bool) -> str:
    """The dev half as real_support prints it: ``== set`` headers, one line per document, differences with -v."""
    dev, check = halves()
    lines = []
    for folder in open_sets():
        rows = []
        for path in rs.gold_files(folder):
            key = (folder, _stem(path))
            if key in check or (family and dev.get(key) != family):
                continue
            s = rs.score_file(folder, path)
            rows.append(f"{s.name[:48]:48s} " + " ".join(f"{s.f1(f):9.2f}" for f in rs.FIELDS))
            if verbose:
                rows.extend("    " + e for e in s.errors + s.target_errors)
        if rows:
            lines += [f"== {folder}", f"{'document':48s} " + " ".join(f"{f:>9s}" for f in rs.FIELDS), *rows]
    return "\n".join(lines) + "\n"


def check_report() -> str:
    """Per-family means of the check half (no per-document line)."""
    _, check = halves()
    by_family: dict[str, list[rs.DocScore]] = {f: [] for f in FAMILIES}
    for (folder, stem), family in sorted(check.items()):
        path = rs.FIXTURES / folder / "gold" / f"{stem}.json"
        if not path.exists():
            raise SystemExit(f"bench/blind_families.tsv names {folder}/{stem}, but {path} does not exist")
        by_family[family].append(rs.score_file(folder, path))
    lines = ["| check half | documents | task | dept | dept_any | targets | dept < 0.70 |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    every = [s for got in by_family.values() for s in got]
    for name, got in [*by_family.items(), ("all", every)]:
        if got:
            means = " | ".join(f"{statistics.mean(s.f1(f) for s in got):.3f}" for f in rs.FIELDS)
            lines.append(f"| {name} | {len(got)} | {means} | {sum(s.f1('dept') < 0.7 for s in got)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("half", choices=("dev", "check"))
    parser.add_argument("-v", action="store_true", help="print every difference (dev half only)")
    parser.add_argument("--family", choices=FAMILIES)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.half == "check" and (args.v or args.family):
        raise SystemExit("family_cv.py check prints family means only: -v and --family belong to the dev half")
    text = dev_report(args.family, args.v) if args.half == "dev" else check_report()
    print(text, end="")
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
