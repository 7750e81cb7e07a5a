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

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HARVEST = ROOT / "bench" / "harvest" / "targets_1.jsonl"


def _key(value, unit, comparator, year) -> tuple:
    from tests.real_support import _num, _unit

    return (_num(value), _unit(unit), comparator, year)


def read_sentence(text: str) -> Counter:
    """The (value, unit, comparator, year) multiset the target reader finds in ``text``."""
    from extract.entities.targets import extract_targets

    return Counter(_key(t.value, t.unit, t.comparator, t.year if t.year else (t.period[1] if t.period else None))
                   for t in extract_targets(text))


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


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
           "`extract_targets` with no document year (a document whose title names no period).", "",
           "| family | cases | exact | targets found / hand | extra targets |", "|---|---|---|---|---|"]
    tot = [0, 0, 0, 0, 0]
    for k in sorted(fam):
        f = fam[k]
        tot = [a + b for a, b in zip(tot, f)]
        out.append(f"| {k} | {f[0]} | {f[1]} | {f[2]}/{f[3]} | {f[4]} |")
    out.append(f"| **all** | {tot[0]} | **{tot[1]}** | {tot[2]}/{tot[3]} | {tot[4]} |")
    out.append("")
    for label, c in (("(value, unit, comparator, year)", full), ("(value, unit)", bare)):
        p, r, f1 = _prf(*c)
        out.append(f"- micro {label}: P {p:.3f} ({c[0]}/{c[1]}), R {r:.3f} ({c[0]}/{c[2]}), F1 **{f1:.3f}**")
    out += ["", "| | case | family | hand targets found | difference |", "|---|---|---|---|---|"] + rows
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", help="also write the report to this markdown file")
    ap.add_argument("--harvest", type=Path, default=HARVEST, help="the harvest file (default bench/harvest/targets_1.jsonl)")
    args = ap.parse_args()
    text = "\n".join(measure(args.harvest)) + "\n"
    print(text, end="")
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
