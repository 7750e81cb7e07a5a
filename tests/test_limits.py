"""Every reader limit of ``extract.readers.limits``: a real file just over it is skipped
with a reason naming the file and the limit, one just under it is read.

Where a file at the default limit is cheap to read (table cells, HTML depth,
the 256 KB zip bomb) the default is tested; otherwise the limit is lowered
for the test.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from extract.readers import limits
from extract.pipeline import extract_paths
from extract.readers.dispatch import read_file
from extract.readers.text import InputError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.hostile_inputs import (  # noqa: E402
    W_NS, docx_bytes, docx_paragraphs, docx_table, many_cells_docx, nested_divs, pdf_bytes, pdf_text_page,
    zip_bomb_docx,
)

TASK = "一、推进工作。（市发改委牵头）"


def skipped(path: Path) -> str:
    """The reason a batch gives for skipping ``path`` (fails when it was read)."""
    result = extract_paths([path])
    assert not result.documents, f"{path.name} was read"
    assert [s.path for s in result.skipped] == [str(path)]
    return result.skipped[0].reason


def read(path: Path) -> str:
    """The text of ``path`` (fails when it is refused)."""
    return read_file(path).text


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def document_xml(size: int) -> str:
    """A word/document.xml of exactly ``size`` bytes (padded with a comment)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
    tail = docx_paragraphs([TASK]) + "</w:body></w:document>"
    pad = size - len((head + tail).encode()) - len("<!---->")
    return head + "<!--" + "x" * pad + "-->" + tail


def test_file_size(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1000)
    text = (TASK + "\n").encode()
    under = write(tmp_path, "under.md", text + b"x" * (1000 - len(text)))
    over = write(tmp_path, "over.md", text + b"x" * (1001 - len(text)))
    assert read(under).startswith(TASK)
    assert skipped(over) == "too large: the file is 1,001 bytes (limit MAX_INPUT_BYTES = 1,000 bytes)"


def test_docx_declared_size(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 100_000)
    under = write(tmp_path, "under.docx", docx_bytes("", document_xml(100_000)))
    over = write(tmp_path, "over.docx", docx_bytes("", document_xml(100_001)))
    assert read(under) == TASK + "\n"
    assert skipped(over) == "too large: word/document.xml declares 100,001 bytes (limit MAX_UNZIPPED_BYTES = 100,000 bytes)"


def test_docx_understated_size_is_not_inflated_further(tmp_path):
    """zipfile stops at the declared size: the part fails its CRC check."""
    data = bytearray(docx_bytes("", document_xml(200_000)))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("word/document.xml")
    real = info.file_size.to_bytes(4, "little")
    data = data.replace(real, (1000).to_bytes(4, "little"))  # local and central headers
    path = write(tmp_path, "liar.docx", bytes(data))
    assert zipfile.ZipFile(path).getinfo("word/document.xml").file_size == 1000
    assert skipped(path) == "not a valid .docx (corrupt zip archive)"


def test_docx_inflation_ratio(tmp_path, monkeypatch):
    data = zip_bomb_docx(6_000)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert info.file_size > limits.INFLATE_RATIO_GRACE
    ratio = info.file_size / info.compress_size
    path = write(tmp_path, "bomb.docx", data)
    monkeypatch.setattr(limits, "MAX_INFLATE_RATIO", int(ratio) + 1)
    assert read(path).startswith("1.推进工作（市发改委牵头）\n\n1.")
    monkeypatch.setattr(limits, "MAX_INFLATE_RATIO", int(ratio))
    reason = skipped(path)
    assert reason.startswith("too large: word/document.xml declares 1.")
    assert reason.endswith(f"a ratio over {int(ratio)} (limit MAX_INFLATE_RATIO, a zip bomb?)")


def test_docx_default_limits_stop_a_256_kb_zip_bomb(tmp_path):
    path = write(tmp_path, "bomb.docx", zip_bomb_docx(256_000))
    assert skipped(path).startswith("too large: word/document.xml declares 7")


def test_docx_table_cells(tmp_path):
    assert limits.MAX_TABLE_CELLS == 50_000
    under = write(tmp_path, "under.docx", many_cells_docx(50_000))
    over = write(tmp_path, "over.docx", many_cells_docx(50_050))
    assert read(under).count("\n| ") == 1000 + 1  # separator line included
    assert skipped(over) == "too many table cells: 50,050 (limit MAX_TABLE_CELLS = 50,000)"


def test_docx_grid_span_counts_as_cells(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 100)
    wide = docx_table([["a"]]).replace("<w:tc>", '<w:tc><w:tcPr><w:gridSpan w:val="{n}"/></w:tcPr>')
    assert "一" in read(write(tmp_path, "under.docx", docx_bytes(docx_paragraphs([TASK]) + wide.format(n=100))))
    over = write(tmp_path, "over.docx", docx_bytes(docx_paragraphs([TASK]) + wide.format(n=101)))
    assert skipped(over) == "too many table cells: 101 (limit MAX_TABLE_CELLS = 100)"


