"""extract.readers.docx renders a body exactly as python-docx presents it.

The reference below is the python-docx reader this module replaced (its
per-cell XPath made 50,000 cells take 7 s, and a long vertical merge recursed
once per row); each document is built with python-docx itself.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extract.readers.text import render_pipe_table
from extract.readers.docx import docx_to_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.hostile_inputs import docx_bytes  # noqa: E402


def reference(data: bytes) -> str:
    """The former python-docx rendering (paragraphs, tables with row.cells, sdt content)."""
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))

    def blocks(element):
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                yield re.sub(r"[ \t]*\n[ \t]*", " ", Paragraph(child, document).text).strip()
            elif child.tag == qn("w:tbl"):
                table = Table(child, document)
                rows = []
                for row in table.rows:
                    try:
                        cells = row.cells
                    except Exception:
                        cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
                    rows.append([cell.text for cell in cells])
                yield render_pipe_table(rows)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from blocks(content)

    return "\n\n".join(b for b in blocks(document.element.body) if b) + "\n"


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def hyperlink(paragraph, text: str) -> None:
    link = OxmlElement("w:hyperlink")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def rich_document() -> bytes:
    d = docx.Document()
    d.add_paragraph("一、总体要求")
    p = d.add_paragraph("1. 推进\t工作")
    p.add_run().add_break()
    p.add_run("（市发改委牵头）")
    p.add_run().add_break(WD_BREAK.PAGE)
    hyperlink(p, "详见链接")
    t = d.add_table(rows=5, cols=4)
    for r in range(5):
        for c in range(4):
            t.cell(r, c).text = f"r{r}c{c}"
    t.cell(1, 1).merge(t.cell(3, 1))  # vertical
    t.cell(0, 2).merge(t.cell(0, 3))  # horizontal
    t.cell(2, 2).merge(t.cell(4, 3))  # both
    t.cell(4, 0).add_paragraph("第二段")
    d.add_paragraph("")
    d.add_paragraph("二、保障措施")
    return saved(d)


def test_rich_document_matches_python_docx():
    data = rich_document()
    assert docx_to_text(data, "rich.docx") == reference(data)
    assert "| r0c0 | r0c1 | r0c2 r0c3 | r0c2 r0c3 |" in docx_to_text(data, "rich.docx")


def test_grid_before_and_broken_merge_fall_back_like_python_docx():
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            t.cell(r, c).text = f"{r}{c}"
    tr = t.rows[1]._tr
    pr = tr.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    pr.append(before)
    tr.remove(tr.tc_lst[-1])
    merge = OxmlElement("w:vMerge")  # continues a cell that does not start at its offset
    t.rows[2]._tr.tc_lst[0].get_or_add_tcPr().append(merge)
    data = saved(d)
    assert docx_to_text(data, "grid.docx") == reference(data)


def merged_column(rows: int) -> bytes:
    """A two-column table whose first column is one cell merged down ``rows`` rows
    (python-docx's own merge() takes seconds for a few hundred rows: written by hand)."""
    def tc(text: str, merge: str = "") -> str:
        return f"<w:tc>{merge}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    first = tc("市发改委", '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>') + tc("0")
    rest = "".join("<w:tr>" + tc("", "<w:tcPr><w:vMerge/></w:tcPr>") + tc(str(r)) + "</w:tr>"
                   for r in range(1, rows))
    return docx_bytes(f"<w:tbl><w:tr>{first}</w:tr>{rest}</w:tbl>")


@pytest.mark.parametrize("rows", [3, 5000])
def test_long_vertical_merge(rows):
    data = merged_column(rows)
    text = docx_to_text(data, "merge.docx")
    assert text.count("| 市发改委 |") == rows
    if rows < 100:  # python-docx resolves each continuation by recursing up to the first row
        assert text == reference(data)
