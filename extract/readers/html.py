"""Article text of a saved HTML page (BeautifulSoup + lxml).

``html_to_text`` keeps the title and the article body, drops page furniture
(navigation, header, footer, scripts, share bars) and renders paragraphs as
lines separated by blank lines and ``<table>`` as Markdown pipe tables.  The
selectors and noise patterns live in ``extract/rules/html.yaml``.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from extract.readers import limits
from extract.readers.text import InputError, decode_text, render_pipe_table
from extract.rules.loader import copied_rules

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"[\s\u3000\xa0]+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")
_CHARSET = re.compile(rb"""(?i)<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w-]{1,40})""")
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i kbd label mark q s samp small span "
    "strike strong sub sup time tt u var wbr img o:p".split()
)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


@functools.lru_cache(maxsize=1)
def html_rules() -> dict:
    """The parsed ``rules/html.yaml`` (loaded once)."""
    rules = copied_rules("html.yaml")
    rules["noise_re"] = re.compile(rules["noise"]["pattern"])
    return rules


def html_to_text(data: bytes, name: str) -> tuple[str, str]:
    """Return (article text, encoding) of an HTML page given as bytes.

    The first line is the title when one is found; then the body blocks,
    separated by blank lines.  Raises InputError when the bytes are not
    decodable text, the page has no text at all, its elements nest deeper
    than ``limits.MAX_HTML_DEPTH`` or its tables hold more than
    ``limits.MAX_TABLE_CELLS`` cells.  Every step is one pass over the tree.
    """
    match = _CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii").lower() if match else None
    text, encoding = decode_text(data, name, _ALIASES.get(declared or "", declared))
    return markup_to_text(text, name), encoding


def markup_to_text(text: str, name: str) -> str:
    """The article text of an HTML page or fragment already decoded (``html_to_text`` after decoding; an
    HTML page a text file stores, ``extract.readers.embedded``); the same InputErrors."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    _check_depth(soup, name)
    title = _find_title(soup)
    _drop_noise(soup)
    body = _choose_body(soup)
    if body is None:
        raise InputError(name, "no text content in HTML page")
    tree = _Tree(body, name)
    blocks = [block for block in _blocks(body, tree) if block]
    if title and (not blocks or _plain(blocks[0]) != _plain(title)):
        blocks.insert(0, title)
    return "\n\n".join(blocks) + "\n"


def clean_inline(text: str, keep_gaps: bool = False) -> str:
    """Collapse whitespace to one space, drop spaces between CJK characters.

    ``keep_gaps`` (a paragraph's text): only the white space of the page's source lines (a run holding a
    line break) is dropped between CJK characters; a typed gap is kept, one space, or two full-width spaces
    for an indent ("…责任。 附件：…", "…配合）　　2．…": a crawl's lost paragraph marks, read by
    ``extract.structure.rebreak``)."""
    if keep_gaps:
        text = _SPACE.sub(_typed_gap, text)
        return _CJK_GAP.sub("", text).replace("\x00", " ").strip(" \u3000")
    return _CJK_GAP.sub("", _SPACE.sub(" ", text)).strip()


def _typed_gap(m) -> str:
    run = m.group()
    if "\n" in run or "\r" in run:
        return " "
    return "\u3000\u3000" if "\u3000\u3000" in run else "\x00"


def _plain(text: str) -> str:
    """Comparison key: text without any whitespace."""
    return _SPACE.sub("", text)


def _find_title(soup) -> Optional[str]:
    """Title from meta ArticleTitle, then h1/.title, then <title>."""
    rules = html_rules()
    for key in rules["title_meta"]:
        meta = soup.find("meta", attrs={"name": key}) or soup.find("meta", attrs={"property": key})
        if meta and clean_inline(meta.get("content") or ""):
            return clean_inline(meta["content"])
    for selector in rules["title_selectors"]:
        node = soup.select_one(selector)
        if node is not None and clean_inline(node.get_text(" ")):
            return clean_inline(node.get_text(" "))
    if soup.title and soup.title.string:
        return re.split(r"\s*[_|｜]\s*|\s+-\s+", clean_inline(soup.title.string))[0] or None
    return None


def _drop_noise(soup) -> None:
    """Remove furniture tags, furniture selectors and noise-classed elements.

    One walk from the root that does not descend into a removed element
    (asking bs4 whether an element is already decomposed scans its subtree)."""
    rules = html_rules()
    tags = set(rules["drop_tags"])
    selected = {id(node) for selector in rules["drop_selectors"] for node in soup.select(selector)}
    noise = rules["noise_re"]
    protected = {selector.lstrip("#.") for selector in rules["body_selectors"]}
    doomed, stack = [], [soup]
    while stack:
        for node in stack.pop().find_all(True, recursive=False):
            if node.name in tags or id(node) in selected or _noisy(node, noise, protected):
                doomed.append(node)
            else:
                stack.append(node)
    for node in doomed:
        node.decompose()


def _noisy(node, noise, protected) -> bool:
    """An element whose id or class names furniture (never <html>, <body> or a body selector)."""
    if node.name in ("html", "body"):
        return False
    names = [node.get("id") or ""] + list(node.get("class") or [])
    if any(n in protected for n in names):
        return False
    return any(noise.search(n) for n in names if n)


def _check_depth(soup, name: str) -> None:
    """InputError when elements nest deeper than ``limits.MAX_HTML_DEPTH``."""
    depth = {id(soup): 0}
    for node in soup.descendants:
        if getattr(node, "name", None) is not None:
            level = depth[id(node.parent)] + 1
            if level > limits.MAX_HTML_DEPTH:
                raise InputError(name, limits.too_deep("HTML elements", "MAX_HTML_DEPTH", limits.MAX_HTML_DEPTH))
            depth[id(node)] = level


