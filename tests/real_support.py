"""Scoring the extractor against hand-written gold for real published documents.

Gold files (``tests/fixtures/real*/gold/<stem>.json``, format in
``tests/fixtures/real/GOLD_GUIDE.md``) list each assigned task by an *anchor*: a
verbatim substring, unique in the file, at the start of the task's own text.
A gold task is matched to the smallest extracted task whose span covers the
anchor's first character (one extracted task for one gold task at most).

Measures per document, as (true positives, predicted, gold):

* ``task``: assigned tasks (at least one unit); predicted = extracted tasks with
  at least one unit.
* ``dept``: (task, role, name) triples; ``dept_any``: (task, name) ignoring role.
* ``targets``: (task, value, unit, comparator, year) with year = the target's
  year or the end of its period.

Names are compared after NFKC folding, removing white space and a trailing 等.
Run ``python tests/real_support.py [FOLDER ...]`` for the per-document table.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
ROLES = (("lead", "lead"), ("participants", "participants"), ("responsible", "responsible"))
FIELDS = ("task", "dept", "dept_any", "targets")


def fold(name: str) -> str:
    """A name in comparable form: NFKC, no white space, no trailing 等."""
    s = "".join(unicodedata.normalize("NFKC", name).split())
    for suffix in ("等单位", "等部门", "等"):
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            s = s[: -len(suffix)]
            break
    return s


def _unit(u):
    """A unit in comparable form (NFKC, as names: a full-width "％" is "%")."""
    return unicodedata.normalize("NFKC", u) if u else u


def _num(v):
    if v is None:
        return None
    v = float(v)
    return int(v) if v.is_integer() else round(v, 6)


def gold_files(folder: str) -> list[Path]:
    return sorted((FIXTURES / folder / "gold").glob("*.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def extracted(doc_path: str):
    """(original text, documents) for one file, extracted once per process."""
    from extract.pipeline import extract_text
    from extract.readers.dispatch import read_file

    raw = read_file(Path(doc_path))
    return raw.text, extract_text(raw.text, doc_path)


@dataclass
class DocScore:
    name: str
    counts: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0, 0] for f in FIELDS})
    missing_anchors: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # human-readable differences
    target_errors: list[str] = field(default_factory=list)  # target tuples missing / extra per task

    def f1(self, f: str) -> float:
        tp, pred, gold = self.counts[f]
        if pred == 0 and gold == 0:
            return 1.0
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def _multiset_add(c: list[int], g: Counter, p: Counter) -> None:
    c[0] += sum((g & p).values())
    c[1] += sum(p.values())
    c[2] += sum(g.values())


def match_tasks(folder: str, gold_path: Path, predict=None):
    """(gold, text, assigned, pairs, missing anchors) of one document: ``pairs`` lists (gold task, the extracted task
    it matched or None) in gold order, ``assigned`` the extracted tasks with at least one unit (``bench/unit_misses.py``
    reads the pairs to classify the differences inside matched tasks)."""
    gold = load_gold(gold_path)
    doc_path = FIXTURES / folder / gold["file"]
    text, docs = (predict or extracted)(str(doc_path))
    lo, hi = gold.get("score_range") or (0, len(text))  # a file that prints its text twice
    tasks = [t for d in docs for t in d.tasks if lo <= t.span[0] < hi]
    assigned = [t for t in tasks if t.lead or t.participants or t.responsible]
    used: set[int] = set()
    pairs = []  # (gold task, extracted task or None)
    missing = []
    for g in gold["tasks"]:
        pos = text.find(g["anchor"])
        lead_tags = re.match(r"(?:<[^>]*>\s*)*", g["anchor"])  # "<td>…": the cell text starts after the tag
        pos = pos + lead_tags.end() if pos >= 0 else pos
        if pos < 0:
            missing.append(g["anchor"])
            pairs.append((g, None))
            continue
        covering = [t for t in tasks if t.span[0] <= pos < t.span[1]]
        best = min(covering, key=lambda t: t.span[1] - t.span[0], default=None)
        if best is not None and id(best) in used:
            best = None
        if best is not None:
            used.add(id(best))
        pairs.append((g, best))
    return gold, text, assigned, pairs, missing


def score_file(folder: str, gold_path: Path, predict=None) -> DocScore:
    """One document's counts: the gold at ``gold_path`` against ``predict(doc_path)`` -> (text, documents), by
    default the extractor's output (``bench/gold_agreement.py`` passes a second annotator's gold instead)."""
    gold, text, assigned, pairs, missing_anchors = match_tasks(folder, gold_path, predict)
    sc = DocScore(gold["file"])
    sc.missing_anchors.extend(missing_anchors)
    c = sc.counts
    gold_assigned = [g for g in gold["tasks"] if any(g.get(r) for r, _ in ROLES)]
    c["task"][2] = len(gold_assigned)
    c["task"][1] = len(assigned)
    c["task"][0] = sum(1 for g, t in pairs if t is not None and any(g.get(r) for r, _ in ROLES)
                       and (t.lead or t.participants or t.responsible))
    matched = {id(t) for _, t in pairs if t is not None}
    for k, (g, t) in enumerate(pairs):
        gd = Counter((r, fold(n)) for r, _ in ROLES for n in g.get(r, []))
        pd = Counter((r, fold(x.name)) for r, attr in ROLES for x in (getattr(t, attr) if t else []))
        _multiset_add(c["dept"], gd, pd)
        _multiset_add(c["dept_any"], Counter(n for _, n in gd.elements()), Counter(n for _, n in pd.elements()))
        gt = Counter(tuple([_num(x[0]), _unit(x[1]), x[2], x[3]]) for x in g.get("targets", []))
        pt = Counter((_num(x.value), _unit(x.unit), x.comparator, x.year if x.year else (x.period[1] if x.period else None))
                     for x in (t.targets if t else []))
        _multiset_add(c["targets"], gt, pt)
        if gt != pt:
            where = f"{t.id}@{t.span[0]}" if t else "NO TASK"
            sc.target_errors.append(f"targets [{g['anchor']}] -> {where}: missing {sorted((gt - pt).elements(), key=str)} "
                                    f"extra {sorted((pt - gt).elements(), key=str)}")
        if gd != pd:
            where = f"{t.id}@{t.span[0]}" if t else "NO TASK"
            sc.errors.append(f"[{g['anchor']}] -> {where}: missing {sorted((gd - pd).elements())} "
                             f"extra {sorted((pd - gd).elements())}")
    for t in assigned:  # extracted assigned tasks that no gold task matched
        if id(t) not in matched:
            pd = Counter((r, fold(x.name)) for r, attr in ROLES for x in getattr(t, attr))
            _multiset_add(c["dept"], Counter(), pd)
            _multiset_add(c["dept_any"], Counter(), Counter(n for _, n in pd.elements()))
            _multiset_add(c["targets"], Counter(), Counter(range(len(t.targets))))
            if t.targets:
                sc.target_errors.append(f"targets of unmatched task {t.id}@{t.span[0]} {t.title[:20]!r}: extra "
                                        f"{[(_num(x.value), x.unit, x.comparator, x.year or (x.period[1] if x.period else None)) for x in t.targets]}")
            sc.errors.append(f"unmatched extracted task {t.id}@{t.span[0]} {t.title[:20]!r}: "
                             f"{sorted(pd.elements())}")
    return sc


def score_folder(folder: str) -> list[DocScore]:
    return [score_file(folder, p) for p in gold_files(folder)]


def report(folder: str, verbose: bool = False) -> None:
    scores = score_folder(folder)
    print(f"{'document':48s} " + " ".join(f"{f:>9s}" for f in FIELDS))
    tot = {f: [0, 0, 0] for f in FIELDS}
    for s in scores:
        print(f"{s.name[:48]:48s} " + " ".join(f"{s.f1(f):9.2f}" for f in FIELDS)
              + (f"  (anchors not found: {len(s.missing_anchors)})" if s.missing_anchors else ""))
        for f in FIELDS:
            for i in range(3):
                tot[f][i] += s.counts[f][i]
        if verbose:
            for e in s.errors + s.target_errors:
                print("    " + e)
    if scores:
        mean = {f: sum(s.f1(f) for s in scores) / len(scores) for f in FIELDS}
        print(f"{'mean per-document F1':48s} " + " ".join(f"{mean[f]:9.2f}" for f in FIELDS))
        for f in FIELDS:
            tp, pred, gold = tot[f]
            print(f"  {f:9s} micro P={tp}/{pred}={tp / pred if pred else 0:.3f} R={tp}/{gold}={tp / gold if gold else 0:.3f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    import runpy
    blind = runpy.run_path(str(Path(__file__).resolve().parents[1] / "bench" / "blind.py"))["held_out"]()
    if "--held-out" not in sys.argv and set(args) & set(blind):
        sys.exit(f"tests/fixtures/BLIND_SETS.txt names {', '.join(sorted(set(args) & set(blind)))} as blind: "
                 "only the lead's held-out measurement scores it (--held-out)")
    for folder in args or ["real"]:
        print(f"== {folder}")
        report(folder, verbose="-v" in sys.argv)
