"""Read one input file into the *original text* every span points into.

``read_file`` dispatches on the file extension (sniffing the content when the
extension is unknown) and returns a :class:`RawText`.  All normalisation that
changes offsets (BOM removal, CRLF/CR -> LF, rendering of .docx/.pdf/.html to
plain text with Markdown pipe tables, and of an HTML page a .md or .txt file stores:
``extract.readers.embedded``) happens here, once.  Every failure is
reported as :class:`InputError` naming the file; no other exception escapes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from extract.readers import limits
from extract.readers.embedded import is_html_page
from extract.readers.html import markup_to_text
from extract.readers.text import InputError, RawText, decode_text, normalize_newlines

#: extension -> format name
_EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
}


def read_file(path: str | Path) -> RawText:
    """Read ``path`` and return its original text.

    Raises :class:`InputError` for a missing file, a directory, an unreadable
    file, an empty or whitespace-only file, binary content, undecodable text,
    a corrupt .docx/.pdf, a PDF without a text layer, and a file over one of
    the limits of :mod:`extract.readers.limits` (reason "too large: …", "too deep: …"
    or "too many …", naming the limit).
    """
    name = str(path)
    data = _read_bytes(Path(path), name)
    fmt = _EXTENSIONS.get(Path(path).suffix.lower()) or _sniff_format(data)
    try:
        text, encoding = _convert(data, fmt, name)
        if fmt in ("markdown", "text") and is_html_page(text):  # a page a crawl or a database stored as text
            text, fmt = markup_to_text(text, name), "html"
    except InputError:
        raise
    except RecursionError:
        raise InputError(name, f"too deep: {fmt} structure nested too deeply to parse") from None
    except Exception as exc:  # parser bugs must not escape as other types
        raise InputError(name, f"cannot read {fmt}: {type(exc).__name__}: {exc}") from None
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError(name, "no text content (only whitespace)")
    return RawText(path=name, text=text, format=fmt, encoding=encoding)


def _convert(data: bytes, fmt: str, name: str) -> tuple[str, Optional[str]]:
    """Turn file bytes of format ``fmt`` into (text, encoding)."""
    if fmt == "docx":
        from extract.readers.docx import docx_to_text

        return docx_to_text(data, name), None
    if fmt == "pdf":
        from extract.readers.pdf import pdf_to_text

        return pdf_to_text(data, name), None
    if fmt == "html":
        from extract.readers.html import html_to_text

        return html_to_text(data, name)
    return decode_text(data, name)


def _read_bytes(path: Path, name: str) -> bytes:
    """Return the bytes of ``path``; InputError when absent, a dir, unreadable,
    empty or larger than ``limits.MAX_INPUT_BYTES``."""
    try:
        if path.is_dir():
            raise InputError(name, "is a directory, not a file")
        if not path.exists():
            raise InputError(name, "file not found")
        size = path.stat().st_size
        if size > limits.MAX_INPUT_BYTES:
            raise InputError(name, limits.too_large("the file is", size, "MAX_INPUT_BYTES", limits.MAX_INPUT_BYTES))
        data = path.read_bytes()
    except InputError:
        raise
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read file: {exc.strerror or exc}") from None
    if not data:
        raise InputError(name, "empty file (0 bytes)")
    return data


def _sniff_format(data: bytes) -> str:
    """Guess the format of a file whose extension is unknown."""
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # docx_to_text rejects zips that are not Word documents
    if re.search(rb"(?i)<(?:!doctype\s+html|html[\s>])", head.lstrip()[:512]):
        return "html"
    return "text"
