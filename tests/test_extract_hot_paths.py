"""Extraction hot paths made cheaper keep their answers: the squeezed text of a compilation's body
and the offsets of its characters (squeezed.squeezed_index) as from a list of every offset."""

from __future__ import annotations

import random
import re
import runpy
from pathlib import Path

import pytest

from extract.structure.squeezed import squeezed_index as _squeezed_index

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Blind sets (tests/fixtures/BLIND_SETS.txt) and copies of their documents are never read.
readable = runpy.run_path(str(FIXTURES.parents[1] / "bench" / "blind.py"))["readable"]


def _listed(text: str) -> tuple[str, list[int]]:
    keep, chars = [], []
    for m in re.finditer(r"[^\s#*>\u3000]+", text):
        chars.append(m.group())
        keep.extend(range(m.start(), m.end()))
    return "".join(chars).replace("(", "（").replace(")", "）"), keep


def test_the_squeezed_body_and_its_offsets_are_those_of_a_full_list():
    rnd = random.Random(12)
    texts = [p.read_text(encoding="utf-8") for p in readable(sorted(FIXTURES.glob("real*/*.md")))][:60]
    texts += ["".join(rnd.choice(" \n\t#*>\u3000ab中(（)") for _ in range(rnd.randint(0, 80))) for _ in range(2000)]
    for text in texts:
        squeezed, index = _squeezed_index(text)
        want, offsets = _listed(text)
        assert squeezed == want
        assert [index[i] for i in range(len(offsets))] == offsets
        for outside in (-1, len(offsets)):
            with pytest.raises(IndexError):
                index[outside]
    assert _squeezed_index("# 甲 乙\n（丙)")[0] == "甲乙（丙）"
    assert [_squeezed_index("# 甲 乙\n（丙)")[1][i] for i in range(5)] == [2, 4, 6, 7, 8]


# --- the prose reader passes over clauses no clause rule can match (prose_rules.clause_live) ---------

def _fixture_texts() -> list[str]:
    paths = readable(sorted(FIXTURES.glob("real*/*.md")))
    paths += sorted((FIXTURES / "golden").glob("*.md")) + [FIXTURES.parent.parent / "data" / "suzhou_2022_01.md"]
    return [p.read_text(encoding="utf-8") for p in paths]


def _pieces_of(texts: list[str], rnd: random.Random) -> list[tuple[str, int, int]]:
    """(text, start, end): every line of the texts, and random windows of them (cut anywhere)."""
    out = []
    for text in texts:
        at = 0
        for line in text.split("\n"):
            out.append((text, at, at + len(line)))
            at += len(line) + 1
        for _ in range(20):
            a = rnd.randint(0, len(text))
            out.append((text, a, min(len(text), a + rnd.choice((3, 30, 300, 3000)))))
    return out


def test_the_prose_reader_reads_as_without_passing_over_clauses(monkeypatch):
    import extract.structure.prose as prose
    from extract.structure.tasks import _is_actor, _is_unit

    assert prose.clause_live() is not None  # (every clause rule needs a literal: the test is on)
    rnd = random.Random(19)
    pieces = [p for p in _pieces_of(_fixture_texts(), rnd) if p[2] - p[1] > 6]
    pieces = rnd.sample(pieces, 5000)  # (of some 20,000 lines and windows; bench/same_extract.py reads them all)
    soup = "".join(["，要", "负责", "牵头", "由", "配合", "会同", "市科技局", "省教育厅", "各区", "要", "应当", "。", "，",
                    "\n", "组织", "是", "部门", "等", "（", "）", "、", "研究", "建立", "的"])
    for _ in range(1500):
        s = "".join(rnd.choice(soup) for _ in range(rnd.randint(1, 40)))
        pieces.append((s, rnd.randint(0, 2), len(s) - rnd.randint(0, 2)))
    modes = (False, True, "prose", "article")
    read = lambda: [[prose.find_prose_assignments.uncached(t, s, e, _is_actor if k % 4 == 0 else _is_unit, duty=d)  # noqa: E731
                     for d in modes] for k, (t, s, e) in enumerate(pieces) if s < e]
    fast = read()
    monkeypatch.setattr(prose, "clause_live", lambda: None)
    monkeypatch.setattr(prose, "duty_rules_live", lambda: None)  # (and the one scan before the duty rules)
    full = read()
    assert len(fast) > 6000 and sum(1 for row in full for found in row if found) > 1000
    assert fast == full


