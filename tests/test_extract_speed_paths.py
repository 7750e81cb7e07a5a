"""The extraction's faster paths (issue 12, helper h12e) answer exactly as the plain ones they replace:
literal alternations as tries (extract.structure.prefilter), a line-end test started where a match can
start (extract.structure.normalize), a document's brackets indexed once (extract.entities.unit_lists)."""

from __future__ import annotations

import random
import re
import runpy
from pathlib import Path

import pytest

from extract.entities import unit_lists
from extract.entities.unit_lists import CLOSE, OPEN, parentheticals, split_top
from extract.rules.loader import load_rules
from extract.structure.normalize import _at_end
from extract.structure.prefilter import _any_of, _minimal, _needs
from extract.structure.prose_rules import CLAUSE_RULES, clause_live, rules as prose_rules

FIXTURES = Path(__file__).parent / "fixtures"
#: Blind sets (tests/fixtures/BLIND_SETS.txt) and copies of their documents are never read.
readable = runpy.run_path(str(FIXTURES.parents[1] / "bench" / "blind.py"))["readable"]


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in readable(sorted(FIXTURES.rglob("*.md")))]


def _clause_words() -> list[str]:
    words: set[str] = set()
    for k in CLAUSE_RULES:
        rx = prose_rules()[k]
        words |= _needs(getattr(rx, "rx", rx).pattern)
    return sorted(_minimal(words))


def test_a_trie_of_words_finds_what_their_alternation_finds():
    words = _clause_words()
    assert len(words) > 30
    flat = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    trie = _any_of(words)
    clauses = [c for t in _texts() for c, _ in split_top(t, 0, "，,。；;！!？?\n")]
    assert len(clauses) > 20_000
    rnd = random.Random(3)
    clauses += ["".join(rnd.choice(words + ["，", "市", "局", "要"]) for _ in range(rnd.randint(0, 6))) for _ in range(5000)]
    live = clause_live()
    found = 0
    for c in clauses:
        a, b = trie.search(c), flat.search(c)
        assert (a and a.span()) == (b and b.span()), c
        assert (live(c) is not None) == any(w in c for w in words), c
        found += a is not None
    assert 5000 < found < len(clauses)


def test_a_trie_of_words_with_shared_starts_takes_the_longest():
    rx = _any_of(["牵头", "牵头单位", "单位", "负责"])
    assert rx.search("由市局牵头单位负责").span() == (3, 7)
    assert rx.search("牵头").group() == "牵头"
    assert rx.search("无关") is None


@pytest.mark.parametrize("pattern", [
    load_rules("normalize.yaml")["join"]["continuation_end"], "a|bc", "(?:ab|c)", "x+", "[，。]", "(?<=市)局"])
def test_a_line_end_test_answers_as_a_search_of_the_whole_line(pattern):
    test = _at_end(pattern)
    whole = re.compile(pattern + r"\Z")
    rnd = random.Random(5)
    for _ in range(5000):
        s = "".join(rnd.choice(["a", "b", "c", "x", "市", "局", "，", "。", "中", "1", " "]) for _ in range(rnd.randint(0, 9)))
        a, b = test(s), whole.search(s)
        assert (a and a.span()) == (b and b.span()), (pattern, s)


def test_indexed_brackets_give_the_spans_of_the_plain_walk(monkeypatch):
    rnd = random.Random(9)
    texts = [t for t in _texts() if len(t) >= unit_lists._INDEXED][:60]
    texts.append("".join(rnd.choice(OPEN + CLOSE + "市局，") for _ in range(6000)))
    assert len(texts) > 20
    cases = []
    for t in texts:
        for _ in range(40):
            a = rnd.randint(0, len(t))
            cases.append((t, a, rnd.randint(a, min(len(t), a + rnd.choice((50, 800, 5000)))), rnd.choice((5, 60, 400))))
    indexed = [list(parentheticals(*c)) for c in cases]
    monkeypatch.setattr(unit_lists, "_INDEXED", 10 ** 12)  # the plain walk
    plain = [list(parentheticals(*c)) for c in cases]
    assert indexed == plain
    assert sum(map(len, plain)) > 500


