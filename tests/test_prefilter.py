"""extract.structure.prefilter: the literals every match needs, and patterns behind that check
answering exactly as the patterns do (on every clause of the tuning fixtures)."""

from __future__ import annotations

import random
import re
import runpy
from pathlib import Path

import pytest

from extract.entities.unit_lists import CLOSE, OPEN, split_top
from extract.structure.prefilter import Prefiltered, first_chars, needed_literals, prefiltered
from extract.structure.prose_rules import rules as prose_rules

FIXTURES = Path(__file__).parent / "fixtures"
#: Blind sets (tests/fixtures/BLIND_SETS.txt) and copies of their documents are never read.
readable = runpy.run_path(str(FIXTURES.parents[1] / "bench" / "blind.py"))["readable"]


@pytest.mark.parametrize("pattern, needs", [
    ("abc", {"abc"}),
    ("由(?P<x>.{2,9}?)负责", {"负责"}),  # the longer literal is the more selective
    ("^(?:x)?(?P<v>负责(?!解释)|承担|按职责负责)", {"负责", "承担"}),  # 按职责负责 holds 负责
    ("a(?=会同)", {"会同"}),  # a lookahead's text is in the string too
    ("(?<=政府)年", {"政府"}),
    ("(?!会同)x", {"x"}),
    ("[甲乙]+", {"甲", "乙"}),
    ("x?y*", None),  # may match the empty string
    ("[^，]{2,5}", None),
    ("(?i)abc", None),  # case-insensitive: no plain literal
    ("a|.", None),
    ("(?:会同|联合)?(?P<list>.+)", None),
])
def test_needed_literals(pattern, needs):
    got = needed_literals(pattern)
    assert (set(got) if got is not None else None) == needs


def test_without_a_needed_literal_the_pattern_itself_is_returned():
    rx = re.compile(r"[^，,]{2,40}?(?:局|委)?")
    assert prefiltered(rx) is rx


def test_prefiltered_keeps_the_pattern_interface():
    rx = re.compile(r"^(?P<list>[^，]{2,20}?)(?P<verb>牵头|负责)")
    p = prefiltered(rx)
    assert isinstance(p, Prefiltered)
    assert p.groupindex == rx.groupindex and p.pattern == rx.pattern
    m = p.match("市科技局牵头，市财政局配合")
    assert (m["list"], m["verb"]) == ("市科技局", "牵头")
    assert p.match("市科技局研究制定") is None
    assert p.search("由市科技局负责", 1) is None  # ^ anchors at the string's start, as in the pattern
    q = prefiltered(re.compile(r"(?P<list>[^，由]{2,20}?)负责"))
    assert q.search("由市科技局负责", 1).group() == "市科技局负责" and q.search("由市科技局牵头") is None
    assert p.match("市科技局负责", 0, 4) is None  # endpos as the pattern's
    assert [m.group() for m in p.finditer("甲局牵头，乙局负责")] == ["甲局牵头"]  # other methods: the pattern's


def _clauses() -> list[str]:
    out = []
    for path in readable(sorted(FIXTURES.rglob("*.md"))):
        text = path.read_text(encoding="utf-8", errors="replace")
        out.extend(c.strip() for c, _ in split_top(text, 0, "，,。；;！!？?\n") if c.strip())
    return out


def test_prose_rules_answer_as_their_patterns_on_every_fixture_clause():
    clauses = _clauses()
    assert len(clauses) > 20_000
    checked = 0
    for name, p in prose_rules().items():
        if not isinstance(p, Prefiltered):
            continue
        for c in clauses:
            for pos in (0, 2):
                got, want = p.match(c, pos), p.rx.match(c, pos)
                assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (name, c)
            got, want = p.search(c), p.rx.search(c)
            assert (got and got.span()) == (want and want.span()), (name, c)
        checked += 1
    assert checked >= 20  # the clause rules (with, role, duty, role_duty, by, subject, …) are filtered


def _split_top_by_characters(s: str, offset: int, seps: str) -> list[tuple[str, int]]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            out.append((s[start:i], offset + start))
            start = i + 1
    out.append((s[start:], offset + start))
    return out