def test_every_pattern_the_clause_loop_tries_is_a_clause_rule():
    """A pattern ``find_prose_assignments`` reads is a clause rule (its literals let a clause be passed
    over) or one only read after a clause rule matched (or of the clause before, or not a pattern)."""
    import ast
    import inspect

    import extract.structure.prose as prose
    from extract.structure.prose_rules import CLAUSE_RULES

    after_a_match = {"acts_partner_verbs", "after_condition", "after_case", "by_after", "by_initial", "continues_anywhere",
                     "must_comma", "must_generic", "must_generic_alone", "must_lead", "must_weak", "must_weak_then", "named_body", "people", "remit",
                     "sentence_ends", "sentence_marks", "shall_generic", "shall_partner", "shall_weak", "verbs",
                     "shall_comma", "with_organiser", "subject_condition", "label_lead_in", "must_also",
                     "must_parallel", "must_generic_kinds", "by_topic", "must_generic_related",
                     "after_basis", "must_attitude", "lead_pause", "bare_not", "issued_document"}  # (must_parallel,
    # after_condition, after_basis: the clause before; must_attitude after rule must matched; lead_pause once per call, only
    # where the literal "牵头、" is found; bare_not after rule subject.bare matched; issued_document on the assignments found)
    tree = ast.parse(inspect.getsource(prose.find_prose_assignments).strip())
    keys = {n.slice.value for n in ast.walk(tree) if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)
            and n.value.id == "r" and isinstance(n.slice, ast.Constant)}
    assert keys - after_a_match == set(CLAUSE_RULES)


def test_a_clause_without_their_literals_matches_no_clause_rule():
    from extract.structure.prose_rules import CLAUSE_RULES, clause_live, rules

    live = clause_live()
    clauses = ["加快推进产业发展", "市科技局负责", "由市财政局", "完善政策体系", "要", "2025年"]
    for c in clauses:
        matched = any(rules()[k].match(c) or rules()[k].search(c) for k in CLAUSE_RULES)
        assert not matched or live(c)
    assert live("加快推进产业发展") is None and live("市科技局负责").group() == "负责"


def test_a_clause_without_their_literals_matches_no_duty_rule():
    from extract.structure.prose_rules import CLAUSE_RULES, DUTY_RULES, duty_rules_live, rules

    live = duty_rules_live()
    assert live is not None and set(DUTY_RULES) <= set(CLAUSE_RULES)
    for c in ["加快推进产业发展", "市科技局负责", "各区要", "由市财政局组织", "X应当依法", "2025年"]:
        assert not any(rules()[k].match(c) for k in DUTY_RULES) or live(c)
    assert live("加快推进产业发展") is None and live("各区要") is None and live("市科技局负责").group() == "负责"


# --- per-document memos (extract.memo) -----------------------------------------------------------

def test_remembered_unit_lists_are_the_lists_read_again_at_any_offset():
    from extract.entities.unit_lists import names
    from extract.memo import clear
    from extract.structure.prose_units import _accepted_units, accepted_units
    from extract.structure.tasks import _is_unit

    rnd = random.Random(5)
    lists = []
    for text in _fixture_texts()[:80]:
        lists += [c for c, _ in re.findall(r"((?:[^，。；\n]{2,20}、){1,5}[^，。；\n]{2,20})(负责|牵头|配合)?", text)][:40]
    assert len(lists) > 1000
    clear()
    for s in lists + lists:  # the second time from the memo
        for offset in (0, rnd.randint(1, 10_000)):
            assert names(s, offset) == names.uncached(s, offset)
            assert accepted_units(s, offset, _is_unit) == _accepted_units.uncached(s, offset, _is_unit, None)
    got = names(lists[0], 5)
    got.append(("x", (0, 1)))  # a caller's change to its list is not remembered
    assert names(lists[0], 5) == names.uncached(lists[0], 5)


def test_remembered_readings_are_handed_out_as_copies():
    from extract.memo import clear
    from extract.structure.assignments import find_assignments
    from extract.structure.numbering import find_items
    from extract.structure.prose import find_prose_assignments
    from extract.structure.tasks import _is_unit

    text = "一、加强协作\n（一）建立机制。（牵头单位：市发展改革委；配合单位：市财政局）\n（二）市科技局负责推进，会同市教育局开展试点。\n"
    clear()
    for _ in range(2):
        found = find_assignments(text, 0, len(text))
        assert [(a.lead, a.participants) for a in found] == [
            ([("市发展改革委", (21, 27))], [("市财政局", (33, 37))])]
        found[0].lead.append(("x", (0, 1)))  # a caller's change is its own
        prose = find_prose_assignments(text, 42, len(text), _is_unit, duty=True)  # "市科技局负责推进，会同市教育局…"
        assert [(a.span, a.lead, a.participants) for a in prose] == [
            ((42, 48), [("市科技局", (42, 46))], [("市教育局", (53, 57))])]
        prose[0].lead.clear()
        items = find_items(text, 0, len(text))
        assert [it.marker for it in items] == ["一、", "（一）", "（二）"]
        items.pop()
    assert find_assignments(text, 0, len(text)) == find_assignments.uncached(text, 0, len(text))