def test_kept_memos_outlive_a_document_and_answer_as_the_function():
    """Unit lists, prose phrases and brackets are remembered across documents (``clear`` leaves them,
    ``forget_all`` empties them) and what comes back is what reading them again gives."""
    from extract.entities.unit_lists import names
    from extract.memo import clear, forget_all
    from extract.structure.assignments import _PARSED, _parse_assignment, parse_assignment
    from extract.structure.prose_units import _accepted_units, accepted_units
    from extract.structure.tasks import _is_unit

    s = "市发改委牵头，市工信局、市科技局、市住建局等参与"
    lists = ["市工信局、市科技局、市住建局等", "各区（县）人民政府、市有关部门", "市 科技局"]
    forget_all()
    for document in range(3):  # three "documents": the memos are filled by the first
        clear()
        for offset in (0, 17 + document):
            for x in lists:
                assert names(x, offset) == names.uncached(x, offset)
                assert accepted_units(x, offset, _is_unit) == _accepted_units.uncached(x, offset, _is_unit, None)
            got = parse_assignment(s, offset)
            assert got == _parse_assignment(s, offset)
            got.lead.append(("x", (0, 1)))  # the caller's own
    assert len(_PARSED) == 1
    assert parse_assignment(s, 3).lead == [("市发改委", (3, 7))]
    forget_all()
    assert len(_PARSED) == 0


def test_a_span_mapper_maps_as_the_offset_map():
    from extract.structure.normalize import clean

    rnd = random.Random(2)
    texts = _texts()[:40] + ["**甲**  乙 \n\n<!-- x -->丙１２３ 4 5"]
    for original in texts:
        ct = clean(original)
        m = ct.offsets.span_mapper()
        n = len(ct.text)
        for _ in range(300):
            a = rnd.randint(0, n)
            span = (a, rnd.choice((a, a + 1, min(n, a + rnd.randint(0, 400)), max(0, a - 3))))
            assert m(span) == ct.orig_span(span), (span,)


def test_lasting_answers_as_the_function_and_keeps_its_dicts_untracked():
    """extract.memo.lasting (helper h13s): the function's answers, shared; one, two or three arguments; the dicts
    of plain answers (strings, numbers, None) left untracked by the collector; ``cache_clear``; ``maxsize``."""
    import gc

    from extract.memo import lasting

    calls = []

    @lasting(maxsize=3)
    def one(s):
        calls.append(s)
        return None if s == "none" else [s] if s == "list" else len(s)

    @lasting(maxsize=100)
    def two(s, j=None, k=0):
        calls.append((s, j, k))
        return f"{s}/{j}/{k}"

    for s in ("ab", "none", "list", "ab", "none", "list"):
        assert one(s) == (None if s == "none" else ["list"] if s == "list" else 2)
    assert one("list") is one("list") and calls.count("ab") == 1 and calls.count("list") == 1
    for args, want in [(("a",), "a/None/0"), (("a", None), "a/None/0"), (("a", "x"), "a/x/0"), (("a", "x", 1), "a/x/1"),
                       (("b", "x"), "b/x/0"), (("a", "x"), "a/x/0"), (("a", "x", 1), "a/x/1")]:
        assert two(*args) == want
    assert two("a", j="y") == "a/y/0" and two("a", j="y") == "a/y/0"  # (keywords: called each time)
    assert len([c for c in calls if c == ("a", "x", 0)]) == 1 and calls.count(("a", "y", 0)) == 2
    untracked = [d for c in one.__closure__ if isinstance(d := c.cell_contents, dict) and len(d) and not d.get("list")]
    assert untracked and not any(gc.is_tracked(d) for d in untracked)
    for s in ("c", "d", "e"):  # the fourth plain answer: the dict starts again
        one(s)
    n = len(calls)
    one("e"), one("ab")
    assert calls[n:] == ["ab"]
    one.cache_clear()
    one("e")
    assert calls[-1] == "e"
