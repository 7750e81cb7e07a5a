"""bench/blind_families.py: the family table of blind first-contact scores reads real score files."""

from pathlib import Path

import pytest

from bench import blind_families as bf

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_row_names_a_document_of_its_set():
    rows = bf.read_families()
    assert len(rows) >= 40
    for set_name, stem, family in rows:
        assert (FIXTURES / set_name / f"{stem}.md").is_file(), (set_name, stem)
        assert family in bf.FAMILIES


def test_table_counts_every_row_from_the_start_files():
    text = bf.table(bf.read_families(), None)
    counts = {line.split("|")[1].strip(): int(line.split("|")[2]) for line in text.splitlines()[2:]}
    assert sum(counts.values()) == len(bf.read_families())
    assert set(counts) <= set(bf.FAMILIES)


def test_a_bad_family_names_file_and_line(tmp_path):
    bad = tmp_path / "f.tsv"
    bad.write_text("# c\nreal_unseen30\tx\tmarked\nreal_unseen30\ty\tnovel\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"f\.tsv:3"):
        bf.read_families(bad)


def test_lookup_matches_names_cut_short():
    scores = {"pingtan_2016_fishing_vessel_three_level_manageme": (0.73, 0.74)}
    assert bf.lookup(scores, "pingtan_2016_fishing_vessel_three_level_management_plan") == (0.73, 0.74)
    assert bf.lookup(scores, "pingtan_2016_fishing") is None
