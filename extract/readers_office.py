"""Text of .docx (python-docx) and .pdf (pypdf) files.

Both functions take the file bytes and the path (for error messages) and
return plain text; they raise :class:`extract.readers.InputError` for corrupt
or text-less files.  Callers normalise line endings afterwards.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import zipfile
from collections import Counter

from extract.readers import InputError, render_pipe_table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes, name: str) -> str:
    """Render a Word document body: paragraphs and pipe tables in body order.

    Each non-empty paragraph is one line followed by a blank line; line breaks
    inside a paragraph become spaces.  Automatic (list) numbering is not
    rendered; literal numbering typed into the text is kept.  Headers,
    footers, footnotes and comments are not part of the body and are skipped.
    """
    if not data.startswith(b"PK"):
        raise InputError(name, "not a valid .docx (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise InputError(name, "not a valid .docx (zip without word/document.xml)")
    except zipfile.BadZipFile:
        raise InputError(name, "not a valid .docx (corrupt zip archive)") from None
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise InputError(name, f"corrupt .docx: {type(exc).__name__}: {exc}") from None
    blocks = list(_body_blocks(document.element.body, document))
    return "\n\n".join(block for block in blocks if block) + "\n"


def _body_blocks(element, parent):
    """Yield the text blocks of a body-like element (w:body, w:sdtContent)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == _W + "p":
            yield _paragraph_text(Paragraph(child, parent))
        elif child.tag == _W + "tbl":
            yield _table_text(Table(child, parent))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _body_blocks(content, parent)


def _paragraph_text(paragraph) -> str:
    """One line: the paragraph text with inner line breaks as spaces."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", paragraph.text).strip()


def _table_text(table) -> str:
    """A Word table as a pipe table; merged cells repeat their text."""
    rows = []
    for row in table.rows:
        try:
            cells = row.cells
        except Exception:  # malformed grid: fall back to the row's own cells
            cells = [cell for cell in _raw_cells(row, table)]
        rows.append([cell.text for cell in cells])
    return render_pipe_table(rows)


def _raw_cells(row, table):
    """Cells of a row read straight from its w:tc children."""
    from docx.table import _Cell

    return [_Cell(tc, table) for tc in row._tr.tc_lst]


# ---------------------------------------------------------------- PDF

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_]\s*(\d{1,4})\s*[-—–－_]|第\s*(\d{1,4})\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|(\d{1,4})\s*[/／]\s*\d{1,4}|(\d{1,4}))\s*$"
)
_DIGITS = re.compile(r"\d+")


def pdf_to_text(data: bytes, name: str) -> str:
    """Text of every page joined by blank lines, running headers/footers removed.

    Raises InputError for a corrupt or encrypted PDF and for a PDF whose pages
    yield no text ("no text layer (scanned PDF?)").
    """
    from pypdf.errors import PyPdfError

    try:
        with _quiet("pypdf"):
            return _pdf_pages(data, name)
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(name, f"corrupt PDF: {type(exc).__name__}: {exc}") from None


@contextlib.contextmanager
def _quiet(logger_name: str):
    """Silence a library's warnings about broken files while reading one."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


def _pdf_pages(data: bytes, name: str) -> str:
    """The body of pdf_to_text (pypdf errors propagate to the caller)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not _decrypt(reader):
        raise InputError(name, "encrypted PDF (password required)")
    pages = [_page_text(page) for page in reader.pages]
    if not any(page.strip() for page in pages):
        raise InputError(name, "no text layer (scanned PDF?)")
    pages = strip_running_lines([page.split("\n") for page in pages])
    return "\n\n".join("\n".join(lines) for lines in pages if lines) + "\n"


def _decrypt(reader) -> bool:
    """Try the empty user password (many PDFs are encrypted only to restrict printing)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # e.g. AES without the cryptography package
        return False


def _page_text(page) -> str:
    """Text of one page; a page pypdf cannot parse contributes nothing."""
    try:
        text = page.extract_text() or ""
    except Exception:
        return ""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove running headers/footers and page numbers from page line lists.

    Only the first two and last two non-empty lines of a page are candidates.
    A candidate is removed when (digits masked) it recurs at an edge of at
    least 60% of the pages (and of 3 pages or more) and is 5+ characters long
    or holds a number, or when it is a page
    number: a dashed/"第N页" form, or a bare number that equals the page
    index plus the offset most pages agree on (so a bare row number of a
    flattened table at a page edge is kept).
    """
    pages = [[line for line in lines] for lines in pages]
    edges = [_edge_indexes(lines) for lines in pages]
    counts = Counter()
    for lines, idx in zip(pages, edges):
        counts.update({_DIGITS.sub("#", lines[i].strip()) for i in idx})
    threshold = max(3, (len(pages) * 6 + 9) // 10)
    offset = _page_number_offset(pages, edges)
    for number, (lines, idx) in enumerate(zip(pages, edges)):
        drop = set()
        for i in idx:
            line = lines[i].strip()
            masked = _DIGITS.sub("#", line)
            if counts[masked] >= threshold and len(pages) >= 3 and _long_enough(masked):
                drop.add(i)
            elif _is_page_number(line, number, offset):
                drop.add(i)
        pages[number] = _trim_blank([line for i, line in enumerate(lines) if i not in drop])
    return pages


def _long_enough(masked: str) -> bool:
    """Repeated lines shorter than 5 chars without digits (a table header
    repeated on each page: 序号, 牵头单位) are content, not running text."""
    return len(masked) >= 5 or "#" in masked


def _edge_indexes(lines: list[str]) -> list[int]:
    """Indexes of the first two and last two non-empty lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:2] + filled[-2:]))


def _page_number_offset(pages: list[list[str]], edges: list[list[int]]) -> int:
    """The (bare number - page index) most pages agree on; 1 when none does."""
    votes = Counter()
    for number, (lines, idx) in enumerate(zip(pages, edges)):
        found = set()
        for i in idx:
            match = _PAGE_NUMBER.match(lines[i])
            if match and match.group(4):
                found.add(int(match.group(4)) - number)
        votes.update(found)
    if votes:
        value, count = votes.most_common(1)[0]
        if count * 2 >= len(pages) and count >= 2:
            return value
    return 1


def _is_page_number(line: str, number: int, offset: int) -> bool:
    """True for a page-number line of page ``number`` (0-based)."""
    match = _PAGE_NUMBER.match(line)
    if not match:
        return False
    if match.group(4):
        return int(match.group(4)) == number + offset
    return True


def _trim_blank(lines: list[str]) -> list[str]:
    """Drop leading and trailing blank lines."""
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines
