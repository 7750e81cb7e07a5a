"""Search terms (rjieba's search mode, the gazetteer user dictionary) against jieba's Python segmenter."""

from __future__ import annotations

import re
from pathlib import Path

from extract.entities import segment

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_search_terms_split_words_and_their_parts_and_ascii_runs():
    assert segment.search_terms("市科学技术局") == ["市", "科学", "技术", "科学技术", "局"]
    assert segment.search_terms("（2024-2026年）GOLD_Guide.md") == ["2024", "2026", "年", "gold", "guide", "md"]
    assert segment.search_terms("，。、 ") == []


def test_the_gazetteer_user_dictionary_is_used():
    # a platform of the gazetteer stays one word (jieba's own dictionary would split it)
    assert "姑苏实验室" in segment.search_terms("积极推动姑苏实验室建设")
    segment.add_words(["苏虞张线"], "ns")
    assert "苏虞张线" in segment.search_terms("推进苏虞张线建设")


def test_chinese_terms_equal_jiebas_on_the_sample():
    jb = segment._jieba()
    lines = [line for line in (ROOT / "data" / "suzhou_2022_01.md").read_text(encoding="utf-8").splitlines()
             if CJK.search(line)]
    differ = [line for line in lines
              if [w.lower() for w in jb.cut_for_search(line) if CJK.search(w)]
              != [w for w in segment.search_terms(line) if CJK.search(w)]]
    assert len(lines) > 400
    assert len(differ) <= len(lines) // 100, differ[:5]
