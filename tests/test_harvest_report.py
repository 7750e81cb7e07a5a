"""bench/harvest_report.py: the report pieces both harvest scorers print (exact values)."""

from bench.harvest_report import family_lines, micro_lines, prf


def test_prf_counts_an_empty_side_as_perfect():
    assert prf(3, 4, 6) == (0.75, 0.5, 0.6)
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 2, 0) == (0.0, 1.0, 0.0)


def test_family_table_and_micro_lines():
    lines = family_lines({"b": [2, 1, 3, 4, 1], "a": [1, 1, 2, 2, 0]}, "units")
    assert lines == ["| family | cases | exact | units found / hand | extra units |", "|---|---|---|---|---|",
                     "| a | 1 | 1 | 2/2 | 0 |", "| b | 2 | 1 | 3/4 | 1 |", "| **all** | 3 | **2** | 5/6 | 1 |", ""]
    assert micro_lines([("(role, unit)", [3, 4, 6])]) == [
        "- micro (role, unit): P 0.750 (3/4), R 0.500 (3/6), F1 **0.600**"]
