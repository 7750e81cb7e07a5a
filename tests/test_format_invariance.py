"""The same real document in another rendering gives the same tasks and units (bench/format_invariance.py).

Each case is a fixture document (its own text, no new text) and the renderings of ``bench.format_invariance``
that crawlers, legal databases and PDF converters produce: paragraphs run onto one line, paragraphs marked only
by full-width indents, half-width brackets and colons, ``<p>`` elements of an HTML page read by the HTML reader,
a PDF text layer hard-wrapped at 28 characters with page numbers.  The extracted tasks — id, title and the units
of every role — must be exactly those of the document as stored.  Each pair listed here was different before the
rendering clean-up of session 31 (helper h10r: ``normalize.yaml: join.wrapped``, inline numbering looked for in
the joined lines, typed gaps kept by the HTML reader, a bold mark before an inline number).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.format_invariance import MARKED, NUMERALS_CHANGED, RENDERINGS, _furniture  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SESSION_31 = ("one_line", "indent_only", "ascii_brackets", "ascii_colons", "ascii_punct", "html_p", "pdf_wrap")
ALL = SESSION_31

CASES = [
    # a county bureau's task division, crawled onto one line with spaces between its parts
    ("real_unseen5/pingtan_2012_land_bureau_rural_integrity_division.md", ALL),
    # a provincial notice whose measures close with 责任单位 brackets, one line
    ("real_unseen22/hebei_2022_dairy_revitalization_support_notice.md", ALL),
    ("real_unseen/hebei_2022_beijing_tianjin_tech_transfer.md", ALL),
    # a national guideline with department-first duty lists
    ("real_unseen16/national_2019_ai_pilot_zone_guideline.md", ALL),
    # labels in brackets "（牵头单位：X；配合单位：Y）", body on one line
    ("real_unseen12/pingtan_2015_lake_reserve_cleanup_opinion.md", ALL),
    # crawler Markdown with bold headings and full-width indents
    ("real_unseen18/shanghai_2025_tech_services_opinion.md", ("indent_only", "ascii_colons", "html_p", "pdf_wrap")),
]


# renderings 2 (session 32, h11d): each pair was different before ``normalize.yaml: invisible`` (zero-width
# characters, no-break spaces, full-width digits), ``footnote``, ``number_spaces.line_number`` and the markers
# followed by a space (``structure.yaml: spaced_in_sequence``)
CASES_2 = [
    # a notice whose measures are numbered 1. 2. …, 责任单位 on a line of their own
    ("real/pingtan_2023_private_economy_measures.md", ("fullwidth_digits", "zero_width", "nbsp_spaces", "pdf_footnotes")),
    # a plan whose headings are bold 一、 and items 1. with a space after the dot
    ("real_unseen10/shanghai_2025_food_tech_action_plan.md", ("number_space", "numbering_swap", "fullwidth_digits")),
    # an opinion on one line with units in brackets after each measure
    ("real_unseen28/hebei_2020_stabilize_employment_opinion.md",
     ("pdf_footnotes", "pdf_pages", "pdf_pages_total", "number_space", "zero_width")),
    # measures run in after full-width indents, 〔责任单位：…〕
    ("real_unseen/hebei_2022_beijing_tianjin_tech_transfer.md", ("number_space", "nbsp_spaces", "zero_width")),
    # a duty list by department, one line
    ("real_unseen5/pingtan_2021_child_myopia_duties.md", ("pdf_footnotes", "nbsp_spaces")),
]


def _tasks(text: str) -> list[tuple]:
    from extract.pipeline import extract_text

    return [(t.id, re.sub(r"\s", "", t.title), *(tuple(u.name for u in getattr(t, role))
                                                   for role in ("lead", "participants", "responsible")))
            for d in extract_text(text, "doc.md") for t in d.tasks]


@pytest.mark.parametrize("path,renderings", CASES + CASES_2, ids=[Path(p).stem for p, _ in CASES + CASES_2])
def test_same_tasks_in_every_rendering(path, renderings):
    from extract.readers.dispatch import read_file

    original = read_file(FIXTURES / path).text
    expected = _tasks(original)
    assert sum(1 for t in expected if any(t[2:])) >= 3  # (a document with assignments to compare)
    for name in renderings:
        assert _tasks(RENDERINGS[name](original)) == expected, name


def test_renderings_keep_the_words():
    """Every rendering keeps the document's Chinese text in order (what the bench's anchor mapping relies on)."""
    from extract.readers.dispatch import read_file

    original = read_file(FIXTURES / CASES[0][0]).text
    def words(text: str) -> str:  # (a crawler's HTML comment is no text of the document)
        return "".join(re.findall(r"[\u4e00-\u9fff]", re.sub(r"<!--.*?-->", "", text, flags=re.S)))

    for name, render in RENDERINGS.items():
        if name in MARKED:  # (page furniture added: the words outside it)
            text, spans = _furniture(MARKED[name](original))
            for a, b in reversed(spans):
                text = text[:a] + text[b:]
            assert words(text) == words(original), name
        elif name in NUMERALS_CHANGED:  # (a numbering marker's numeral changed: the other words)
            assert re.sub("[〇一二三四五六七八九十]", "", words(render(original))) == \
                re.sub("[〇一二三四五六七八九十]", "", words(original)), name
        else:
            assert words(render(original)) == words(original), name
