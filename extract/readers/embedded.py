"""An HTML page or fragment stored in a text file, read as the page it is.

Crawlers and databases store a whole web page's markup (``<p style=…>`` with long attributes, ``<br>``,
``<table>``, ``&nbsp;``) in a ``.md`` or ``.txt`` file or in a record's field.  Whether a text is such a
page is decided from its content, not its extension (rule ``html-embedded-page`` in
``extract/rules/html.yaml``): it opens a few block elements and nearly all of its Chinese text stands
inside them.  Such a text is rendered by the HTML reader (:func:`extract.readers.html.markup_to_text`:
block elements to paragraphs, tables to pipe tables, entities decoded), and the rendering is the
*original text* every span points into, as for a ``.html`` file.  Markdown with a little inline HTML keeps
most of its text outside any block element and is read as text.
"""

from __future__ import annotations

import functools
import re

from extract.rules.loader import copied_rules

_TAG = re.compile(r"<!--.*?(?:-->|$)|<(/?)([a-zA-Z][\w:-]{0,30})(?:\s[^<>]*)?>", re.S)
_CLOSE = re.compile(r"</([a-zA-Z][\w:-]{0,30})\s*>")
#: elements a page may leave open (the next block closes them): an open <p> or <li> holds its text
_IMPLIED = frozenset(("p", "li", "dd", "dt", "body", "html"))
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@functools.lru_cache(maxsize=1)
def _rule() -> dict:
    rule = dict(copied_rules("html.yaml")["embedded_page"])
    rule["blocks"] = re.compile(rule["pattern"])
    rule["breaks"] = re.compile(rule["break_pattern"])
    return rule


def page_shares(text: str) -> tuple[int, int, int, int]:
    """(block elements opened, CJK characters inside a block element, CJK characters outside all, paragraph
    breaks within a line) of ``text``; HTML comments count for none.  A break within a line is a paragraph
    tag (``break_pattern``) with Chinese text before and after it on the same line of the file: a paragraph
    boundary only the markup shows.  An element holds text only when a close of its name answers it (or it is
    one a page may leave open, ``<p>``): a stray ``<table`` or ``<div>`` in prose holds nothing.  Breaks within a row of two or more cells (a task table a crawl stored,
    which the table reader reads in place) do not count; a layout table's one cell is the page.  One pass
    over the tags (an unclosed ``<p>`` keeps what follows inside, as a browser does)."""
    rule = _rule()
    blocks_re, breaks_re = rule["blocks"], rule["breaks"]
    depth = blocks = inside = outside = 0
    stack: list[str] = []
    opened: dict[str, int] = {}
    closes: dict[str, int] = {}
    for m in _CLOSE.finditer(text):
        name = m.group(1).lower()
        closes[name] = closes.get(name, 0) + 1
    rows: list[list[int]] = [[0, 0]]  # [cells, breaks] of each open table row; the page at the bottom
    last, line_cjk, pending = 0, False, False
    for m in [*_TAG.finditer(text), None]:
        segment = text[last:m.start() if m else len(text)]
        count = len(_CJK.findall(segment))
        if depth:
            inside += count
        else:
            outside += count
        if count:
            head, newline, _ = segment.partition("\n")
            if pending and _CJK.search(head):
                rows[-1][1] += 1
            line_cjk = bool(_CJK.search(segment.rpartition("\n")[2] if newline else head))
            pending = False
        elif "\n" in segment:
            line_cjk = pending = False
        if m is None:
            break
        last = m.end()
        name = (m.group(2) or "").lower()
        if not name:
            continue
        if line_cjk and breaks_re.match(name):
            pending = True
        if name == "tr" and not m.group(1):
            rows.append([0, 0])
        elif name in ("td", "th") and not m.group(1):
            rows[-1][0] += 1
        elif name in ("tr", "table") and m.group(1) and len(rows) > 1:
            _close_row(rows)
        if not blocks_re.match(name):
            continue
        if m.group(1):
            if name in stack:  # (a close without its open is a stray tag)
                del stack[len(stack) - 1 - stack[::-1].index(name):]
        elif not m.group().endswith("/>"):
            blocks += 1
            opened[name] = opened.get(name, 0) + 1
            if opened[name] <= closes.get(name, 0) or name in _IMPLIED:
                stack.append(name)  # (an open no close of its name answers, a stray "<table" in prose, holds nothing)
        depth = len(stack)
    while len(rows) > 1:
        _close_row(rows)
    return blocks, inside, outside, rows[0][1]


def _close_row(rows: list[list[int]]) -> None:
    """Close the innermost open row: its breaks count for the enclosing row when it had one cell."""
    cells, breaks = rows.pop()
    if cells <= 1:
        rows[-1][1] += breaks


def is_html_page(text: str) -> bool:
    """Whether ``text`` is an HTML page or fragment whose text is all on one line, or whose paragraphs only its
    markup marks, the markup a fair share of it (rule ``html-embedded-page``)."""
    if "<" not in text:
        return False
    rule = _rule()
    blocks, inside, outside, breaks = page_shares(text)
    if blocks < rule["min_blocks"] or not inside or outside > rule["max_outside_share"] * (inside + outside):
        return False
    if _text_lines(text) <= rule["max_text_lines"] and _opens_with_markup(text):
        return True
    return breaks >= rule["min_breaks"] and _markup_share(text) >= rule["min_markup_share"]


def _opens_with_markup(text: str) -> bool:
    """Whether ``text``, HTML comments and white space aside, starts with a tag (a stored page does; prose a few
    stray tags were put into does not)."""
    return _bare(text).lstrip(" \t\n\r\u3000\ufeff").startswith("<")


def _markup_share(text: str) -> float:
    """Characters of tags (comments aside) per non-space character of ``text``."""
    tags = sum(len(m.group()) for m in _TAG.finditer(text) if m.group(2))
    return tags / max(1, len(text) - sum(text.count(c) for c in " \t\n\u3000"))


def _text_lines(text: str) -> int:
    """Lines of ``text`` holding Chinese text (HTML comments aside): 1 for a page stored on one line."""
    return sum(1 for line in _bare(text).split("\n") if _CJK.search(line))


def _bare(text: str) -> str:
    """``text`` without its HTML comments."""
    return _COMMENT.sub("", text) if "<!--" in text else text
