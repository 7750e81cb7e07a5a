"""Text of a .docx file, read straight from ``word/document.xml`` with lxml.

``docx_to_text(data, name) -> str`` renders the body as python-docx presents
it (paragraph text of runs and hyperlinks, tables with merged cells repeated)
in one linear pass.  Only the document part is decompressed, through a
bounded reader: the zip's declared size, the bytes actually inflated and the
compression ratio are checked against :mod:`extract.readers.limits`, and so is the
number of table cells.  Raises :class:`extract.readers.InputError` for a
file that is not a Word document, is corrupt, or is over a limit.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Iterator, Optional

from extract.readers import limits
from extract.readers.text import InputError, render_pipe_table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PART = "word/document.xml"
_CHUNK = 1 << 16
_INNER_BREAK = re.compile(r"[ \t]*\n[ \t]*")
#: run children and their text (python-docx's CT_R.text); w:br is handled apart
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def docx_to_text(data: bytes, name: str) -> str:
    """Render a Word document body: paragraphs and pipe tables in body order.

    Each non-empty paragraph is one line followed by a blank line; line breaks
    inside a paragraph become spaces.  Automatic (list) numbering is not
    rendered; literal numbering typed into the text is kept.  Headers,
    footers, footnotes and comments are not part of the body and are skipped.
    """
    if not data.startswith(b"PK"):
        raise InputError(name, "not a valid .docx (not a zip archive)")
    xml = read_zip_part(data, _PART, name)
    body = _parse(xml, name).find(_W + "body")
    if body is None:
        raise InputError(name, "corrupt .docx: no w:body in word/document.xml")
    props = _grid_props(body)
    _check_cells(body, props, name)
    blocks = list(_body_blocks(body, props))
    return "\n\n".join(block for block in blocks if block) + "\n"


def read_zip_part(data: bytes, part: str, name: str) -> bytes:
    """The decompressed bytes of ``part`` of the zip archive ``data``.

    Raises InputError for a corrupt zip, a missing part, a part compressed
    other than stored or deflated, and a part whose declared or actually
    inflated size exceeds ``MAX_UNZIPPED_BYTES`` or whose compression ratio
    exceeds ``MAX_INFLATE_RATIO`` (past ``INFLATE_RATIO_GRACE`` bytes).  Inflation
    runs in chunks and stops at the limit; zipfile itself stops at the
    declared size, so a header that understates it fails its CRC check
    ("corrupt zip archive") rather than inflating further.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo(part)
            except KeyError:
                raise InputError(name, f"not a valid .docx (zip without {part})") from None
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                # other methods inflate a whole chunk at once, unbounded (Word never uses them)
                raise InputError(name, f"not a valid .docx ({part} compressed with method {info.compress_type})")
            _check_size(info.file_size, info.compress_size, f"{part} declares", name)
            chunks, total = [], 0
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    _check_size(total, info.compress_size, f"{part} decompresses to", name)
                    chunks.append(chunk)
            return b"".join(chunks)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
            NotImplementedError, RuntimeError, ValueError):  # bad CRC or method, encrypted, truncated
        raise InputError(name, "not a valid .docx (corrupt zip archive)") from None


def _check_size(size: int, compressed: int, what: str, name: str) -> None:
    """InputError when ``size`` decompressed bytes are over the size or ratio limit."""
    if size > limits.MAX_UNZIPPED_BYTES:
        raise InputError(name, limits.too_large(what, size, "MAX_UNZIPPED_BYTES", limits.MAX_UNZIPPED_BYTES))
    if size > limits.INFLATE_RATIO_GRACE and size > limits.MAX_INFLATE_RATIO * max(compressed, 1):
        raise InputError(name, f"too large: {what} {limits.mb(size)} from {compressed:,} compressed bytes, "
                               f"a ratio over {limits.MAX_INFLATE_RATIO} (limit MAX_INFLATE_RATIO, a zip bomb?)")


def _parse(xml: bytes, name: str):
    """The root element of ``xml``; InputError when it is not well-formed or too deep.

    The parser is python-docx's (blank text between tags dropped, no entity
    expansion, no network); libxml2 refuses documents nested over 256 levels.
    """
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):
            raise InputError(name, "too deep: word/document.xml nested more than 256 levels "
                                   "(libxml2's limit)") from None
        raise InputError(name, f"corrupt .docx: XMLSyntaxError: {exc}") from None


