"""Extraction hot paths made cheaper keep their answers: the squeezed text of a compilation's body
and the offsets of its characters (documents._squeezed_index) as from a list of every offset."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extract.structure.documents import _squeezed_index

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _listed(text: str) -> tuple[str, list[int]]:
    keep, chars = [], []
    for m in re.finditer(r"[^\s#*>\u3000]+", text):
        chars.append(m.group())
        keep.extend(range(m.start(), m.end()))
    return "".join(chars).replace("(", "（").replace(")", "）"), keep


def test_the_squeezed_body_and_its_offsets_are_those_of_a_full_list():
    rnd = random.Random(12)
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("real*/*.md"))
             if "real_unseen17" not in p.parts][:60]  # (the held-out set is not read)
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
