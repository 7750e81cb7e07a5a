"""bench/gold_agreement.py: a second annotator's gold scored in the extractor's place.

The adapter is checked on every gold file of every set: a gold scored against itself agrees fully (every task
found, every unit with its role, every target), and a gold with one unit's role changed and one task dropped
scores below 1 exactly where it should.  The second golds under ``tests/fixtures/agreement`` are well formed.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest

from bench import gold_agreement as agreement

rs = agreement.rs
GOLDS = sorted(p for p in rs.FIXTURES.glob("real*/gold/*.json"))


def _score(gold_path: Path, second: dict) -> "rs.DocScore":
    folder = gold_path.parent.parent.name
    return rs.score_file(folder, gold_path,
                         predict=lambda path: agreement.gold_as_prediction(second, Path(path).read_text(encoding="utf-8")))


@pytest.mark.parametrize("gold_path", GOLDS, ids=[f"{p.parent.parent.name}/{p.stem}" for p in GOLDS])
def test_a_gold_agrees_with_itself(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    sc = _score(gold_path, gold)
    assert not sc.missing_anchors
    assert all(sc.f1(f) == 1.0 for f in rs.FIELDS), (sc.counts, sc.errors[:3])


def test_a_changed_role_and_a_dropped_task_are_counted():
    gold_path = rs.FIXTURES / "real_unseen24" / "gold"
    gold_path = sorted(gold_path.glob("*.json"))[0]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    second = copy.deepcopy(gold)
    tasks = [t for t in second["tasks"] if t["responsible"] or t["lead"] or t["participants"]]
    first, last = tasks[0], tasks[-1]
    role = next(r for r in ("lead", "participants", "responsible") if first[r])
    other = "participants" if role != "participants" else "lead"
    first[other].append(first[role].pop(0))
    second["tasks"].remove(last)
    sc = _score(gold_path, second)
    tp, pred, gd = sc.counts["dept"]
    n_last = sum(len(last[r]) for r in ("lead", "participants", "responsible"))
    assert (gd - tp) == 1 + n_last and pred == gd - n_last
    assert sc.counts["dept_any"][0] == gd - n_last
    assert sc.counts["task"][1] == sc.counts["task"][2] - 1


def test_second_golds_are_well_formed():
    folder = rs.FIXTURES / "agreement"
    spec = importlib.util.spec_from_file_location("check_gold", rs.FIXTURES / "check_gold.py")
    check_gold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_gold)
    seconds = sorted((folder / "gold").glob("*.json"))
    assert seconds
    for second in seconds:
        problems, (tasks, _, _) = check_gold.check_file(second, folder)
        assert problems == [] and tasks > 0, (second.name, problems)
        assert (folder / second.stem).with_suffix(".md").read_bytes() == next(
            rs.FIXTURES.glob(f"real*/{second.stem}.md")).read_bytes()
