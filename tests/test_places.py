"""Golden tests for extract.entities.places / extract.entities.platforms (districts, places,
platforms, industries).

Fixtures (expected values written by reading the texts):
- places_annex2.json    annex 2 of the sample: districts and platforms
- places_sentences.json hand-made sentences for every false-hit case
(the examples and counterexamples of the four YAML rule files run in tests/test_rule_examples.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.entities import places
from extract.structure.normalize import clean
from extract.entities.platforms import find_pattern_platforms, pattern_id

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def _of_kind(kind: str):
    """Mentions of one kind, as places.find_all resolves them across all kinds."""
    return lambda text, offset=0: [m for m in places.find_all(text, offset) if m.kind == kind]


KIND_FUNCS = {kind + "s" if kind != "industry" else "industries": _of_kind(kind)
              for kind in ("district", "place", "platform", "industry")}


def _fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _slice(fx: dict) -> tuple[str, int]:
    text = clean((ROOT / fx["source"]).read_text(encoding="utf-8")).text
    start = text.index(fx["start"])
    end = text.index(fx["end"], start)
    return text[start:end], start


def _items(expected: list) -> list[tuple[str, str]]:
    return [(name, pid if pid is not None else pattern_id(name)) for name, pid in expected]


def _found(kind: str, text: str, offset: int = 0) -> list[tuple[str, str]]:
    return [(m.name, m.id) for m in KIND_FUNCS[kind](text, offset)]


def _without(items: list, removed: list) -> list:
    out = list(items)
    for item in removed:
        out.remove(item)
    return out


def _precision_recall(found: list, expected: list) -> tuple[float, float]:
    pool = list(expected)
    tp = 0
    for item in found:
        if item in pool:
            pool.remove(item)
            tp += 1
    return tp / max(len(found), 1), tp / max(len(expected), 1)


# --- annex 2 -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["districts", "platforms"])
def test_annex2(kind):
    fx = _fixture("places_annex2.json")
    text, offset = _slice(fx)
    spec = fx[kind]
    expected = _items(spec["expected"])
    misses = [tuple(m["item"]) for m in spec["known_misses"]]
    extra = [tuple(x["item"]) for x in spec["known_extra"]]
    found = _found(kind, text, offset)
    assert [f for f in found if f not in extra] == _without(expected, misses)
    assert sorted(extra) == sorted(f for f in found if f in extra)


def test_annex2_spans_point_at_names():
    fx = _fixture("places_annex2.json")
    text, offset = _slice(fx)
    full = text  # spans are offset into the whole cleaned text
    for m in places.find_all(text, offset):
        assert full[m.span[0] - offset:m.span[1] - offset] == m.name


# --- hand-made sentences ------------------------------------------------------------

_SENTENCES = _fixture("places_sentences.json")["cases"]


_KIND = {"districts": "district", "places": "place", "platforms": "platform", "industries": "industry"}


def _scoped(kind: str, text: str) -> list[tuple[str, str]]:
    """What a Suzhou document finds: another city's gazetteer (之江实验室 of
    extract/rules/gazetteers/city/hangzhou.yaml) does not apply there, so its names are pattern-found."""
    return [(m.name, m.id) for m in places.find_all(text, 0, "suzhou", scoped=True) if m.kind == _KIND[kind]]


@pytest.mark.parametrize("case", _SENTENCES, ids=[c["text"][:16] for c in _SENTENCES])
def test_sentences(case):
    for kind in KIND_FUNCS:
        if kind in case:
            assert _scoped(kind, case["text"]) == _items(case[kind]), kind


# --- YAML examples and counterexamples ------------------------------------------------


def test_pattern_rule_attribution():
    text = "办好世界智能制造大会，建设无锡国家传感网创新示范区"
    wuxi = text.index("无锡")
    hits = find_pattern_platforms(text, toponyms=[(wuxi, wuxi + 2)])
    assert [(text[h.start:h.end], h.rule) for h in hits] == [
        ("世界智能制造大会", "event"), ("无锡国家传感网创新示范区", "zone")]
    # without a toponym the zone pattern does not accept the name
    assert [h.rule for h in find_pattern_platforms(text)] == ["event"]


# --- behaviour -------------------------------------------------------------------------------


def test_offset_shifts_spans():
    text = "支持太仓市发挥临沪优势"
    assert [m.span for m in KIND_FUNCS["districts"](text, 100)] == [(102, 105)]


def test_no_jieba_import_for_gazetteer_matching():
    code = ("import sys; from extract.entities import places; "
            "places.find_all('支持昆山市建设金融支持深化两岸产业合作改革创新试验区'); "
            "print('jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_segment_uses_gazetteer_dictionary():
    from extract.entities import segment

    assert "西北工业大学太仓校区" in segment.cut("依托西北工业大学太仓校区建立协同创新机制")
    assert ("姑苏实验室", "nt") in segment.pos_tags("积极推动姑苏实验室建设")
    segment.add_words(["苏虞张线"], "ns")
    assert "苏虞张线" in segment.cut("推进苏虞张线建设")


def test_left_boundary_on_sample_platform_names():
    """Measured on the sample: for every gazetteer platform occurrence that
    ends with a pattern suffix, the character scan (no gazetteer) finds the
    same left boundary, except names containing a conjunction (与/和/及)."""
    text = clean((ROOT / "data/suzhou_2022_01.md").read_text(encoding="utf-8")).text
    gold = [m for m in KIND_FUNCS["platforms"](text) if m.id != pattern_id(m.name)]
    by_end = {h.end: h for h in find_pattern_platforms(text)}
    compared = [(g.name, text[by_end[g.span[1]].start:g.span[1]]) for g in gold if g.span[1] in by_end]
    wrong = [pair for pair in compared if pair[0] != pair[1]]
    assert len(compared) == 98
    assert wrong == [("省部共建放射医学与辐射防护国家重点实验室", "辐射防护国家重点实验室")]


def test_long_input_is_linear():
    """A 1 MB adversarial input (no punctuation, repeated suffixes) finishes."""
    text = ("创新中心实验室研究院示范区" * 20 + "，") * 2000
    assert isinstance(places.find_all(text), list)


def test_precision_recall_report(capsys):
    """Prints precision/recall on the annex-2 fixture (pytest -s shows it)."""
    fx = _fixture("places_annex2.json")
    text, offset = _slice(fx)
    for kind in ("districts", "platforms"):
        p, r = _precision_recall(_found(kind, text, offset), _items(fx[kind]["expected"]))
        print(f"annex2 {kind}: precision={p:.3f} recall={r:.3f}")
        assert p >= 0.95 and r >= 0.95


@pytest.mark.parametrize("a,b", [
    ("上海自由贸易试验区临港新片区", "上海自贸试验区临港新片区"),
    ("中国（南京）软件谷试验区", "中国(南京)软件谷试验区"),
    ("“沙洲科创 C 计划”基金", "沙洲科创C计划基金"),
])
def test_pattern_ids_ignore_spelling(a, b):
    assert pattern_id(a) == pattern_id(b)
    assert pattern_id(a).startswith("platform.p") and len(pattern_id(a)) == len("platform.p") + 10
