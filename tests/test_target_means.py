"""bench/target_means.py: the parts of a set's per-document target mean add up to the scorer's mean."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bench import target_means as tm  # noqa: E402
from real_support import DocScore  # noqa: E402


def _doc(tp: int, pred: int, gold: int) -> DocScore:
    s = DocScore("x.md")
    s.counts["targets"] = [tp, pred, gold]
    return s


def test_parts_split_clean_false_and_gold_documents():
    docs = [_doc(0, 0, 0), _doc(0, 0, 0), _doc(0, 3, 0), _doc(4, 5, 4), _doc(0, 0, 2)]
    p = tm.parts(docs)
    assert (p["docs"], p["clean"], p["false"], p["false_extras"], p["with"]) == (5, 2, 1, 3, 2)
    assert p["mean"] == pytest.approx(sum(d.f1("targets") for d in docs) / 5)
    assert p["mean"] == pytest.approx((2 * 1.0 + 0.0 + p["with_mean"] * 2) / 5)
    assert p["micro"] == pytest.approx(2 * 4 / (8 + 6))


def test_a_blind_set_is_refused(monkeypatch):
    monkeypatch.setattr("bench.blind.held_out", lambda: ("real_unseen99",))
    with pytest.raises(SystemExit, match="real_unseen99"):
        tm.main(["real_unseen99"])
