"""Builders of hostile and minimal input files, shared by the benchmarks and the tests.

Everything here is deterministic and needs nothing beyond the standard
library: a .docx is a zip of hand-written WordprocessingML, a .pdf is written
object by object with a correct cross-reference table.

    docx_bytes(body_xml) -> bytes                   a Word file whose body is body_xml
    docx_paragraphs(lines) -> str                   body XML: one paragraph per line
    docx_table(rows) -> str                         body XML: one table
    pdf_bytes(pages, compress=False) -> bytes       a PDF, one content stream per page
    pdf_text_page(lines) -> bytes                   a content stream printing ASCII lines
    nested_divs(depth, closed=True) -> bytes        HTML nesting <div> depth levels
    many_cells_docx(cells, cols=50) -> bytes        a table of distinct numbers
    zip_bomb_docx(compressed=256_000) -> bytes      about ``compressed`` bytes zipped, a
                                                    document.xml of one paragraph repeated
    dense_brackets(size) -> str                     one bracket-assigned numbered task per line
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_bytes(body_xml: str, document_xml: str | None = None) -> bytes:
    """A minimal .docx (deflated zip) whose w:body holds ``body_xml``
    (or whose word/document.xml is ``document_xml`` verbatim)."""
    xml = document_xml or (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                           f'<w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("word/document.xml", xml)):
            info = zipfile.ZipInfo(name, date_time=(2022, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()


def docx_paragraphs(lines: list[str]) -> str:
    """Body XML with one paragraph (one run) per line."""
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)


def docx_table(rows: list[list[str]]) -> str:
    """Body XML of one table, a cell per string."""
    cells = ("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row)
             + "</w:tr>" for row in rows)
    return "<w:tbl>" + "".join(cells) + "</w:tbl>"


def many_cells_docx(cells: int, cols: int = 50) -> bytes:
    """A heading and one table of ``cells`` cells holding distinct numbers
    (compresses about 50:1, like a real generated sheet)."""
    rows = [[str(r * cols + c) for c in range(cols)] for r in range(max(1, cells // cols))]
    return docx_bytes(docx_paragraphs(["一、推进工作（市发改委牵头）"]) + docx_table(rows))


def zip_bomb_docx(compressed: int = 256_000) -> bytes:
    """A .docx of about ``compressed`` bytes whose document.xml inflates about
    300-fold: the same numbered, bracket-assigned paragraph over and over."""
    para = docx_paragraphs(["1.推进工作（市发改委牵头）"])
    count = compressed * 300 // len(para.encode())
    data = docx_bytes(para * count)
    return docx_bytes(para * int(count * compressed / len(data)))


def nested_divs(depth: int, closed: bool = True) -> bytes:
    """An HTML page whose one task sits inside ``depth`` nested <div>s."""
    inner = "<p>一、推进工作。（市发改委牵头）</p>"
    tail = "</div>" * depth if closed else ""
    return f"<html><body>{'<div>' * depth}{inner}{tail}</body></html>".encode()


def dense_brackets(size: float) -> str:
    """About ``size`` MB of numbered tasks, each closed by two unit brackets."""
    line = "1.推进工作（市发改委牵头）（市科技局、市财政局配合）\n"
    return line * max(1, int(size * 1e6 / len(line.encode())))


def pdf_text_page(lines: list[str]) -> bytes:
    """A content stream printing ASCII ``lines`` in Helvetica, top to bottom."""
    ops = ["BT /F1 11 Tf 14 TL 50 800 Td"]
    for line in lines:
        text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({text}) Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1", "replace")


def pdf_bytes(pages: list[bytes], compress: bool = False) -> bytes:
    """A PDF 1.4 file with one page per content stream (Helvetica as /F1)."""
    objects: list[bytes] = [b"", b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for content in pages:
        data = zlib.compress(content) if compress else content
        flt = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), flt) + data + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects) - 1))
        kids.append(b"%d 0 R" % (len(objects) - 1))
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (objects[0] is a placeholder: PDF object numbers start at 1;
    object 1 is the catalog) with its cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects[1:], start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % len(objects)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects), xref)
    return bytes(out)
