"""What the per-document target F1 mean of ``tests/real_support.py`` is made of, per gold set.

``DocScore.f1`` gives a document with no gold target and no extracted target 1.0 (0/0), and a document with
no gold target but any extracted target 0.0, however many: so a set's mean target F1 counts, for most
documents, only whether a document without targets stayed clean.  This prints, per set, beside the
scorer's mean and micro F1 (unchanged), the parts of that mean:

* ``clean``: documents with no gold target and none extracted (1.0 each),
* ``false``: documents with no gold target and some extracted (0.0 each), and the extras they hold,
* ``with``: documents whose gold has targets, and their mean F1 (the quality of target reading where
  there is something to read),
* ``micro``: the set's micro F1 over target tuples.

    python bench/target_means.py $(cd tests/fixtures && ls -d real real_unseen* | grep -vxFf BLIND_SETS.txt)

Blind sets (``tests/fixtures/BLIND_SETS.txt``) are refused, as by the scorer.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def parts(scores) -> dict:
    """The parts of one set's per-document target mean (``scores``: ``DocScore`` list)."""
    rows = [tuple(s.counts["targets"]) + (s.f1("targets"),) for s in scores]
    clean = [r for r in rows if r[1] == 0 and r[2] == 0]
    false = [r for r in rows if r[1] > 0 and r[2] == 0]
    with_gold = [r for r in rows if r[2] > 0]
    tp, pred, gold = (sum(r[i] for r in rows) for i in range(3))
    return {
        "docs": len(rows),
        "mean": sum(r[3] for r in rows) / len(rows) if rows else 1.0,
        "clean": len(clean),
        "false": len(false),
        "false_extras": sum(r[1] for r in false),
        "with": len(with_gold),
        "with_mean": sum(r[3] for r in with_gold) / len(with_gold) if with_gold else None,
        "micro": 2 * tp / (pred + gold) if pred + gold else 1.0,
    }


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    from bench.blind import held_out
    import real_support

    blind = set(argv) & set(held_out())
    if blind:
        sys.exit(f"tests/fixtures/BLIND_SETS.txt names {', '.join(sorted(blind))} as blind")
    print("| set | docs | mean | clean (1.0) | false (0.0): extras | with gold: mean | micro |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    total = []
    for folder in argv:
        scores = real_support.score_folder(folder)
        total += scores
        p = parts(scores)
        wm = f"{p['with_mean']:.3f}" if p["with_mean"] is not None else "—"
        print(f"| {folder} | {p['docs']} | {p['mean']:.3f} | {p['clean']} | {p['false']}: {p['false_extras']} | "
              f"{p['with']}: {wm} | {p['micro']:.3f} |")
    p = parts(total)
    print(f"| all | {p['docs']} | {p['mean']:.3f} | {p['clean']} | {p['false']}: {p['false_extras']} | "
          f"{p['with']}: {p['with_mean']:.3f} | {p['micro']:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