def test_split_top_as_a_walk_over_every_character():
    rnd = random.Random(12)
    alphabet = OPEN + CLOSE + "，,。；;！!？?\n、/市局 ]\\^-"
    for _ in range(20_000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24)))
        seps = "".join(rnd.sample("，,。；;！!？?\n、/]\\^-（", rnd.randint(0, 6)))
        assert split_top(s, 7, seps) == _split_top_by_characters(s, 7, seps), (s, seps)


@pytest.mark.parametrize("pattern, needs", [
    (r"^(?P<list>[^，]{2,20}?)牵头", 1), (r"^(?P<list>[^，]{2,20}?)(?:牵头|负责)", 2),
    (r"^(?P<list>[^，]{2,20}?)(?:牵头|负责|配合)", 3)])
def test_one_two_or_more_needed_literals_answer_as_the_pattern(pattern, needs):
    rx = re.compile(pattern)
    p = prefiltered(rx)
    assert len(p.needs) == needs
    for s in ["市科技局牵头", "市科技局负责", "市科技局配合", "市科技局参与", "牵头", "市局，牵头", "负责牵头"]:
        for pos in range(3):
            for name in ("match", "search", "fullmatch"):
                a, b = getattr(p, name)(s, pos), getattr(rx, name)(s, pos)
                assert (a and a.span()) == (b and b.span()), (s, pos, name)


def test_a_pattern_needing_many_literals_is_checked_and_answers_as_the_pattern():
    """Up to 32 needed literals (rule prose.acts needs 30) the pattern stands behind its check (one trie scan)."""
    verbs = [chr(0x4e00 + 7 * i) + chr(0x4e01 + 7 * i) for i in range(30)]
    rx = re.compile(r"^(?P<list>[^，,。]{2,20}?)(?:" + "|".join(verbs) + ")")
    p = prefiltered(rx)
    assert isinstance(p, Prefiltered) and len(p.needs) == 30
    for s in ["市财政局" + verbs[17] + "资金", "市财政局安排资金", verbs[3] + "市局" + verbs[29], "", "甲乙，" + verbs[0]]:
        for name in ("match", "search", "fullmatch"):
            got, want = getattr(p, name)(s), getattr(rx, name)(s)
            assert (got and got.span()) == (want and want.span())


@pytest.mark.parametrize("pattern, first", [
    ("^(?:关于|对于|针对)", {"关", "对", "针"}),
    ("^(?:要|应当)?(?:分别|共同)?(?P<verb>负责|牵头)", {"要", "应", "分", "共", "负", "牵"}),  # optional parts: the next
    (r"(?=会同)会|\b[甲乙]+", {"会", "甲", "乙"}),  # lookarounds and anchors hold no character of the match
    ("x?y*", None),  # may match the empty string
    ("^(?![本该此])(?P<list>[^，]{2,3})", None),  # a negated class: any character
    ("(?i)abc", None),
])
def test_first_chars(pattern, first):
    got = first_chars(pattern)
    assert (set(got) if got is not None else None) == first


def test_a_pattern_checked_by_its_first_character_answers_as_the_pattern():
    """match/fullmatch look at the character a match would start with (any pos, endpos, a negative pos);
    search is not checked by it."""
    rx = re.compile(r"^(?:各有关|有关)?(?:部门|单位)(?P<verb>负责|牵头)?")
    p = prefiltered(rx)
    assert isinstance(p, Prefiltered) and set(p.first) == {"各", "有", "部", "单"}
    for s in ["各有关部门负责", "部门牵头", "有关单位", "市部门", "", "各", "单位负责，部门"]:
        for pos in (-3, -1, 0, 1, 2, 40):
            for endpos in (None, 0, 2, 4):
                for name in ("match", "fullmatch", "search"):
                    args = (s, pos) if endpos is None else (s, pos, endpos)
                    a, b = getattr(p, name)(*args), getattr(rx, name)(*args)
                    assert (a and a.span()) == (b and b.span()), (s, pos, endpos, name)
