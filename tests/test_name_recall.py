"""bench/name_recall.py: the transfer measure of unit-name recognition, on a real set's gold (no extractor run)."""

from __future__ import annotations

from bench import name_recall
from extract.entities import departments
from extract.entities.unit_shape import is_unit_name, looks_like_shape


def test_counts_of_a_real_set_are_consistent():
    docs = name_recall.load_docs(["real_unseen15"], harvests=())
    assert {d.set for d in docs} == {"real_unseen15"} and len(docs) == 2
    result = name_recall.measure(docs, extract=False, others=[])
    row = result["sets"]["real_unseen15"]
    assert row["names"] + row["absent"] == sum(len(d.names) for d in docs)
    assert row["names"] > 0
    assert row["generic"] <= row["loso"] <= row["full"] <= row["names"]
    assert result["total"] == {**row, "extracted": 0}
    assert row["organ_generic"] <= row["organ"] <= row["names"]


def test_leaving_names_out_is_undone():
    """An enumerated name the shape rules do not know is refused while it is left out, and known again after."""
    assert is_unit_name("中共中央") and not looks_like_shape("中共中央")
    try:
        name_recall.left_out(["中共中央"])
        assert not name_recall.accepts("中共中央")
        assert name_recall.accepts("区经发局")  # a name of the regular shape needs no list
    finally:
        name_recall.left_out(())
    assert name_recall.accepts("中共中央") and departments.resolve("中共中央") is not None


def test_a_name_only_one_set_holds_is_left_out_for_that_set():
    one = name_recall.Doc("a", "a.md", "", "市发改委负责。", ("市发改委",))
    two = name_recall.Doc("b", "b.md", "", "区科技局负责。", ("区科技局",))
    only = name_recall.only_needed_by([one, two], frozenset({"市发改委", "科技部"}), ["科技部牵头"])
    assert only == {"a": frozenset({"市发改委"})}
