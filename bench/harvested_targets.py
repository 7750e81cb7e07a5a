"""Held-out measure of target reading: the hand-read harvest ``bench/harvest/targets_1.jsonl`` (120 sentences
holding numbers from 7 real documents no set holds, labelled by helper s35t before the extractor ran on them;
format in ``bench/harvest/README.md``) against the target reader.

    python bench/harvested_targets.py [--harvest FILE.jsonl] [--out FILE.md]

A sentence alone names no unit, so ``extract_text`` makes no task of it and would report no target at all;
each sentence is therefore read by the function every task body goes through
(``extract.entities.targets.extract_targets``) with no document year, as a task of a document whose title names
no period and no single year is read (the neutral case: R12 and the annual-plan rule do not apply, so a target
without a time of its own is undated).  Every (value, unit, comparator, year) the reader returns (year = its
year, else its period's last year, as ``tests/real_support.py`` scores) is compared with the hand reading:

- per case: exact (the same multiset of targets) or not, with what is missing and extra;
- per family: cases exact, targets found / hand targets, extra targets;
- micro precision / recall / F1 of the (value, unit, comparator, year) tuples, and of (value, unit) alone
  (a counterexample adds only to the reader's count).

Values and units are compared as the real-document scorer compares them (``tests/real_support._num`` /
``_unit``).  Not a test: the honest transfer estimate of issue 7 for targets.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harvest_report import family_lines, micro_lines, run  # noqa: E402

HARVEST = ROOT / "bench" / "harvest" / "targets_1.jsonl"


def _key(value, unit, comparator, year) -> tuple:
    from tests.real_support import _num, _unit

    return (_num(value), _unit(unit), comparator, year)


def read_sentence(text: str) -> Counter:
    """The (value, unit, comparator, year) multiset the target reader finds in ``text``."""
    from extract.entities.targets import extract_targets

    return Counter(_key(t.value, t.unit, t.comparator, t.year if t.year else (t.period[1] if t.period else None))
                   for t in extract_targets(text))


def _fmt(c: Counter) -> str:
    return ", ".join(f"{v}{u or ''} {cmp} {y}" for (v, u, cmp, y) in sorted(c.elements(), key=str))


def measure(harvest: Path = HARVEST) -> list[str]:
    """The report's lines for the harvest file ``harvest`` (JSON lines, format in bench/harvest/README.md)."""
    cases = [json.loads(line) for line in harvest.read_text(encoding="utf-8").splitlines() if line.strip()]
    fam = defaultdict(lambda: [0, 0, 0, 0, 0])  # cases, exact, hand targets found, hand targets, extra
    full = [0, 0, 0]  # tp, predicted, gold of (value, unit, comparator, year)
    bare = [0, 0, 0]  # the same of (value, unit)
    rows = []
    for c in cases:
        exp = Counter(_key(*t) for t in c["targets"])
        got = read_sentence(c["text"])
        exact = got == exp
        tp = sum((got & exp).values())
        f = fam[c["family"]]
        f[0] += 1
        f[1] += exact
        f[2] += tp
        f[3] += sum(exp.values())
        f[4] += sum((got - exp).values())
        full[0] += tp
        full[1] += sum(got.values())
        full[2] += sum(exp.values())
        eb, gb = Counter(k[:2] for k in exp.elements()), Counter(k[:2] for k in got.elements())
        bare[0] += sum((eb & gb).values())
        bare[1] += sum(gb.values())
        bare[2] += sum(eb.values())
        miss, extra = exp - got, got - exp
        detail = "; ".join(filter(None, [f"missing {_fmt(miss)}" if miss else "", f"extra {_fmt(extra)}" if extra else ""]))
        rows.append(f"| {'exact' if exact else 'MISS'} | `{c['id']}` | {c['family']} | {tp}/{sum(exp.values())} | {detail} |")
    out = [f"# Targets on the held-out harvest ({len(cases)} sentences)", "",
           f"`python bench/harvested_targets.py --harvest bench/harvest/{harvest.name}` — each sentence read by "
           "`extract_targets` with no document year (a document whose title names no period).", ""]
    out += family_lines(fam, "targets")
    out += micro_lines([("(value, unit, comparator, year)", full), ("(value, unit)", bare)])
    out += ["", "| | case | family | hand targets found | difference |", "|---|---|---|---|---|"] + rows
    return out


def main() -> int:
    return run(measure, HARVEST, "the harvest file (default bench/harvest/targets_1.jsonl)", __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