def _grid_props(body) -> dict:
    """{w:tc or w:tr element: {tag: element}}: the first w:gridSpan and w:vMerge
    of each cell's w:tcPr and the w:gridBefore of each row's w:trPr, found in
    one pass over the body (asking each cell costs a scan of its children)."""
    props: dict = {}
    for element in body.iter(_W + "gridSpan", _W + "vMerge", _W + "gridBefore"):
        pr = element.getparent()
        owner = pr.getparent() if pr is not None else None
        if owner is not None and pr.tag in (_W + "tcPr", _W + "trPr"):
            props.setdefault(owner, {}).setdefault(element.tag, element)
    return props


def _check_cells(body, props: dict, name: str) -> None:
    """InputError when the body's tables would render more than MAX_TABLE_CELLS cells."""
    total = 0
    for table in body.iter(_W + "tbl"):
        rows = [row for row in table if row.tag == _W + "tr"]
        width = max((sum(_grid_span(tc, props) or 1 for tc in row if tc.tag == _W + "tc") for row in rows),
                    default=0)
        total += len(rows) * width
        if total > limits.MAX_TABLE_CELLS:
            raise InputError(name, limits.too_many("table cells", total, "MAX_TABLE_CELLS", limits.MAX_TABLE_CELLS))


def _body_blocks(element, props: dict) -> Iterator[str]:
    """Yield the text blocks of a body-like element (w:body, w:sdtContent)."""
    for child in element:
        if child.tag == _W + "p":
            yield _INNER_BREAK.sub(" ", _paragraph_text(child)).strip()
        elif child.tag == _W + "tbl":
            yield render_pipe_table(_table_rows(child, props))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _body_blocks(content, props)


def _paragraph_text(p) -> str:
    """python-docx's Paragraph.text: the runs and hyperlinked runs of ``p``."""
    out = []
    for child in p:
        if child.tag == _W + "r":
            out.append(_run_text(child))
        elif child.tag == _W + "hyperlink":
            out.extend(_run_text(run) for run in child if run.tag == _W + "r")
    return "".join(out)


def _run_text(run) -> str:
    """python-docx's Run.text: w:t text, tabs, breaks (a page or column break is "")."""
    out = []
    for child in run:
        tag = child.tag
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag == _W + "br":
            out.append("\n" if child.get(_W + "type", "textWrapping") == "textWrapping" else "")
        elif tag in _RUN_TEXT:
            out.append(_RUN_TEXT[tag])
    return "".join(out)


def _cell_text(tc) -> str:
    """python-docx's _Cell.text: the cell's own paragraphs, one per line."""
    return "\n".join(_paragraph_text(p) for p in tc if p.tag == _W + "p")


def _table_rows(table, props: dict) -> list[list[str]]:
    """The cell texts of each row as python-docx's ``row.cells`` gives them: a
    cell spanning N grid columns repeated N times, a vertically merged
    continuation cell replaced by the cell it continues.  A row whose merge
    cannot be resolved falls back to its own cells, each once."""
    rows = []
    above: dict[int, tuple[str, int]] = {}  # grid offset -> (text, span) of the row above
    for tr in table:
        if tr.tag != _W + "tr":
            continue
        here: dict[int, Optional[tuple[str, int]]] = {}
        cells: Optional[list[str]] = []
        before = props.get(tr, {}).get(_W + "gridBefore")
        offset = (_int(before.get(_W + "val")) or 0) if before is not None else 0
        for tc in tr:
            if tc.tag != _W + "tc":
                continue
            span = _grid_span(tc, props)
            merge = props.get(tc, {}).get(_W + "vMerge")
            if merge is not None and merge.get(_W + "val", "continue") == "continue":
                root = above.get(offset) if span is not None else None
            else:
                root = (_cell_text(tc), span) if span is not None else None
            here[offset] = root
            if root is None or cells is None:
                cells = None
            else:
                cells.extend([root[0]] * root[1])
            offset += span or 1
        rows.append(cells if cells is not None else [_cell_text(tc) for tc in tr if tc.tag == _W + "tc"])
        above = {k: v for k, v in here.items() if v is not None}
    return rows


def _grid_span(tc, props: dict) -> Optional[int]:
    """w:gridSpan/@w:val (1 when absent); None when it is not a positive number."""
    span = props.get(tc, {}).get(_W + "gridSpan")
    return _int(span.get(_W + "val")) if span is not None else 1


def _int(value) -> Optional[int]:
    """A positive decimal attribute as an int, else None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
