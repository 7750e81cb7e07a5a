"""compile_scan and trie_regex must find exactly what the plain patterns find."""

import re

import pytest

from extract.rules.loader import compile_scan, trie_regex

TEXT = ("到2025年，全社会研发投入占地区生产总值比重达4%（市科技局牵头，市工信局、市发改委等参与）。"
        "推进姑苏实验室、国家第三代半导体技术创新中心和苏州工业园区、苏州高新区建设；"
        "(市 发改委 牵头) PM2.5 浓度 到 2025 年 **加快** 中国（江苏）自由贸易试验区苏州片区")

PATTERNS = [
    r"(?P<a>(?:重点)?实验室)|(?P<b>(?:技术|产业)?创新中心)|(?P<c>示范区|试验区|片区)",
    r"(?<=[\u4e00-\u9fff，])[ \t]+(?=\d)|(?<=\d)[ \t]+(?=[\u4e00-\u9fff])",
    r"\((?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\)",
    r"\*\*",
    r"(?:牵头|参与|配合)",
    r"\d+(?:\.\d+)?%?",  # a class start: falls back or uses the digit set
    r"(?i)[a-z]+\d",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_compile_scan_finds_the_same_matches(pattern):
    plain = [(m.span(), m.lastgroup) for m in re.finditer(pattern, TEXT)]
    fast = [(m.span(), m.lastgroup) for m in compile_scan(pattern).finditer(TEXT)]
    assert fast == plain and plain


def test_compile_scan_keeps_patterns_that_can_match_empty():
    assert compile_scan(r"a*").pattern == r"a*"


WORDS = ["苏州", "苏州工业园区", "苏州高新区", "高新区", "姑苏实验室", "国家第三代半导体技术创新中心",
         "中国（江苏）自由贸易试验区苏州片区", "苏州片区"]


def test_trie_regex_matches_like_a_longest_first_alternation():
    plain = "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True))
    trie = trie_regex(WORDS)
    assert [m.span() for m in re.finditer(trie, TEXT)] == [m.span() for m in re.finditer(plain, TEXT)]
    assert [m.group() for m in re.finditer(trie, TEXT)] == [
        "姑苏实验室", "国家第三代半导体技术创新中心", "苏州工业园区", "苏州高新区", "中国（江苏）自由贸易试验区苏州片区"]


def test_trie_regex_token_function_shares_branches():
    brackets = {"（": "[（(]", "）": "[）)]"}
    rx = trie_regex(["中国（江苏）"], lambda ch: brackets.get(ch, re.escape(ch)))
    assert re.fullmatch(rx, "中国(江苏)") and re.fullmatch(rx, "中国（江苏）")


def test_compile_scan_leaves_the_skip_to_the_engine_when_it_has_a_first_character_set():
    """A trie of literal branches (a gazetteer), a literal prefix or a class start is skipped to in C
    by ``re`` itself: no lookahead in front; a pattern the engine cannot skip keeps it."""
    trie = trie_regex(WORDS)
    assert compile_scan(trie).pattern == trie
    assert compile_scan(r"\*\*").pattern == r"\*\*"
    assert compile_scan(r"[甲乙]丙").pattern == r"[甲乙]丙"
    assert compile_scan(r"x*y").pattern == r"(?=[xy])(?:x*y)"
    assert compile_scan(r"(?:重点)?实验室").pattern == r"(?=[实重])(?:(?:重点)?实验室)"
    assert [m.span() for m in compile_scan(trie).finditer(TEXT)] == [m.span() for m in re.finditer(trie, TEXT)]
