"""Held-out extraction round: documents written (with their gold) before the
extractor was run on them.  ``tests/fixtures/heldout/make.py`` generates the
files; ``expected.json`` holds, per file, each document's title, kind and
jurisdiction and per task [id, title, lead, participants, responsible,
targets as (value, unit, comparator, year)].  Run this module as a script to
print per-field precision/recall.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from extract.pipeline import extract_paths
from extract.rules import load_rules
from extract.targets import extract_targets

HERE = Path(__file__).parent / "fixtures" / "heldout"
GOLD = {k: v for k, v in json.loads((HERE / "expected.json").read_text(encoding="utf-8")).items()
        if not k.startswith("_")}
XFAIL: dict[str, str] = {}  # file -> why it is expected to fail (strict xfail)


def _num(v):
    return int(v) if v is not None and float(v).is_integer() else v


def observed(name: str) -> list[dict]:
    """The extractor's output for one file, in the shape of the gold."""
    result = extract_paths([HERE / name])
    docs = []
    for d in result.documents:
        tasks = [[t.id, t.title, [r.name for r in t.lead], [r.name for r in t.participants],
                  [r.name for r in t.responsible],
                  [[_num(x.value), x.unit, x.comparator, x.year] for x in t.targets]] for t in d.tasks]
        docs.append({"title": d.title, "kind": d.kind, "jurisdiction": d.jurisdiction, "tasks": tasks})
    return docs


def suzhou_ids(name: str) -> list[str]:
    """Ids of Suzhou's gazetteer (districts, departments) found in a file of another region."""
    out = []
    for d in extract_paths([HERE / name]).documents:
        for m in (*d.districts, *d.platforms):
            if m.id and (m.id.startswith("district.") or "suzhou" in m.id):
                out.append(m.id)
        for t in d.tasks:
            for r in (*t.lead, *t.participants, *t.responsible):
                if r.id and r.id.startswith("suzhou"):
                    out.append(r.id)
    return out


def _case(name):
    if name in XFAIL:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=XFAIL[name]))
    return name


@pytest.mark.parametrize("name", [_case(n) for n in sorted(GOLD)])
def test_heldout(name):
    assert observed(name) == GOLD[name]
    assert suzhou_ids(name) == []


@pytest.mark.parametrize("example", load_rules("targets.yaml")["list_continuation"]["examples"]
                         + load_rules("targets.yaml")["list_continuation"]["counterexamples"])
def test_list_continuation_rule(example):
    assert [t.comparator for t in extract_targets(example["text"])] == example["comparators"]


def scores() -> dict[str, tuple[int, int, int]]:
    """Per field: (true positives, predicted, gold) over all files, multisets."""
    fields = {"doc": Counter(), "task": Counter(), "title": Counter(), "lead": Counter(),
              "participants": Counter(), "responsible": Counter(), "targets": Counter()}
    out = {f: [0, 0, 0] for f in fields}

    def items(docs, fname):
        c = {f: Counter() for f in fields}
        for i, d in enumerate(docs):
            c["doc"][(fname, d["title"], d["kind"], d["jurisdiction"])] += 1
            for t in d["tasks"]:
                c["task"][(fname, i, t[0])] += 1
                c["title"][(fname, i, t[0], t[1])] += 1
                for f, k in (("lead", 2), ("participants", 3), ("responsible", 4)):
                    for n in t[k]:
                        c[f][(fname, i, t[0], n)] += 1
                for x in t[5]:
                    c["targets"][(fname, i, t[0], *x)] += 1
        return c

    for name in sorted(GOLD):
        g = items(GOLD[name], name)
        p = items(observed(name), name)
        for f in fields:
            out[f][0] += sum((g[f] & p[f]).values())
            out[f][1] += sum(p[f].values())
            out[f][2] += sum(g[f].values())
    return {f: tuple(v) for f, v in out.items()}


if __name__ == "__main__":
    for name in sorted(GOLD):
        ok = observed(name) == GOLD[name] and not suzhou_ids(name)
        print(("PASS " if ok else "FAIL ") + name)
    for f, (tp, pred, gold) in scores().items():
        print(f"{f:13s} P={tp}/{pred}={tp / pred if pred else 0:.2f} R={tp}/{gold}={tp / gold if gold else 0:.2f}")
