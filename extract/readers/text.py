"""The shared base of the readers: the error, the text record, decoding and pipe tables.

``InputError`` (a file that cannot be read, naming it), ``RawText`` (the
decoded text of one file), ``decode_text`` (bytes → text with BOM, UTF-8,
GB18030 and charset-normalizer fallbacks), ``normalize_newlines`` and
``render_pipe_table`` (a grid of cells → Markdown pipe table) are used by
``extract.readers.dispatch`` and by the format readers (html, docx, pdf),
which dispatch imports lazily; this module imports none of them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

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
