"""Text of .pdf files (pypdf); .docx files are read by ``extract.readers.docx``.

``pdf_to_text`` takes the file bytes and the path (for error messages) and
returns plain text; it raises :class:`extract.readers.InputError` for corrupt,
text-less or over-limit files.  Callers normalise line endings afterwards.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import io
import logging
import re
from collections import Counter

from extract.readers import limits
from extract.readers.text import InputError

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_]\s*(\d{1,4})\s*[-—–－_]|第\s*(\d{1,4})\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|(\d{1,4})\s*[/／]\s*\d{1,4}|(\d{1,4}))\s*$"
)
_DIGITS = re.compile(r"\d+")


def pdf_to_text(data: bytes, name: str) -> str:
    """Text of every page joined by blank lines, running headers/footers removed.

    Raises InputError for a corrupt or encrypted PDF, for a PDF whose pages
    yield no text ("no text layer (scanned PDF?)"), and for one over
    ``limits.MAX_PDF_PAGES``, ``MAX_PDF_PAGE_BYTES``, ``MAX_PDF_CONTENT_BYTES``
    or ``MAX_INFLATE_RATIO`` (checked on every page before any text is extracted).
    """
    from pypdf.errors import LimitReachedError, PyPdfError

    _install_font_cache()
    _install_hex_reader()
    token = _FONTS.set({})
    try:
        with _quiet("pypdf"):
            return _pdf_pages(data, name)
    except InputError:
        raise
    except LimitReachedError as exc:  # pypdf's own caps (75 MB per stream and the like)
        raise InputError(name, f"too large: {exc} (pypdf's limit)") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(name, f"corrupt PDF: {type(exc).__name__}: {exc}") from None
    finally:
        _FONTS.reset(token)


#: fonts pypdf has read in the PDF being read now: id(font dictionary) -> (dictionary, Font)
_FONTS: contextvars.ContextVar = contextvars.ContextVar("policykg_pdf_fonts", default=None)


def _install_font_cache() -> None:
    """Make pypdf read each font of a PDF once, not once per page that uses it.

    pypdf's text extraction rebuilds every font of a page, ToUnicode map included, on every
    page: one font whose map covers 65,536 codes cost 0.17 s per page, so a small file of many
    pages could take minutes.  While :func:`pdf_to_text` runs, ``Font.from_font_resource`` is
    answered from a per-call cache keyed by the font dictionary (pypdf resolves an indirect
    font to the same object on every page); a copy is returned because pages adjust it.
    """
    from pypdf.generic._font import Font

    if getattr(Font, "_policykg_cached", False):
        return
    original = Font.from_font_resource.__func__

    def from_font_resource(cls, pdf_font_dict):
        memo = _FONTS.get()
        if memo is None:
            return original(cls, pdf_font_dict)
        hit = memo.get(id(pdf_font_dict))
        if hit is None or hit[0] is not pdf_font_dict:
            hit = memo[id(pdf_font_dict)] = (pdf_font_dict, original(cls, pdf_font_dict))
        return copy.copy(hit[1])

    Font.from_font_resource = classmethod(from_font_resource)
    Font._policykg_cached = True


_NOT_HEX = re.compile(rb"[^0-9A-Fa-f\x00\t\n\f\r ]")
_PDF_WHITESPACE = b"\x00\t\n\f\r "


def read_hex_string(stream, forced_encoding=None):
    """pypdf's ``read_hex_string_from_stream`` (a ``<…>`` string, the stream at its ``<``),
    same result and errors, reading the digits in blocks instead of one byte at a time.

    pypdf's reader took 1.7 s for the 250,000 hex digits of a 117 KB CJK PDF (every glyph of
    an Identity-H font is written in hex), so hex-heavy pages ran far below 0.2 MB/s.
    """
    from pypdf.errors import STREAM_TRUNCATED_PREMATURELY, PdfStreamError
    from pypdf.generic._utils import create_string_object

    stream.read(1)
    parts = []
    while True:
        chunk = stream.read(8192)
        if not chunk:
            raise PdfStreamError(STREAM_TRUNCATED_PREMATURELY)
        end = chunk.find(b">")
        body = chunk if end < 0 else chunk[:end]
        bad = _NOT_HEX.search(body)
        if bad:
            raise PdfStreamError(f"Invalid hexadecimal character {bad.group()!r} in hex string")
        parts.append(body)
        if end >= 0:
            stream.seek(end + 1 - len(chunk), 1)
            break
    digits = b"".join(parts).translate(None, _PDF_WHITESPACE)
    if len(digits) % 2:
        digits += b"0"
    return create_string_object(bytes.fromhex(digits.decode("ascii")), forced_encoding)


def _install_hex_reader() -> None:
    """Let pypdf's object parser read hex strings with :func:`read_hex_string`."""
    from pypdf.generic import _data_structures

    if _data_structures.read_hex_string_from_stream is not read_hex_string:
        _data_structures.read_hex_string_from_stream = read_hex_string


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
    _check_limits(reader, len(data), name)
    pages = [_page_text(page) for page in reader.pages]
    if not any(page.strip() for page in pages):
        raise InputError(name, "no text layer (scanned PDF?)")
    pages = strip_running_lines([page.split("\n") for page in pages])
    return "\n\n".join("\n".join(lines) for lines in pages if lines) + "\n"


