"""Shared by the held-out rounds (tests/test_heldout*.py): gold loading, the
extractor's output in the gold's shape, the "no Suzhou ids in another region"
check, and per-field precision/recall for the rounds' ``__main__`` scripts.

Two gold shapes exist: round 1 ("basic": per task [id, title, lead,
participants, responsible, targets]) and later rounds ("full": documents also
carry part_of and indicator rows; per task [id, section, title, lead,
participants, responsible, targets]).  Targets are (value, unit, comparator, year).
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from extract.pipeline import extract_paths

FIXTURES = Path(__file__).parent / "fixtures"
ROLES = ("lead", "participants", "responsible")


def load_gold(folder: str) -> dict:
    data = json.loads((FIXTURES / folder / "expected.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def cases(gold: dict, xfail: dict[str, str]) -> list:
    """File names as pytest params; those in ``xfail`` are strict xfails with their reason."""
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=xfail[n])) if n in xfail else n
            for n in sorted(gold)]


@lru_cache(maxsize=None)
def _documents(folder: str, name: str):
    return extract_paths([FIXTURES / folder / name]).documents


def _num(v):
    return int(v) if v is not None and float(v).is_integer() else v


def observed(folder: str, name: str, shape: str = "full") -> list[dict]:
    """The extractor's output for one file, in the shape of the gold."""
    docs = _documents(folder, name)
    index = {d.id: i for i, d in enumerate(docs)}
    out = []
    for d in docs:
        tasks = []
        for t in d.tasks:
            row = [t.id] + ([t.section] if shape == "full" else []) + [t.title]
            row += [[r.name for r in getattr(t, role)] for role in ROLES]
            row.append([[_num(x.value), x.unit, x.comparator, x.year] for x in t.targets])
            tasks.append(row)
        doc = {"title": d.title, "kind": d.kind, "jurisdiction": d.jurisdiction}
        if shape == "full":
            doc["part_of"] = index.get(d.part_of) if d.part_of else None
            doc["indicators"] = [[x.indicator, _num(x.value), x.unit, x.comparator, x.year] for x in d.targets]
        out.append(dict(doc, tasks=tasks))
    return out


def suzhou_ids(folder: str, name: str) -> list[str]:
    """Ids of Suzhou's gazetteer (districts, departments) found in a file of another region."""
    from extract.entities import places

    # Suzhou's entries by their region (extract/entities/regions.py), not by id prefix: another
    # city's regional gazetteer (district.hz_*) is not Suzhou's
    suzhou = {e.id for kind in ("district", "place", "platform")
              for e in places._gazetteer(kind)[1].values() if e.region == "suzhou"}
    out = []
    for d in _documents(folder, name):
        out += [m.id for m in (*d.districts, *d.platforms)
                if m.id and (m.id in suzhou or "suzhou" in m.id)]
        out += [r.id for t in d.tasks for role in ROLES for r in getattr(t, role)
                if r.id and r.id.startswith("suzhou")]
    return out


def _items(docs: list[dict], fname: str, shape: str) -> dict[str, Counter]:
    c: dict[str, Counter] = {}

    def add(field, key):
        c.setdefault(field, Counter())[key] += 1

    off = 1 if shape == "full" else 0
    for i, d in enumerate(docs):
        add("doc", (fname, d["title"], d["kind"], d["jurisdiction"], d.get("part_of")))
        for x in d.get("indicators", []):
            add("indicators", (fname, i, *x))
        for t in d["tasks"]:
            add("task", (fname, i, t[0]))
            if shape == "full":
                add("section", (fname, i, t[0], t[1]))
            add("title", (fname, i, t[0], t[1 + off]))
            for k, role in enumerate(ROLES):
                for n in t[2 + off + k]:
                    add(role, (fname, i, t[0], n))
            for x in t[5 + off]:
                add("targets", (fname, i, t[0], *x))
    return c


def scores(folder: str, gold: dict, shape: str = "full") -> dict[str, tuple[int, int, int]]:
    """Per field: (true positives, predicted, gold) over all files, as multisets."""
    out: dict[str, list[int]] = {}
    for name in sorted(gold):
        g, p = _items(gold[name], name, shape), _items(observed(folder, name, shape), name, shape)
        for f in set(g) | set(p):
            gf, pf = g.get(f, Counter()), p.get(f, Counter())
            acc = out.setdefault(f, [0, 0, 0])
            acc[0] += sum((gf & pf).values())
            acc[1] += sum(pf.values())
            acc[2] += sum(gf.values())
    return {f: tuple(v) for f, v in out.items()}


def report(folder: str, gold: dict, shape: str = "full") -> None:
    """Print PASS/FAIL per file and per-field precision/recall."""
    for name in sorted(gold):
        ok = observed(folder, name, shape) == gold[name] and not suzhou_ids(folder, name)
        print(("PASS " if ok else "FAIL ") + name)
    for f, (tp, pred, total) in sorted(scores(folder, gold, shape).items()):
        print(f"{f:13s} P={tp}/{pred}={tp / pred if pred else 0:.2f} R={tp}/{total}={tp / total if total else 0:.2f}")
