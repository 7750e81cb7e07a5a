"""bench/family_cv.py: the check half of released blind documents is disjoint from the dev half and printed as means."""

import pytest

from bench import family_cv as cv
from bench.blind import held_out


def test_halves_split_by_set_number_and_skip_blind_sets():
    dev, check = cv.halves()
    assert dev and check and not set(dev) & set(check)
    assert all(int(s.removeprefix("real_unseen")) % 2 == 1 for s, _ in check)
    assert all(int(s.removeprefix("real_unseen")) % 2 == 0 for s, _ in dev)
    assert not {s for s, _ in [*dev, *check]} & set(held_out())


def test_open_sets_leave_out_blind_sets():
    folders = cv.open_sets()
    assert folders[0] == "real" and "real_unseen30" in folders
    assert not set(folders) & set(held_out())


def test_check_report_names_no_document():
    text = cv.check_report()
    _, check = cv.halves()
    assert text.splitlines()[0].startswith("| check half | documents |")
    assert not any(stem in text for _, stem in check)
    rows = {line.split("|")[1].strip(): int(line.split("|")[2]) for line in text.splitlines()[2:]}
    assert rows["all"] == len(check)


def test_dev_report_leaves_out_the_check_half():
    text = cv.dev_report("prose", verbose=False)
    _, check = cv.halves()
    assert "== " in text
    assert not any(stem in text for _, stem in check)


def test_check_refuses_differences(monkeypatch):
    monkeypatch.setattr("sys.argv", ["family_cv.py", "check", "-v"])
    with pytest.raises(SystemExit, match="family means only"):
        cv.main()