def _check_limits(reader, size: int, name: str) -> None:
    """InputError when the PDF has too many pages, or its decompressed page
    content is too large for one page, for all pages, or for the file's size."""
    count = len(reader.pages)
    if count > limits.MAX_PDF_PAGES:
        raise InputError(name, limits.too_many("PDF pages", count, "MAX_PDF_PAGES", limits.MAX_PDF_PAGES))
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        length = _content_length(page)
        if length > limits.MAX_PDF_PAGE_BYTES:
            raise InputError(name, limits.too_large(
                f"page {number}'s content is", length, "MAX_PDF_PAGE_BYTES", limits.MAX_PDF_PAGE_BYTES))
        total += length
        if total > limits.MAX_PDF_CONTENT_BYTES:
            raise InputError(name, limits.too_large(
                f"the content of pages 1-{number} is", total, "MAX_PDF_CONTENT_BYTES", limits.MAX_PDF_CONTENT_BYTES))
    entries = _font_map_entries(reader)
    if entries > limits.MAX_PDF_FONT_MAP_ENTRIES:
        raise InputError(name, limits.too_many("character codes in the fonts' ToUnicode maps", entries,
                                               "MAX_PDF_FONT_MAP_ENTRIES", limits.MAX_PDF_FONT_MAP_ENTRIES))
    if total > limits.INFLATE_RATIO_GRACE and total > limits.MAX_INFLATE_RATIO * size:
        raise InputError(name, f"too large: page content inflates to {limits.mb(total)} from a {size:,}-byte file, "
                               f"a ratio over {limits.MAX_INFLATE_RATIO} (limit MAX_INFLATE_RATIO)")


_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_RANGE = re.compile(rb"<([0-9A-Fa-f]{1,16})>\s*<([0-9A-Fa-f]{1,16})>\s*[<\[]")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_PAIR = re.compile(rb"<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>")
#: pypdf stops reading one ToUnicode map past this many codes (MAPPING_DICTIONARY_SIZE_LIMIT)
_PYPDF_MAP_CAP = 100_000


def _font_map_entries(reader) -> int:
    """Character codes the ToUnicode maps of every distinct font of the PDF define (each map
    counted up to pypdf's own cap): pypdf expands every code of every range, about 2.6 us each,
    so a few hundred bytes of map can stand for 65,536 codes."""
    seen: set[int] = set()
    total = 0
    for page in reader.pages:
        try:
            fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
            maps = [font.get_object().get("/ToUnicode") for font in fonts.values()]
        except Exception:  # a page whose resources pypdf cannot read yields no text either
            continue
        for ref in maps:
            if ref is None:
                continue
            key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(ref)
            if key in seen:
                continue
            seen.add(key)
            total += _map_entries(ref)
            if total > limits.MAX_PDF_FONT_MAP_ENTRIES:
                return total
    return total


def _map_entries(ref) -> int:
    """Codes one ToUnicode stream defines (0 when it cannot be read)."""
    try:
        data = ref.get_object().get_data()
    except Exception:
        return 0
    count = sum(len(_PAIR.findall(block)) for block in _BFCHAR.findall(data))
    for block in _BFRANGE.findall(data):
        for a, b in _RANGE.findall(block):
            count += max(0, int(b, 16) - int(a, 16) + 1)
            if count > _PYPDF_MAP_CAP:
                return _PYPDF_MAP_CAP
    return min(count, _PYPDF_MAP_CAP)


def _content_length(page) -> int:
    """Decompressed bytes of a page's content streams (0 when pypdf cannot read them:
    the page then contributes no text, as in ``_page_text``)."""
    from pypdf.errors import LimitReachedError

    try:
        contents = page.get_contents()
        return len(contents.get_data()) if contents is not None else 0
    except LimitReachedError:
        raise
    except Exception:
        return 0


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