def _rebreak_candidates_by_characters(text, start, end, r):
    """``rebreak._rebreak_candidates`` as it was: the bracket depth from a walk over every character."""
    from extract.structure.rebreak import _marker_number

    styles, opens, closes = r["styles"], r["open"], r["close"]
    out, depth, scan = [], 0, start
    for m in r["marker"].finditer(text, start, end):
        p = m.start()
        for ch in text[scan:p]:
            if ch in opens:
                depth += 1
            elif ch in closes:
                depth = max(0, depth - 1)
        scan = p
        if depth:
            continue
        i = next(k for k in range(len(styles)) if m.group(f"m{k}") is not None)
        style = styles[i]
        prev = text[p - 1] if p > start else ""
        num = _marker_number(m.group(f"n{i}"))
        after_word = style in r["after_word"] or (num == 1 and style in r["after_word_first"])
        glued = False
        if p > start and not r["after"].match(prev) and not (after_word and r["word"].match(prev)):
            if not (style in r["after_word_next"] and r["word"].match(prev)):
                continue
            glued = True
        out.append((p, style, num, glued))
    return out


def test_rebreak_candidates_as_a_walk_over_every_character():
    """The inline markers a lost line break is put back before: brackets found by one scan (and the
    markers by a scan that skips to their first characters) as by a walk over every character."""
    from extract.rules.loader import load_rules
    from extract.structure import rebreak

    r = rebreak.compile_rebreak(load_rules("normalize.yaml")["rebreak"])
    assert r["marker"].pattern.startswith("(?=[")
    plain = dict(r, marker=re.compile(r["marker"].pattern.split(")(?:", 1)[1][:-1]))  # without the lookahead
    rnd = random.Random(3)
    texts = [t.replace("\n", "") for t in _fixture_texts()[:40]]
    texts += ["".join(rnd.choice(["一、", "（二）", "3.", "(4)", "①", "第五条", "第一章", "专栏1", "（", "）", "【", "】",
                                  "建设", "，", "。", " ", "\u3000", "2022年"]) for _ in range(rnd.randint(0, 60)))
              for _ in range(3000)]
    seen = 0
    for text in texts:
        a = rnd.randint(0, len(text))
        got = rebreak._rebreak_candidates(text, a, len(text), r)
        assert got == _rebreak_candidates_by_characters(text, a, len(text), plain)
        seen += len(got)
    assert seen > 2000


def _parentheticals_by_characters(text, start, end, max_length):
    """``unit_lists.parentheticals`` as it was: a walk over every character inside a bracket."""
    from extract.entities.unit_lists import CLOSE, OPEN

    i = start
    while i < end:
        j = next((k for k in range(i, end) if text[k] in OPEN), -1)
        if j == -1:
            return
        depth, k, limit = 0, j, min(end, j + max_length)
        while k < limit:
            if text[k] in OPEN:
                depth += 1
            elif text[k] in CLOSE:
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if k < limit and depth == 0:
            yield j, k + 1
            i = k + 1
        else:
            i = j + 1


def test_bracketed_spans_as_a_walk_over_every_character():
    from extract.entities.unit_lists import parentheticals

    rnd = random.Random(8)
    texts = ["".join(rnd.choice("（(【〔）)】〕市局，、 a") for _ in range(rnd.randint(0, 50))) for _ in range(5000)]
    texts += [t[:3000] for t in _fixture_texts()[:30]]
    found = 0
    for text in texts:
        a = rnd.randint(0, len(text))
        b = rnd.randint(a, len(text))
        for limit in (3, 12, 120):
            got = list(parentheticals(text, a, b, limit))
            assert got == list(_parentheticals_by_characters(text, a, b, limit)), (text, a, b, limit)
            found += len(got)
    assert found > 5000


def test_a_bracket_read_again_is_the_bracket_read_at_its_place():
    """``parse_assignment`` remembers a string under its convention: the same string at another offset
    (or under another convention) gives what reading it there gives."""
    from extract.memo import clear
    from extract.structure.assignments import _parse_assignment, parse_assignment
    from extract.structure.lead_convention import COMMA_KIND, FIRST, Convention, Conventions

    bodies = []
    for text in _fixture_texts()[:60]:
        bodies += re.findall(r"[（(]([^（）()\n]{2,60})[）)]", text)[:60]
    bodies += ["牵头单位：市发展改革委；配合单位：市财政局、市科技局", "市科技局牵头，市教育局配合", "A、B负责", "2025年底前完成"]
    flags = [False, True, COMMA_KIND, Conventions((Convention(FIRST, "participants", 0),
                                                   Convention(COMMA_KIND, "responsible", 500)))]
    rnd = random.Random(4)
    clear()
    read = 0
    for s in bodies + bodies:
        for flag in flags:
            offset = rnd.randint(0, 1000)
            got = parse_assignment(s, offset, flag)
            assert got == _parse_assignment(s, offset, flag), (s, offset, flag)
            if got is not None:
                got.lead.append(("x", (0, 1)))  # the caller's own
                read += 1
    assert read > 500
