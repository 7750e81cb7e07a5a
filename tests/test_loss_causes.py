"""bench/loss_causes.py: every gold triple lands in exactly one class; blind sets need --held-out."""

import pytest

from bench import loss_causes as lc
from bench.blind import held_out

import real_support as rs


def test_every_gold_triple_is_counted_once():
    found = lc.causes(["real_unseen30"])
    gold = sum(len(t.get(r, [])) for p in rs.gold_files("real_unseen30") for t in rs.load_gold(p)["tasks"]
               for r, _ in rs.ROLES)
    counted = sum(c[k] for c in found.values()
                  for k in ("hit", "wrong role", "unit missed", "task found, no units", "task not found"))
    assert counted == gold
    assert all(set(c) <= set(lc.CLASSES) for c in found.values())


def test_table_prints_counts_only():
    text = lc.table(lc.causes(["real_unseen30"]))
    assert text.splitlines()[0].startswith("| family | gold triples | hit |")
    assert ".md" not in text


def test_a_blind_set_needs_held_out(monkeypatch):
    blind = held_out()
    if not blind:
        pytest.skip("no blind set listed")
    monkeypatch.setattr("sys.argv", ["loss_causes.py", blind[0]])
    with pytest.raises(SystemExit, match="--held-out"):
        lc.main()
