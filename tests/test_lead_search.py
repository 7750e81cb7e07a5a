"""lead_search must give exactly what the pattern's own search gives (spans and groups), and keep
the pattern as it is where its shape does not allow the skip."""

from __future__ import annotations

import random
import re
import runpy
from pathlib import Path

import pytest

from extract.rules.loader import load_rules
from extract.structure.documents import _compiled
from extract.structure.lead_search import LeadSearch, lead_search

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
readable = runpy.run_path(str(ROOT / "bench" / "blind.py"))["readable"]
SIGNATURE = load_rules("structure.yaml")["date"]["signature"]


def _seen(m):
    return m and (m.span(), m.groups(), m.groupdict())


def _texts() -> list[str]:
    files = readable(sorted(FIXTURES.rglob("*.md")))  # (blind sets and their copies: never read)
    return [p.read_text(encoding="utf-8") for p in files] + [(ROOT / "data" / "suzhou_2022_01.md").read_text(encoding="utf-8")]


def test_the_signature_is_searched_from_its_date():
    assert isinstance(_compiled()["signature"], LeadSearch)


def test_every_signature_of_the_fixtures_is_found_the_same():
    fast, plain = lead_search(re.compile(SIGNATURE, re.M)), re.compile(SIGNATURE, re.M)
    found = 0
    for text in _texts():
        pos = 0
        while True:  # every match in turn, then windows that start and end anywhere
            m = fast.search(text, pos, len(text))
            assert _seen(m) == _seen(plain.search(text, pos, len(text)))
            if m is None:
                break
            found, pos = found + 1, m.start() + 1
        for start in range(0, len(text), max(1, len(text) // 40)):
            end = start + 3000
            assert _seen(fast.search(text, start, end)) == _seen(plain.search(text, start, end))
    assert found > 100


def test_random_texts_of_the_signature_s_characters_are_searched_the_same():
    fast, plain = lead_search(re.compile(SIGNATURE, re.M)), re.compile(SIGNATURE, re.M)
    rnd = random.Random(12)
    pieces = list("政府公厅室员会委工局院办 \t\u3000\n年月日（(《1920345中文x") + ["2023", "年", "12", "月", "日"]

    def noise() -> str:
        return "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))

    matched = 0
    for _ in range(20000):
        gap = lambda: rnd.choice(["", "", " ", "\n"])  # noqa: E731
        date = f"{rnd.choice(['2023', '1999', '1899', '20'])}{gap()}年{gap()}{rnd.randint(1, 12)}{gap()}月{rnd.randint(1, 31)}日"
        text = (noise() + rnd.choice(["", "局", "政府", "\n", "x", "员会"]) + rnd.choice(["", " ", "\u3000", "\t "])
                + date + rnd.choice(["", "\n", "（", "中", " ", "x", "2", " (", "《"]) + noise())
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text) + 2)
        m = fast.search(text, start, end)
        assert _seen(m) == _seen(plain.search(text, start, end)), (text, start, end)
        matched += m is not None
    assert matched > 50
    assert _seen(fast.search("局\u3000 2023年3月2日\n", 1)) == (((1, 12), ("2023", "3", "2"),
                                                               {"y": "2023", "m": "3", "d": "2"}))
    assert fast.search("局\u3000 2023年3月2日\n", 2) is None  # the lookbehind holds only at 1


def test_a_pattern_behind_a_lookbehind_is_searched_from_its_first_word():
    """The glued tables' bare header: ``(?<!序号)(words…)``, no run; every match and window the same."""
    from extract.structure.tables.glued import _rules

    fast = _rules()["header_bare"]
    assert isinstance(fast, LeadSearch) and fast.run is None
    plain = fast.rx
    found = 0
    for text in _texts() + ["序号工作任务责任单位完成时限", "x序号工作任务责任单位完成时限 工作任务责任单位完成时限"]:
        pos = 0
        while True:
            m = fast.search(text, pos)
            assert _seen(m) == _seen(plain.search(text, pos))
            if m is None:
                break
            found, pos = found + 1, m.start() + 1
    assert found >= 10


@pytest.mark.parametrize("pattern", [
    r"[ \t]*(?P<y>[0-9]{4})年",  # the rest has no first-character skip of its own ({4} of a range)
    r"(?:^|(?<=局))[0-9 ]*[0-9]{4}年",  # the rest starts inside the class
    r"(?:^|(?<=局)|x)[ ]*[0-9]{4}年",  # the opening consumes a character
    r"(?:^|(?<=局))[ ]*?(?:19|20)年",  # a lazy run
    r"(?:^|(?P<g>(?<=局)))[ ]*(?:19|20)年",  # a group in the opening: not only zero-width tests
    r"(?:^|(?<=局))[ ]*.年",  # the rest may start with anything
    r"(?<=(局))(?:19|20)\1",  # the rest refers back to a group
    r"(?:19|20)年",  # nothing to skip: the engine does it
])
def test_other_shapes_are_left_as_they_are(pattern):
    rx = re.compile(pattern, re.M)
    assert lead_search(rx) is rx


def test_a_skip_without_an_opening_run_or_with_one_finds_what_search_finds():
    for pattern, text in [(r"(?<!序号)(?:甲|乙)丙", "序号甲丙 乙丙甲丙"), (r"(?:^|(?<=局))[ ]*(?:19|20)年", "局 20年\n 19年 x20年"),
                          (r"(?<=[局厅])[ \u3000]*(?P<n>甲|乙)[甲乙]*", "甲局\u3000 甲乙厅乙")]:
        rx = re.compile(pattern, re.M)
        fast = lead_search(rx)
        assert isinstance(fast, LeadSearch)
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 2):
                assert _seen(fast.search(text, start, end)) == _seen(rx.search(text, start, end)), (pattern, start, end)


def test_finditer_gives_the_pattern_s_own_matches():
    from extract.structure.tables.glued import _rules

    fast = _rules()["header_bare"]
    texts = _texts() + ["工作任务责任单位完成时限工作任务责任单位完成时限 序号工作任务责任单位完成时限"]
    found = 0
    for text in texts:
        mine = [_seen(m) for m in fast.finditer(text)]
        assert mine == [_seen(m) for m in fast.rx.finditer(text)]
        found += len(mine)
    assert found >= 5
    signature = lead_search(re.compile(SIGNATURE, re.M))
    for text in texts[:40]:
        assert [_seen(m) for m in signature.finditer(text, 5)] == [_seen(m) for m in re.compile(SIGNATURE, re.M).finditer(text, 5)]


def test_a_pattern_that_may_match_nothing_is_left_as_it_is():
    rx = re.compile(r"(?<=局)(?:19|20)?")
    assert lead_search(rx) is rx