def _cjk_counts(soup) -> dict[int, int]:
    """CJK characters in the text of every element, by id: one pass, bottom-up."""
    counts: dict[int, int] = {}
    tags = []
    for node in soup.descendants:
        if getattr(node, "name", None) is not None:
            tags.append(node)
        elif type(node).__name__ in ("NavigableString", "CData"):
            key = id(node.parent)
            counts[key] = counts.get(key, 0) + len(_CJK.findall(node))
    for tag in reversed(tags):
        if tag.parent is not None:
            key = id(tag.parent)
            counts[key] = counts.get(key, 0) + counts.get(id(tag), 0)
    return counts


def _choose_body(soup):
    """The article element: first known selector with enough CJK text, else
    the parent of <p> elements holding the most CJK characters, else <body>."""
    rules = html_rules()
    counts = _cjk_counts(soup)
    for selector in rules["body_selectors"]:
        for node in soup.select(selector):
            if counts.get(id(node), 0) >= rules["min_body_cjk"]:
                return node
    scores: dict[int, tuple[int, object]] = {}
    for para in soup.find_all("p"):
        parent = para.parent
        old = scores.get(id(parent), (0, parent))
        scores[id(parent)] = (old[0] + counts.get(id(para), 0), parent)
    if scores:
        best, node = max(scores.values(), key=lambda item: item[0])
        if best:
            return node
    return soup.body or soup


class _Tree:
    """What the block renderer asks of every element, found in one pass over
    ``body``: which elements hold a block element or a table below them, and
    a running count of table cells (InputError past ``limits.MAX_TABLE_CELLS``)."""

    def __init__(self, body, name: str) -> None:
        self.name = name
        self.cells = 0
        self.has_block: set[int] = set()
        self.has_table: set[int] = set()
        for node in body.descendants:
            if getattr(node, "name", None) in _BLOCK_TAGS:
                self._mark(node, self.has_block)
                if node.name == "table":
                    self._mark(node, self.has_table)

    @staticmethod
    def _mark(node, marked: set[int]) -> None:
        parent = node.parent
        while parent is not None and id(parent) not in marked:
            marked.add(id(parent))
            parent = parent.parent

    def add_cells(self, count: int) -> None:
        self.cells += count
        if self.cells > limits.MAX_TABLE_CELLS:
            raise InputError(self.name, limits.too_many(
                "table cells", self.cells, "MAX_TABLE_CELLS", limits.MAX_TABLE_CELLS))


_BLOCK_TAGS = frozenset(("p", "div", "table", "br", "li"))


def _blocks(node, tree: _Tree) -> list[str]:
    """Paragraph texts and rendered tables of ``node``, in document order."""
    blocks: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = clean_inline("".join(buffer), keep_gaps=True)
        if text:
            blocks.append(text)
        buffer.clear()

    for child in node.children:
        name = getattr(child, "name", None)
        if name is None:
            if type(child).__name__ in ("NavigableString", "CData"):
                buffer.append(str(child))
        elif name == "br":
            flush()
        elif name in _INLINE and id(child) not in tree.has_block:
            buffer.append(child.get_text())
        elif name == "table" and _is_data_table(child, tree):
            flush()
            blocks.append(_table_text(child, tree))
        else:
            flush()
            blocks.extend(_blocks(child, tree))
    flush()
    return blocks


def _is_data_table(table, tree: _Tree) -> bool:
    """False for layout tables (nested tables or a single column)."""
    if id(table) in tree.has_table:
        return False
    rows = table.find_all("tr")
    return bool(rows) and max(len(row.find_all(["td", "th"])) for row in rows) > 1


def _table_text(table, tree: Optional[_Tree] = None) -> str:
    """Pipe table of an HTML table, rowspan/colspan cells repeated; its cells
    count towards ``tree``'s cell limit (a table alone: its own)."""
    tree = tree or _Tree(table, "<table>")
    rows = table.find_all("tr")
    cells = [row.find_all(["td", "th"], recursive=False) for row in rows]
    spans = [[(_span(cell.get("rowspan"), len(rows) - r), _span(cell.get("colspan"), 50)) for cell in row]
             for r, row in enumerate(cells)]
    tree.add_cells(sum(down * across for row in spans for down, across in row))
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(cells):
        c = 0
        for cell, (rowspan, colspan) in zip(row, spans[r]):
            while (r, c) in grid:
                c += 1
            text = _cell_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), text)
            c += colspan
    if not grid:
        return ""
    width = max(c for _, c in grid) + 1
    tree.add_cells(max(0, len(rows) * width - len(grid)))  # padding of short rows
    matrix = [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    return render_pipe_table([row for row in matrix if any(row)])


_CELL_BREAK = "\x01"
_CELL_BLOCKS = ("br", "p", "div", "li")


def _cell_text(cell) -> str:
    """A cell's text on one line: lines broken by <br> (or paragraphs) are
    joined directly after punctuation, else with "；" (so "省发展改革委<br>省财政厅"
    stays two names)."""
    pieces = []
    for node in cell.descendants:
        name = getattr(node, "name", None)
        if name in _CELL_BLOCKS:
            pieces.append(_CELL_BREAK)
        elif name is None and type(node).__name__ in ("NavigableString", "CData"):
            pieces.append(" " + str(node) + " ")
    out = ""
    for line in "".join(pieces).split(_CELL_BREAK):
        line = clean_inline(line)
        if line:
            out += ("" if not out or out[-1] in "。；;，,、：:" else "；") + line
    return out


def _span(value, limit: int) -> int:
    """A rowspan/colspan attribute as an int in 1..limit."""
    try:
        return max(1, min(int(str(value).strip()), max(limit, 1)))
    except (TypeError, ValueError):
        return 1
