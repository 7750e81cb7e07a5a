"""Fifth held-out extraction round: a ministry 部门规章 (第X章/第X条, organs
named with 负责), an annex with 1.1/2.1 items under 一、 and "（牵头部门：…；
责任部门：…）", a city 责任清单 printed to PDF from an HTML table, a Chongqing
plan naming 区县 and 乡镇, a Tianjin notice with a task annex, a contact table
and a blank form, and targets written as ranges and approximations.

``tests/fixtures/heldout5/make.py`` generates the files; ``expected.json``
(written by hand before the extractor ran; its ``_conventions`` say how the
doubtful cases were decided) holds per file each document's title, kind,
jurisdiction, part_of (index of the parent in the file), indicator-table rows
and per task [id, section, title, lead, participants, responsible, targets as
(value, unit, comparator, year)].  Run this module as a script to print
per-field precision/recall.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

if __name__ == "__main__":  # run as a script: this checkout's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.pipeline import extract_paths

HERE = Path(__file__).parent / "fixtures" / "heldout5"
GOLD = {k: v for k, v in json.loads((HERE / "expected.json").read_text(encoding="utf-8")).items()
        if not k.startswith("_")}
XFAIL: dict[str, str] = {  # file -> why it is expected to fail (strict xfail)
}


def _num(v):
    return int(v) if v is not None and float(v).is_integer() else v


def observed(name: str) -> list[dict]:
    """The extractor's output for one file, in the shape of the gold."""
    docs = extract_paths([HERE / name]).documents
    index = {d.id: i for i, d in enumerate(docs)}
    out = []
    for d in docs:
        tasks = [[t.id, t.section, t.title, [r.name for r in t.lead], [r.name for r in t.participants],
                  [r.name for r in t.responsible],
                  [[_num(x.value), x.unit, x.comparator, x.year] for x in t.targets]] for t in d.tasks]
        indicators = [[x.indicator, _num(x.value), x.unit, x.comparator, x.year]
                      for x in getattr(d, "targets", [])]
        out.append({"title": d.title, "kind": d.kind, "jurisdiction": d.jurisdiction,
                    "part_of": index.get(d.part_of) if d.part_of else None,
                    "indicators": indicators, "tasks": tasks})
    return out


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
def test_heldout5(name):
    assert (observed(name), suzhou_ids(name)) == (GOLD[name], [])


FIELDS = ("doc", "task", "section", "title", "lead", "participants", "responsible", "targets", "indicators")


def _items(docs, fname) -> dict[str, Counter]:
    c = {f: Counter() for f in FIELDS}
    for i, d in enumerate(docs):
        c["doc"][(fname, d["title"], d["kind"], d["jurisdiction"], d["part_of"])] += 1
        for x in d["indicators"]:
            c["indicators"][(fname, i, *x)] += 1
        for t in d["tasks"]:
            c["task"][(fname, i, t[0])] += 1
            c["section"][(fname, i, t[0], t[1])] += 1
            c["title"][(fname, i, t[0], t[2])] += 1
            for f, k in (("lead", 3), ("participants", 4), ("responsible", 5)):
                for n in t[k]:
                    c[f][(fname, i, t[0], n)] += 1
            for x in t[6]:
                c["targets"][(fname, i, t[0], *x)] += 1
    return c


def scores() -> dict[str, tuple[int, int, int]]:
    """Per field: (true positives, predicted, gold) over all files, multisets."""
    out = {f: [0, 0, 0] for f in FIELDS}
    for name in sorted(GOLD):
        g, p = _items(GOLD[name], name), _items(observed(name), name)
        for f in FIELDS:
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
