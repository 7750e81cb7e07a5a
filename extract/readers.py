"""Read one input file into the *original text* every span points into.

``read_file`` dispatches on the file extension (sniffing the content when the
extension is unknown) and returns a :class:`RawText`.  All normalisation that
changes offsets (BOM removal, CRLF/CR -> LF, rendering of .docx/.pdf/.html to
plain text with Markdown pipe tables) happens here, once.  Every failure is
reported as :class:`InputError` naming the file; no other exception escapes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from extract import limits

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

#: bytes that never occur in text (besides \t \n \f \r and ESC-free prose)
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32), 127])
_SNIFF_SIZE = 1 << 20
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NEWLINES = re.compile(r"\r\n?")


class InputError(Exception):
    """A file that cannot be read as a policy document.

    ``path`` is the file as given, ``reason`` a short human-readable cause;
    ``str(error)`` is the single line ``"<path>: <reason>"``.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class RawText:
    """The decoded, line-normalised text of one file.

    ``format`` is one of "markdown", "text", "docx", "pdf", "html";
    ``encoding`` is the byte encoding that was decoded (``None`` for formats
    whose text comes from a parser: docx, pdf), with ``+replaced`` when a few
    undecodable bytes were replaced by U+FFFD (see :func:`decode_text`).
    """

    path: str
    text: str
    format: str
    encoding: Optional[str]


def read_file(path: str | Path) -> RawText:
    """Read ``path`` and return its original text.

    Raises :class:`InputError` for a missing file, a directory, an unreadable
    file, an empty or whitespace-only file, binary content, undecodable text,
    a corrupt .docx/.pdf, a PDF without a text layer, and a file over one of
    the limits of :mod:`extract.limits` (reason "too large: …", "too deep: …"
    or "too many …", naming the limit).
    """
    name = str(path)
    data = _read_bytes(Path(path), name)
    fmt = _EXTENSIONS.get(Path(path).suffix.lower()) or _sniff_format(data)
    try:
        text, encoding = _convert(data, fmt, name)
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
        from extract.readers_docx import docx_to_text

        return docx_to_text(data, name), None
    if fmt == "pdf":
        from extract.readers_office import pdf_to_text

        return pdf_to_text(data, name), None
    if fmt == "html":
        from extract.readers_html import html_to_text

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


def decode_text(data: bytes, name: str, declared: Optional[str] = None) -> tuple[str, str]:
    """Decode text bytes: BOM, then UTF-8, ``declared``, GB18030; then UTF-8 when all but a
    few bytes decode (at most one per 1,000, or 16), replacing those by U+FFFD and naming
    the encoding ``utf-8+replaced``; then charset-normalizer.

    Returns (text without BOM, encoding name).  Raises InputError for binary
    content (NUL bytes, many control bytes, zip/pdf signatures) and for bytes
    no encoding decodes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(name, f"undecodable text (invalid {encoding} after BOM)") from None
            _check_control_chars(text[:_SNIFF_SIZE], name)
            return text.lstrip("\ufeff"), encoding
    _check_binary(data, name)
    candidates = ["utf-8"]
    if declared:
        candidates.append(declared)
    candidates.append("gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    # UTF-8 but for a few damaged bytes (a cut download, a flipped byte); not GB18030, which
    # decodes most random byte pairs: garbage would pass as text
    text = data.decode("utf-8", "replace")
    if text.count(REPLACEMENT) <= max(MAX_REPLACED_MIN, len(data) // MAX_REPLACED_PER_BYTES):
        return text, "utf-8" + REPLACED_SUFFIX
    return _decode_fallback(data, name)


#: a UTF-8 text that decodes but for a few bytes is read with U+FFFD in their place, and
#: the document warns (code ``undecodable-bytes``): at most one per 1,000 bytes, or 16
REPLACEMENT = "\ufffd"
MAX_REPLACED_MIN = 16
MAX_REPLACED_PER_BYTES = 1000
#: added to ``RawText.encoding`` when bytes were replaced ("utf-8+replaced")
REPLACED_SUFFIX = "+replaced"


def _decode_fallback(data: bytes, name: str) -> tuple[str, str]:
    """Last resort: ask charset-normalizer; InputError if it finds nothing."""
    try:
        from charset_normalizer import from_bytes

        wide = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
        best = from_bytes(data[:_SNIFF_SIZE], cp_exclusion=wide).best()  # wide needs a BOM
        if best is not None:
            return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError, ImportError):
        pass
    raise InputError(name, "undecodable text (not UTF-8, UTF-16 or GB18030)")


def _check_binary(data: bytes, name: str) -> None:
    """Raise InputError when ``data`` looks like a binary file."""
    head = data[:_SNIFF_SIZE]
    if head.startswith(b"PK\x03\x04"):
        raise InputError(name, "binary file (zip archive), not text")
    if head.startswith(b"%PDF-"):
        raise InputError(name, "binary file (PDF), not text")
    if b"\x00" in head:
        raise InputError(name, "binary file (contains NUL bytes)")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls * 100 > len(head):
        raise InputError(name, "binary file (too many control characters)")


def _check_control_chars(text: str, name: str) -> None:
    """Binary check on already decoded text (for UTF-16/32 with BOM)."""
    bad = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\x1b") + text.count("\x7f")
    if "\x00" in text or bad * 100 > max(len(text), 1):
        raise InputError(name, "binary file (control characters after BOM)")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR -> LF; drop a leading BOM character."""
    return _NEWLINES.sub("\n", text).lstrip("\ufeff")


def render_pipe_table(rows: list[list[str]]) -> str:
    """Render a grid of cell texts as a Markdown pipe table (first row = header).

    Cell-internal whitespace runs (newlines included) become one space and
    ``|`` becomes the full-width ``｜`` so the table stays parseable.  Short
    rows are padded with empty cells.  Returns "" for an empty grid.
    """
    grid = [[_cell_text(cell) for cell in row] for row in rows if row]
    if not grid:
        return ""
    width = max(len(row) for row in grid)
    lines = []
    for index, row in enumerate(grid):
        row = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(row) + " |")
        if index == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


_CELL_SPACE = re.compile(r"[\s\u3000]+")


def _cell_text(text: str) -> str:
    """One-line cell text: collapsed whitespace, no pipe characters."""
    return _CELL_SPACE.sub(" ", text).strip().replace("|", "｜")