def test_docx_nesting_depth(tmp_path):
    def nested(levels: int) -> bytes:
        # body > sdt > sdtContent > ... : w:document and w:body are 2 levels, each sdt 2 more,
        # and the paragraph with its run and text 3
        inner = docx_paragraphs([TASK])
        return docx_bytes("<w:sdt><w:sdtContent>" * levels + inner + "</w:sdtContent></w:sdt>" * levels)

    assert read(write(tmp_path, "under.docx", nested(125))) == TASK + "\n"  # 2 + 250 + 3 = 255
    assert skipped(write(tmp_path, "over.docx", nested(126))) == (
        "too deep: word/document.xml nested more than 256 levels (libxml2's limit)")


def test_html_nesting_depth(tmp_path):
    assert limits.MAX_HTML_DEPTH == 400
    # html > body > N divs > p: the paragraph is at depth N + 3
    assert read(write(tmp_path, "under.html", nested_divs(397))) == TASK + "\n"
    assert skipped(write(tmp_path, "over.html", nested_divs(398))) == (
        "too deep: HTML elements nested more than 400 levels (limit MAX_HTML_DEPTH = 400)")
    unclosed = write(tmp_path, "unclosed.html", nested_divs(8000, closed=False))
    assert skipped(unclosed).startswith("too deep: HTML elements")


def html_table(rows: int, cols: int, rowspan: int = 1) -> bytes:
    first = f"<td rowspan='{rowspan}'>1</td>" if rowspan > 1 else "<td>1</td>"
    body = "".join("<tr>" + (first if r == 0 else "") + "<td>x</td>" * (cols - (r == 0)) + "</tr>"
                   for r in range(rows))
    return f"<html><body><p>{TASK}</p><table>{body}</table></body></html>".encode()


def test_html_table_cells(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 100)
    assert "| 1 |" in read(write(tmp_path, "under.html", html_table(10, 10)))
    assert skipped(write(tmp_path, "over.html", html_table(10, 10) .replace(b"</table>", b"<tr><td>y</td><td>z</td></tr></table>"))) == (
        "too many table cells: 102 (limit MAX_TABLE_CELLS = 100)")
    # a rowspan repeats its cell: 10 rows of 10 columns plus one spanned column on 10 rows
    spanned = write(tmp_path, "spanned.html", html_table(10, 11, rowspan=10))
    assert skipped(spanned).startswith("too many table cells: 1")


def test_pdf_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 50)

    def pages(count: int) -> bytes:
        return pdf_bytes([pdf_text_page([f"{i}. item {i}" * (i % 3 + 1)]) for i in range(count)])

    assert "49. item 49" in read(write(tmp_path, "under.pdf", pages(50)))
    assert skipped(write(tmp_path, "over.pdf", pages(51))) == "too many PDF pages: 51 (limit MAX_PDF_PAGES = 50)"


def test_pdf_page_content(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_PAGE_BYTES", 10_000)
    content = pdf_text_page(["1. first line"])
    pad = b"\n%" + b"x" * (10_000 - len(content) - 2)
    assert "1. first line" in read(write(tmp_path, "under.pdf", pdf_bytes([content + pad], compress=True)))
    over = write(tmp_path, "over.pdf", pdf_bytes([content + pad + b"x"], compress=True))
    assert skipped(over) == "too large: page 1's content is 10,001 bytes (limit MAX_PDF_PAGE_BYTES = 10,000 bytes)"


def test_pdf_total_content(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_CONTENT_BYTES", 3 * 1000)
    page = [pdf_text_page([f"{i}. {word} line"]) + b"\n%" + b"x" * 1000
            for i, word in enumerate(["first", "second", "third"])]
    sized = [p[:1000] for p in page]
    assert "2. third line" in read(write(tmp_path, "under.pdf", pdf_bytes(sized)))
    over = write(tmp_path, "over.pdf", pdf_bytes(sized[:2] + [sized[2] + b"x"]))
    assert skipped(over) == "too large: the content of pages 1-3 is 3,001 bytes (limit MAX_PDF_CONTENT_BYTES = 3,000 bytes)"


def test_pdf_inflation_ratio(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "INFLATE_RATIO_GRACE", 1000)
    content = pdf_text_page(["1. first line"]) + b"\n%" + b"x" * 200_000
    data = pdf_bytes([content], compress=True)
    path = write(tmp_path, "bomb.pdf", data)
    ratio = len(content) / len(data)
    monkeypatch.setattr(limits, "MAX_INFLATE_RATIO", int(ratio) + 1)
    assert "1. first line" in read(path)
    monkeypatch.setattr(limits, "MAX_INFLATE_RATIO", int(ratio))
    assert skipped(path).endswith(f"a ratio over {int(ratio)} (limit MAX_INFLATE_RATIO)")


def test_reasons_name_the_file_in_the_error():
    error = InputError("a/b.docx", limits.too_many("table cells", 7, "MAX_TABLE_CELLS", 5))
    assert str(error) == "a/b.docx: too many table cells: 7 (limit MAX_TABLE_CELLS = 5)"
