"""Input limits every reader enforces, so that no file can make a build slow or huge.

A file over a limit is not read: the reader raises
:class:`extract.readers.InputError` with a reason that starts with
``too large``, ``too deep`` or ``too many`` and names the limit, e.g.
``too large: word/document.xml decompresses to 300.0 MB (limit MAX_UNZIPPED_BYTES = 64.0 MB)``,
and a build lists the file among the skipped ones.

The values are module constants, read at call time (tests and callers may
change them).  Defaults are far above any real policy document seen so far:
the largest real files are a few MB of text and a few thousand table cells.

Work is linear in the bytes a reader inflates; for compressed containers
(.docx, PDF content streams) those caps, not the file size, bound the time.
"""

from __future__ import annotations

#: bytes of one input file on disk
MAX_INPUT_BYTES = 64 * 2**20
#: bytes decompressed from one part of a zip-based file (.docx), both as the
#: zip declares it and as actually read
MAX_UNZIPPED_BYTES = 16 * 2**20
#: inflated / compressed bytes: of a zip part, and of a PDF's page content
#: against the file; checked once more than INFLATE_RATIO_GRACE bytes are
#: inflated (real Word parts stay under 40, an empty python-docx table is 255,
#: a deflate bomb about 1,000)
MAX_INFLATE_RATIO = 500
INFLATE_RATIO_GRACE = 2**20
#: table cells of one file, counted as rendered (rows x widest row, spans expanded)
MAX_TABLE_CELLS = 50_000
#: element nesting depth of an HTML page (real pages stay under 60)
MAX_HTML_DEPTH = 400
#: pages of one PDF
MAX_PDF_PAGES = 5_000
#: decompressed content-stream bytes of one PDF page (pypdf's text extraction
#: slows down more than linearly within a page: 1.9 MB took 5.6 s) and of all pages
MAX_PDF_PAGE_BYTES = 2**20
MAX_PDF_CONTENT_BYTES = 32 * 2**20
#: character codes defined by the ToUnicode maps of all distinct fonts of one PDF (pypdf
#: expands each code of a range, about 2.2 us each: 500,000 is about 1.1 s; a real CJK
#: PDF has a few fonts of at most 65,536 codes each)
MAX_PDF_FONT_MAP_ENTRIES = 500_000


def mb(count: int) -> str:
    """``count`` bytes as "12.3 MB" (MiB, one decimal), or "1,234 bytes" below 1 MB."""
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count:,} bytes"


def too_large(what: str, size: int, limit_name: str, limit: int) -> str:
    """The skip reason for ``what`` of ``size`` bytes over the byte limit ``limit_name``."""
    return f"too large: {what} {mb(size)} (limit {limit_name} = {mb(limit)})"


def too_many(what: str, count: int, limit_name: str, limit: int) -> str:
    """The skip reason for ``count`` things over the count limit ``limit_name``."""
    return f"too many {what}: {count:,} (limit {limit_name} = {limit:,})"


def too_deep(what: str, limit_name: str, limit: int) -> str:
    """The skip reason for ``what`` nested deeper than the depth limit ``limit_name``."""
    return f"too deep: {what} nested more than {limit:,} levels (limit {limit_name} = {limit:,})"
