"""Quality under a change of rendering (metamorphic measurement).

    python bench/format_invariance.py [--sets real real_unseen2 …] [--renderings one_line,pdf_wrap] [--out NAME] [--jobs 2]

The same document reaches users in every rendering crawlers and legal databases produce: paragraphs
run onto one line, paragraphs marked only by a full-width indent, half-width brackets and colons, text
in ``<p>`` elements of an HTML page, a PDF's text layer hard-wrapped at the 28 characters of a printed
line with page numbers.  The extractor's score should not depend on it.  For every document of the
non-blind gold sets this applies each rendering below to the reader's text (the *original*), extracts,
and scores against the gold (``tests/real_support.py``), the gold anchors moved to the same text in the
new rendering (mapped by the sequence of Chinese characters, which every rendering keeps and none adds: an anchor is
re-found at the matching position and made unique there).  Prints per rendering the mean task / dept /
target F1 and the documents whose task or dept F1 drops by more than 0.05 against the original, worst
first; ``--out`` also writes ``bench/results/format-invariance-NAME.md``.

Every rendering is deterministic and keeps the document's words; a Markdown pipe-table line stays a
line of its own in the paragraph renderings.  The table renderings (``table_*``, h10c) re-print every task
table of a document (a pipe table, or a ``<table>`` a crawl left in the text) as a crawler or a PDF prints
it: one cell a line with a merged cell printed once (``table_cells_per_line``), the same with long cells
broken into lines of 18 characters (``table_cells_wrapped``), an HTML page with merged cells as
``rowspan`` (``table_html``), a Markdown pipe table as the HTML and DOCX readers print one (``table_pipe``),
one cell a paragraph (``table_cells_paragraphs``, h11b); a task table a crawl stored one cell a paragraph is
re-printed from its grid as the flat reader reads it (h11b); ``table_lines_no_number`` and
``table_paragraphs_no_number`` (h12t) print the first two with the table's number column left out (a table keyed by
its items, 类别 | 项目 | 主要任务 | …); ``--tables-only`` scores only the documents that hold such a table.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if "--code" in sys.argv[:-1]:  # another checkout's extractor (its readers and rules), this checkout's gold and scorer
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()))

from bench.blind import held_out  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
DROP = 0.05
_TABLE = re.compile(r"\s*(?:\||<\/?(?:table|thead|tbody|tr|td|th)[\s>])")
_INDENT = re.compile(r"\u3000{2,}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING = re.compile(r"[ \t\u3000]*#{1,6}[ \t]+")


def _paragraphs(text: str) -> list[str]:
    """The text's non-empty lines, stripped, Markdown heading marks and a crawler's HTML comments dropped
    (no page or PDF shows those)."""
    out = []
    for line in _COMMENT.sub("", text).split("\n"):
        line = _HEADING.sub("", line, count=1).strip(" \t\u3000")
        if line:
            out.append(line)
    return out


def _runs(paras: list[str], join) -> str:
    """Paragraphs joined by ``join`` (a string or a function of the paragraph), table lines kept as lines."""
    out: list[str] = []
    run: list[str] = []
    for p in paras:
        if _TABLE.match(p):
            if run:
                out.append("".join(run))
                run = []
            out.append(p)
        else:
            run.append(join(p) if callable(join) else p)
    if run:
        out.append("".join(run))
    return "\n".join(out)


def one_line(text: str) -> str:
    """A crawl that dropped the ``<p>`` elements: the paragraphs run together on one line."""
    return _runs(_paragraphs(text), lambda p: p)


def indent_only(text: str) -> str:
    """A crawl that kept only the first-line indents: each paragraph opened by 　　, no line breaks."""
    return _runs(_paragraphs(text), lambda p: "\u3000\u3000" + p)


_ASCII_BRACKETS = str.maketrans({"（": "(", "）": ")"})
_ASCII_COLONS = str.maketrans({"：": ":"})
_ASCII_PUNCT = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def ascii_brackets(text: str) -> str:
    """Half-width round brackets for the full-width ones (an English input method, a database export)."""
    return text.translate(_ASCII_BRACKETS)


def ascii_colons(text: str) -> str:
    """Half-width colons for the full-width ones ("责任单位:市发改委")."""
    return text.translate(_ASCII_COLONS)


def ascii_punct(text: str) -> str:
    """Half-width brackets, colons, commas and semicolons at once (an OCR or a converted text layer)."""
    return text.translate(_ASCII_PUNCT)


def html_p(text: str) -> str:
    """Each paragraph in a ``<p>`` of a minimal HTML page, read back through the HTML reader."""
    from extract.readers.html import html_to_text
    from extract.readers.text import normalize_newlines

    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in _paragraphs(text))
    page = f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body>\n{body}\n</body></html>"
    out, _ = html_to_text(page.encode("utf-8"), "rendering.html")
    return normalize_newlines(out)


PDF_LINE = 28  # characters of a printed line of an official document (GB/T 9704)
PDF_PAGE = 22  # lines of a page


def pdf_wrap(text: str) -> str:
    """A PDF's text layer: paragraphs (a line, or a run of a line marked off by full-width indents) indented
    by 　　 and hard-wrapped at 28 characters, a page number line "— N —" after every 22 lines; table lines
    kept whole."""
    lines: list[str] = []
    paras = [q for p in _paragraphs(text) for q in ([p] if _TABLE.match(p) else _INDENT.split(p)) if q]
    for p in paras:  # (a crawl's run of paragraphs marked by indents was paragraphs on the printed page)
        if _TABLE.match(p):
            lines.append(p)
            continue
        p = "\u3000\u3000" + p
        start = 0
        while start < len(p):
            cut = start + PDF_LINE
            while cut < len(p) and " " in p[cut - 1:cut + 1]:  # (a typed space stays inside a line: a text layer keeps it)
                cut += 1
            lines.append(p[start:cut])
            start = cut
    out: list[str] = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % PDF_PAGE == 0 and i < len(lines):
            out.append(f"\n— {i // PDF_PAGE} —\n")
    return "\n".join(out)


_PIPE = re.compile(r"[ \t]*\|")
_RULE = re.compile(r"[ \t]*\|?[ \t:\-|]+\|?[ \t]*$")


def _pipe_tables(text: str, render_table) -> str:
    """``text`` with every Markdown pipe table (a run of ``|`` lines) replaced by ``render_table(rows, once)``,
    ``rows`` its rows as lists of stripped cells (the ``|---|`` rule dropped, the header first), ``once`` the
    same grid with a merged cell's repeats blanked (a data cell equal to the one above it)."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in block if not _RULE.match(ln)]
            out.append(render_table(rows, _printed_once(rows)) if len(rows) > 1 else "\n".join(block))
            block.clear()

    for line in text.split("\n"):
        if _PIPE.match(line):
            block.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


def _printed_once(rows: list[list[str]]) -> list[list[str]]:
    """A merged cell printed once: a cell (past the first column) equal to the one above it in a data row left empty."""
    out = [rows[0]]
    for r in range(1, len(rows)):
        out.append([("" if r > 1 and c > 0 and c < len(rows[r - 1]) and cell == rows[r - 1][c] else cell)
                    for c, cell in enumerate(rows[r])])
    return out


def _html_tables(text: str, render_table) -> str:
    """``text`` with every ``<table>`` a crawl left in it replaced by ``render_table(rows, once)`` (cells as the
    table reader reads them, a merged cell repeated in every row and column it covers in ``rows``, printed
    once, at its first position, in ``once``); a caption is printed as a line over the table."""
    from extract.structure.tables.html import _tables, html_blocks

    out, last = [], 0
    for (base, stop), rows in zip(_tables(text), html_blocks(text)):
        start = text.rfind("<table", 0, base)
        close = text.find(">", stop)
        grid = [[c.text for c in cells] for _, cells in rows]
        if start < last or close < 0 or len(grid) < 2:
            continue
        seen: set = set()
        once = []
        for _, cells in rows:
            once.append([("" if c.span in seen else c.text) for c in cells])
            seen.update(c.span for c in cells)
        caption = re.search(r"<caption\b[^>]*>(.*?)</caption\s*>", text[start:close], re.I | re.S)
        caption = re.sub(r"<[^>]*>|\s+", "", caption.group(1)) + "\n\n" if caption else ""
        out += [text[last:start].rstrip(" \t") + "\n", caption, render_table(grid, once), "\n"]
        last = close + 1
    return "".join(out) + text[last:]


def _tables_rendered(text: str, render_table) -> str:
    return _pipe_tables(_html_tables(_flat_tables(text, render_table), render_table), render_table)


def has_table(text: str) -> bool:
    """True for a text holding a pipe table, an HTML ``<table>`` or a task table printed one cell a paragraph."""
    pipe = any(_PIPE.match(ln) for ln in text.split("\n")) and "|---" in text.replace(" ", "").replace(":", "")
    return pipe or bool(re.search(r"<table\b", text, re.I)) or bool(_paragraph_tables(text))


def _paragraph_tables(text: str) -> list:
    if _OTHER_CODE:  # (the grid is read by this checkout's reader, whatever extractor is measured)
        return json.loads(_own("paragraph_tables", text))
    from extract.structure.tables.flat import paragraph_tables

    return paragraph_tables(text)


_OTHER_CODE = "--code" in sys.argv[:-1]


def _own(name: str, text: str) -> str:
    """``name`` (a rendering, or ``paragraph_tables``) applied to ``text`` by this checkout's code, in a
    process of its own (``--code`` puts another checkout's extractor first on this one's path)."""
    import subprocess

    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--own", name], input=text,
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return done.stdout


def _flat_tables(text: str, render_table) -> str:
    if _OTHER_CODE:
        return text if not _paragraph_tables(text) else _own_table(text, render_table)
    return _flat_tables_here(text, render_table)


def _own_table(text: str, render_table) -> str:
    """The paragraph tables of ``text`` printed by ``render_table`` (one of the renderings' own), by this
    checkout's reader in a process of its own."""
    name = next(n for n, f in _TABLE_PRINTERS.items() if f is render_table)
    return _own("flat:" + name, text)


def _flat_tables_here(text: str, render_table) -> str:
    """``text`` with every task table a crawl printed one cell a paragraph (h11b: the zhiyao87 上海 Markdown
    pages) replaced by ``render_table(rows, once)``, its grid as the flat table reader reads it (a merged
    cell repeated in ``rows``, printed once in ``once``; a group title printed between rows is a row of its
    own holding only the title)."""
    from extract.structure.tables.flat import column_keys, flat_table_rows

    out, last = [], 0
    for start, end, _ in _paragraph_tables(text):
        rows = flat_table_rows(text[start:end])
        if not rows:
            continue
        header = rows[0].header
        roles = column_keys(header)
        grid, once, title = [list(header)], [list(header)], None
        for row in rows:
            group = row.cells.get("category")
            if group is not None and "category" not in roles and group is not title:
                title = group
                grid.append([group.text] + [""] * (len(header) - 1))
                once.append(grid[-1])
            cells = [row.cells.get(role) for role in roles]
            grid.append([c.text if c is not None else "" for c in cells])
            once.append([c.text if c is not None and row.span[0] <= c.span[0] < row.span[1] else "" for c in cells])
        table_end = start + max(max(c.span[1] for c in row.cells.values()) for row in rows)
        at = text.rfind("\n", 0, start + text[start:end].find(header[0]))
        out += [text[last:at + 1], render_table(grid, once), "\n"]
        last = table_end
    return "".join(out) + text[last:]


def _cells_lines(rows, once) -> str:
    return "\n".join(c for row in once for c in row if c)


def table_cells_per_line(text: str) -> str:
    """A crawler flattening ``<td>``: every non-empty cell of a task table on a line of its own, header
    cells too, rows one after another; a merged (rowspan / colspan) cell printed once, at its first row."""
    return _tables_rendered(text, _cells_lines)


def table_pipe(text: str) -> str:
    """A page's ``<table>`` as the HTML and DOCX readers print it: a Markdown pipe table, merged cells repeated."""
    return _html_tables(_flat_tables(text, _pipe_printer), _pipe_printer)


def _pipe_printer(rows, once) -> str:
    from extract.readers.text import render_pipe_table

    return render_pipe_table(rows)


WRAP = 18  # characters of a task cell's printed line in a PDF table


def table_cells_wrapped(text: str) -> str:
    """A PDF table's text layer: one cell a line, as ``table_cells_per_line``, a long cell broken into
    lines of 18 characters."""
    return _tables_rendered(text, _wrapped_lines)


def _wrapped_lines(rows, once) -> str:
    out = []
    for row in once:
        for c in row:
            out += [c[i:i + WRAP] for i in range(0, len(c), WRAP)]
    return "\n".join(out)


def table_html(text: str) -> str:
    """The page's task tables as HTML ``<table>`` elements (a merged cell as ``rowspan``), the other lines
    as ``<p>``, read back through the HTML reader."""
    from extract.readers.html import html_to_text
    from extract.readers.text import normalize_newlines

    marked = _tables_rendered(text, _html_table)
    body = "\n".join(p if p.startswith("\x02") else f"<p>{html.escape(p, quote=False)}</p>"
                     for p in (p.strip() for p in _COMMENT.sub("", marked).split("\n")) if p).replace("\x02", "")
    page = f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body>\n{body}\n</body></html>"
    out, _ = html_to_text(page.encode("utf-8"), "rendering.html")
    return normalize_newlines(out)


def _html_table(rows, once) -> str:
    """A task table as an HTML ``<table>``, a merged cell as ``rowspan``."""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    span = [[1] * width for _ in rows]
    for c in range(1, width):
        r = len(rows) - 1
        while r > 1:
            if rows[r][c] and rows[r][c] == rows[r - 1][c]:
                span[r - 1][c] += span[r][c]
                span[r][c] = 0
            r -= 1
    body = []
    for r, row in enumerate(rows):
        tag = "th" if r == 0 else "td"
        cells = "".join("<%s%s>%s</%s>" % (tag, ' rowspan="%d"' % span[r][c] if span[r][c] > 1 else "",
                                           html.escape(cell, quote=False), tag)
                        for c, cell in enumerate(row) if span[r][c])
        body.append(f"<tr>{cells}</tr>")
    return "\x02<table>" + "".join(body) + "</table>"


RENDERINGS = {
    "one_line": one_line,
    "indent_only": indent_only,
    "ascii_brackets": ascii_brackets,
    "ascii_colons": ascii_colons,
    "ascii_punct": ascii_punct,
    "html_p": html_p,
    "pdf_wrap": pdf_wrap,
    "table_cells_per_line": table_cells_per_line,
    "table_cells_wrapped": table_cells_wrapped,
    "table_html": table_html,
    "table_pipe": table_pipe,
    "table_cells_paragraphs": None,  # (set below, h11b)
}
TABLE_RENDERINGS = {"table_cells_per_line", "table_cells_wrapped", "table_html", "table_pipe", "table_cells_paragraphs"}


def table_cells_paragraphs(text: str) -> str:
    """A crawl printing each ``<td>`` as a paragraph (h11b; the zhiyao87 上海 Markdown pages): one cell a
    line as ``table_cells_per_line``, a blank line between cells."""
    return _tables_rendered(text, _cells_paragraphs)


def _cells_paragraphs(rows, once) -> str:
    return "\n\n".join(c for row in once for c in row if c)


RENDERINGS["table_cells_paragraphs"] = table_cells_paragraphs


def _no_number(printer):
    """``printer`` of a task table printed with no number column (序号 left out; h12t: a crawl of a table whose
    rows are keyed by their item, 类别 | 项目 | 主要任务 | 牵头单位 | 配合单位)."""
    def without(rows, once):
        from extract.structure.tables.cells import header_role

        keep = [c for c, name in enumerate(rows[0]) if header_role(name) != "number"]
        return printer(*([[r[c] for c in keep if c < len(r)] for r in grid] for grid in (rows, once)))
    return without


_lines_no_number, _paragraphs_no_number = _no_number(_cells_lines), _no_number(_cells_paragraphs)


def table_lines_no_number(text: str) -> str:
    """``table_cells_per_line`` with the table's number column left out."""
    return _tables_rendered(text, _lines_no_number)


def table_paragraphs_no_number(text: str) -> str:
    """``table_cells_paragraphs`` with the table's number column left out."""
    return _tables_rendered(text, _paragraphs_no_number)


RENDERINGS["table_lines_no_number"] = table_lines_no_number
RENDERINGS["table_paragraphs_no_number"] = table_paragraphs_no_number
TABLE_RENDERINGS |= {"table_lines_no_number", "table_paragraphs_no_number"}
_TABLE_PRINTERS = {"cells_lines": _cells_lines, "pipe": _pipe_printer, "wrapped": _wrapped_lines, "html": _html_table,
                   "cells_paragraphs": _cells_paragraphs, "lines_no_number": _lines_no_number,
                   "paragraphs_no_number": _paragraphs_no_number}


# --- renderings 2 (session 32, h11d): a PDF text layer's page furniture, numbering styles, crawl characters ---
# A rendering that adds page furniture (a page number, a running header, a footnote) builds its text with the
# added material between FURN marks (``_furniture`` strips them and reports the spans): the gold's anchors are
# mapped by the document's own characters only, never into a header that repeats the title.
FURN = "\x01"


def _furniture(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """``marked`` without its FURN marks, and the spans (in the text returned) of the material they enclosed."""
    out, spans, pos, inside, start = [], [], 0, False, 0
    for part in marked.split(FURN):
        if inside:
            spans.append((pos, pos + len(part)))
        out.append(part)
        pos += len(part)
        inside = not inside
    return "".join(out), spans


def _title(paras: list[str]) -> str:
    """The running header of a document's pages: its title (the first line of 6 to 40 characters without
    punctuation, as a header line prints it whole), else none (a crawl's page has no printed title line)."""
    for p in paras[:8]:
        if 6 <= len(p) <= 40 and not re.search(r"[，。；：:,;]", p) and not _TABLE.match(p):
            return p
    return ""


_PAGE_STYLES = ("— {n} —", "-{n}-", "第{n}页 共{total}页", "- {n} -")


def _pages(text: str, style: int, header: bool, footnote: bool = False) -> str:
    """``pdf_wrap``'s printed lines cut into pages of 22 lines: between two pages the page's number (in the
    style ``_PAGE_STYLES[style]``; "第N页 共M页" counts the pages) and, with ``header``, the running header (the
    title) at the top of the next page; a page break falls wherever the 22nd line ends (inside a sentence, a
    bracket or a word).  With ``footnote``, the first line of every second page carries a footnote mark "①"
    between two words (from its 9th character on) and the page ends with the note's line "①本文所称…" — all of it furniture (marked)."""
    paras = _paragraphs(text)
    lines = pdf_wrap(text).split("\n")
    lines = [ln for ln in lines if ln and not re.fullmatch(r"— \d+ —", ln)]
    total = (len(lines) + PDF_PAGE - 1) // PDF_PAGE
    head = _title(paras)
    out: list[str] = []
    for i, line in enumerate(lines):
        page = i // PDF_PAGE + 1
        at = next((k + 1 for k in range(8, len(line) - 1) if _KEEP.match(line[k]) and _KEEP.match(line[k + 1])), 0)
        if i % PDF_PAGE == 0 and footnote and page % 2 == 0 and not _TABLE.match(line) and at:
            line = line[:at] + FURN + "①" + FURN + line[at:]
        out.append(line)
        if (i + 1) % PDF_PAGE == 0 and i + 1 < len(lines):
            furniture = []
            if footnote and page % 2 == 0:
                furniture.append("①本文所称有关单位指承担相应工作的单位。")
            furniture.append(_PAGE_STYLES[style].format(n=page, total=total))
            if header and head:
                furniture.append(head)
            out.append(FURN + "\n".join(["", *furniture, ""]) + FURN)
    return "\n".join(out)


def pdf_pages_marked(text: str) -> str:
    return _pages(text, 1, True)


def pdf_pages_total_marked(text: str) -> str:
    return _pages(text, 2, True)


def pdf_footnotes_marked(text: str) -> str:
    return _pages(text, 3, False, footnote=True)


def pdf_pages(text: str) -> str:
    """A PDF's text layer with its page furniture: the page number as "-3-" and the title as a running header
    at the top of every page, the page break cutting a sentence wherever the page is full."""
    return _furniture(pdf_pages_marked(text))[0]


def pdf_pages_total(text: str) -> str:
    """As ``pdf_pages``, the page number printed "第3页 共12页"."""
    return _furniture(pdf_pages_total_marked(text))[0]


def pdf_footnotes(text: str) -> str:
    """A PDF's text layer with footnotes: a mark "①" in a line and the note's line at the page's foot, "- 3 -"."""
    return _furniture(pdf_footnotes_marked(text))[0]


MARKED = {"pdf_pages": pdf_pages_marked, "pdf_pages_total": pdf_pages_total_marked,
          "pdf_footnotes": pdf_footnotes_marked}

_CN = "〇一二三四五六七八九十"
_CN_NUM = "[一二三四五六七八九十]{1,3}"
# a numbering marker at the start of a paragraph (after an indent or a Markdown heading mark): its style and number
_MARKER = re.compile(r"(?m)(?P<lead>(?:^|\u3000\u3000)[ \t\u3000#*]*)(?:(?P<cn_dun>" + _CN_NUM + r")、|[（(](?P<cn_paren>" + _CN_NUM
                     + r")[）)]|(?P<ar_dot>\d{1,2})[.．](?!\d)|(?P<ar_dun>\d{1,2})、|[（(](?P<ar_paren>\d{1,2})[）)])")


def _cn(n: int) -> str:
    if n <= 10:
        return " 一二三四五六七八九十"[n] if n else "〇"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _cn(tens)) + "十" + (_cn(ones) if ones else "")


def _arabic(s: str) -> int:
    d = {c: i for i, c in enumerate(_CN)}
    if "十" in s:
        a, _, b = s.partition("十")
        return (d[a] if a else 1) * 10 + (d[b] if b else 0)
    return d.get(s, 0)


_FORMS = {"cn_dun": "{c}、", "cn_paren": "（{c}）", "ar_dot": "{a}.", "ar_dun": "{a}、", "ar_paren": "（{a}）"}


def _renumbered(text: str, swap: dict[str, str]) -> str:
    """Every paragraph's numbering marker of a style in ``swap`` printed in the style it maps to (the number
    kept), when the document does not use that style already (a swap never merges two levels)."""
    used = {next(g for g in _FORMS if m.group(g)) for m in _MARKER.finditer(text)}
    kept: dict[str, str] = {}
    for a, b in swap.items():  # (two styles never printed as one)
        if a in used and (b not in used or b in swap) and b not in kept.values():
            kept[a] = b
    swap = kept

    def one(m):
        style = next(g for g in _FORMS if m.group(g))
        if style not in swap:
            return m.group(0)
        n = m.group(style)
        n = _arabic(n) if style.startswith("cn") else int(n)
        return m.group("lead") + _FORMS[swap[style]].format(c=_cn(n), a=n)
    return _MARKER.sub(one, text)


def numbering_swap(text: str) -> str:
    """The same document with its numbering styles swapped level for level: 一、 ↔ （一） and 1. ↔ （1）."""
    return _renumbered(text, {"cn_dun": "cn_paren", "cn_paren": "cn_dun", "ar_dot": "ar_paren",
                              "ar_paren": "ar_dot"})


def numbering_arabic(text: str) -> str:
    """Chinese numerals as Arabic ones: 一、 → 1、, （一） → （1）, and 1. → 1、 (when the style is free)."""
    return _renumbered(text, {"cn_dun": "ar_dun", "cn_paren": "ar_paren", "ar_dot": "ar_dun"})


def numbering_chinese(text: str) -> str:
    """Arabic numerals as Chinese ones: 1. and 1、 → 一、, （1） → （一） (when the style is free)."""
    return _renumbered(text, {"ar_dot": "cn_dun", "ar_dun": "cn_dun", "ar_paren": "cn_paren"})


_SPACED = re.compile(r"(?m)(?P<lead>(?:^|\u3000\u3000)[ \t\u3000#*]*)(?P<n>" + _CN_NUM + r"|\d{1,2})(?:、|[.．](?!\d))[ \t]*")


def number_space(text: str) -> str:
    """A number followed by a space instead of its dot or 、 ("1 加强…", "一 总体要求"), as a text layer prints it."""
    return _SPACED.sub(lambda m: m.group("lead") + m.group("n") + " ", text)


_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth_digits(text: str) -> str:
    """Full-width digits for every ASCII digit (２０２５年, １．加快), as a word processor's text."""
    return text.translate(_FULL_DIGITS)


def nbsp_spaces(text: str) -> str:
    """A crawl's ``&nbsp;``: every typed space and every full-width space between names a no-break space, a
    paragraph's indent (at a line's start or run into a line) four of them."""
    out = []
    for line in _COMMENT.sub("", text).split("\n"):
        if _TABLE.match(line):
            out.append(line)
            continue
        m = re.match(r"[\u3000]{2}|[ ]{2,4}", line)
        if m:
            line = "\u00a0" * 4 + line[m.end():]
        line = re.sub(r"\u3000{2,}", "\u00a0" * 4, line)  # (a run-in paragraph's indent)
        out.append(line.replace(" ", "\u00a0").replace("\u3000", "\u00a0"))
    return "\n".join(out)


def html_br(text: str) -> str:
    """An HTML page whose paragraphs are lines of one ``<div>`` separated by ``<br>`` (the indent as
    ``&nbsp;``), read back through the HTML reader."""
    from extract.readers.html import html_to_text
    from extract.readers.text import normalize_newlines

    paras = _paragraphs(text)
    body = "<br>\n".join(("&nbsp;" * 4 + html.escape(p, quote=False)) if not _TABLE.match(p) else html.escape(p, quote=False)
                         for p in paras)
    page = f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body><div class=\"content\">\n{body}\n</div></body></html>"
    out, _ = html_to_text(page.encode("utf-8"), "rendering.html")
    return normalize_newlines(out)


_INVISIBLE = ("\u200b", "\u00ad", "\ufeff", "\u200c")


def zero_width(text: str) -> str:
    """Invisible characters a crawl or a copy keeps: after every 13th Chinese character a zero-width space, a
    soft hyphen, a byte-order mark or a zero-width non-joiner in turn (names and numbers cut by them too)."""
    out, n = [], 0
    for ch in _COMMENT.sub("", text):
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff":
            n += 1
            if n % 13 == 0:
                out.append(_INVISIBLE[(n // 13) % len(_INVISIBLE)])
    return "".join(out)


RENDERINGS.update({
    "pdf_pages": pdf_pages,
    "pdf_pages_total": pdf_pages_total,
    "pdf_footnotes": pdf_footnotes,
    "numbering_swap": numbering_swap,
    "numbering_arabic": numbering_arabic,
    "numbering_chinese": numbering_chinese,
    "number_space": number_space,
    "fullwidth_digits": fullwidth_digits,
    "nbsp_spaces": nbsp_spaces,
    "html_br": html_br,
    "zero_width": zero_width,
})
# --- rendering 3 (session 32, h12h): a crawled HTML page stored as text ---
_P_STYLE = ("margin-top:0px;margin-bottom:0px;text-indent:2em;line-height:150%;font-family:仿宋_GB2312;"
            "font-size:16pt;color:#000000;text-align:justify")
_ENTITIES = str.maketrans({"“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;", "\u00a0": "&nbsp;"})


def html_page_md(text: str) -> str:
    """A crawler's or a database's record of the whole page stored in a ``.md`` file: a comment line, then the
    page's markup on one line, every paragraph a ``<p style=…>`` with a long style attribute opened by
    ``&nbsp;`` indents, quotes and dashes as entities (``&ldquo;`` ``&rdquo;`` ``&mdash;``), task tables as
    ``<table>`` (a merged cell as ``rowspan``); read back by the reader of a ``.md`` file (``read_file``)."""
    from extract.readers.dispatch import read_file

    marked = _tables_rendered(text, _html_table)
    parts = []
    for p in (_HEADING.sub("", p, count=1).strip(" \t\u3000") for p in _COMMENT.sub("", marked).split("\n")):
        if p.startswith("\x02"):
            parts.append(p[1:])
        elif p:
            body = html.escape(p, quote=False).translate(_ENTITIES)
            parts.append(f'<p style="{_P_STYLE}">' + "&nbsp;" * 4 + f"{body}</p>")
    page = ('<!-- source: a crawled page stored as a record field -->\n<div class="wrap" style="font-family:宋体;">'
            '<div class="pages_content" id="UCAP-CONTENT">' + "".join(parts) + "</div></div>\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.md"
        path.write_text(page, encoding="utf-8")
        return read_file(path).text


RENDERINGS["html_page_md"] = html_page_md


# --- rendering 4 (session 33, h13m and h13g, who wrote it independently): a task table whose cells a crawl ran together
def _cells_glued(rows, once) -> str:
    return "".join(c for row in once for c in row if c)


def table_glued(text: str) -> str:
    """A crawl that dropped the cells' markup and every break inside a task table: header and rows glued into
    one run ("序号工作任务责任单位1探索…市民政局2动员…"), a merged cell printed once, at its first row."""
    return _tables_rendered(text, _cells_glued)


RENDERINGS["table_glued"] = table_glued
TABLE_RENDERINGS.add("table_glued")
_TABLE_PRINTERS["glued"] = _cells_glued

# --- rendering 5 (session 33, h13m): an item's assignment bracket printed as a label line after it, and back ---
_END_BRACKET = re.compile(r"[（(〔【\[](?P<body>(?:责任单位|牵头单位|责任部门|牵头部门|配合单位|配合部门|参与单位|"
                          r"主办单位|协办单位)[：:][^（）()〔〕【】\[\]\n]{1,120}?(?:[（(][^（）()\n]{1,20}[）)][^（）()〔〕【】\[\]\n]{0,60}?)*)"
                          r"[）)〕】\]](?P<tail>[。；;]?)[ \t\u3000]*$", re.M)
_LABEL_LINE = re.compile(r"\n[ \t\u3000]*(?P<body>(?:责任单位|牵头单位|责任部门|牵头部门)[：:][^\n]{1,160}?)[。；;]?[ \t\u3000]*(?=\n|$)")


def brackets_as_labels(text: str) -> str:
    """A bracket of labelled units closing an item's paragraph ("…体系。（责任单位：市发改委）") printed as a label line
    after the item ("…体系。\n责任单位：市发改委"), as many plans print it."""
    return _END_BRACKET.sub(lambda m: m["tail"] + "\n" + m["body"], text)


def labels_as_brackets(text: str) -> str:
    """A label line after an item ("责任单位：市发改委") printed as a bracket closing the item's paragraph."""
    return _LABEL_LINE.sub(lambda m: "（" + m["body"] + "）", text)


RENDERINGS["brackets_as_labels"] = brackets_as_labels
RENDERINGS["labels_as_brackets"] = labels_as_brackets

_ASSIGN_BRACKET = re.compile(r"[（(](?P<body>(?:责任单位|牵头单位|责任部门|牵头部门)[：:][^（）()\n]{1,120}?|"
                             r"[^（）()\n，。；]{2,80}?(?:牵头|负责)(?:[，,；;][^（）()\n]{2,80}?(?:配合|参与|负责))?)[）)]")
_ROLE_CLAUSES = re.compile(r"^(?P<lead>[^，,；;]{2,80}?)牵头(?:[，,；;](?P<part>[^，,；;]{2,80}?)(?:配合|参与))?$")


def square_brackets(text: str) -> str:
    """An assignment bracket printed in 〔〕 (a province's house style: "〔责任单位：省发展改革委〕", "〔省科技厅牵头〕")."""
    return _ASSIGN_BRACKET.sub(lambda m: "〔" + m["body"] + "〕", text)


def roles_as_labels(text: str) -> str:
    """A bracket that states roles by verb ("（X牵头，Y配合）") printed with role labels ("（牵头单位：X；配合单位：Y）")."""
    def relabel(m):
        r = _ROLE_CLAUSES.match(m["body"])
        if not r or re.match(r"[\u4e00-\u9fff]{2,4}(?:单位|部门)[：:]", m["body"]):
            return m.group()
        part = f"；配合单位：{r['part']}" if r["part"] else ""
        return f"（牵头单位：{r['lead']}{part}）"
    return _ASSIGN_BRACKET.sub(relabel, text)


def bracket_before_period(text: str) -> str:
    """An item's closing bracket printed before its last full stop ("…体系（X负责）。" for "…体系。（X负责）")."""
    return re.sub(r"。(" + _ASSIGN_BRACKET.pattern + r")", r"\1。", text)


def run_in_titles_as_headings(text: str) -> str:
    """A run-in item title ("（一）加强统筹协调。科技部要…") printed as a heading line over its paragraph."""
    return re.sub(r"(?m)^([ \t\u3000]*[（(][一二三四五六七八九十]{1,3}[）)][^。\n]{2,24})。(?=\S)", "\\1\n", text)


RENDERINGS.update({"square_brackets": square_brackets, "roles_as_labels": roles_as_labels,
                   "bracket_before_period": bracket_before_period, "run_in_titles_as_headings": run_in_titles_as_headings})

_glued_no_number = _no_number(_cells_glued)


def table_glued_no_number(text: str) -> str:
    """``table_glued`` with the table's number column left out."""
    return _tables_rendered(text, _glued_no_number)


RENDERINGS["table_glued_no_number"] = table_glued_no_number
TABLE_RENDERINGS.add("table_glued_no_number")
_TABLE_PRINTERS["glued_no_number"] = _glued_no_number

# renderings that change a numbering marker's numeral: the anchors are mapped by the other Chinese characters
NUMERALS_CHANGED = {"numbering_swap", "numbering_arabic", "numbering_chinese"}

_KEEP = re.compile(r"[\u4e00-\u9fff]")


_KEEP_NO_NUMERALS = re.compile(r"[\u4e00-\u9fff](?<![〇一二三四五六七八九十])")


def _kept(text: str, skip: list[tuple[int, int]] = (), keep=_KEEP) -> tuple[str, list[int]]:
    """The Chinese characters of ``text`` (the sequence every rendering keeps, page numbers aside) and their
    offsets; none inside a ``skip`` span (furniture a rendering added); ``keep``: the characters that count."""
    import bisect

    starts = [a for a, _ in skip]
    def added(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and i < skip[k][1]
    offs = [m.start() for m in keep.finditer(text) if not (skip and added(m.start()))]
    return "".join(text[i] for i in offs), offs


def _moved(pos: int, size: int, old: tuple[str, list[int]], new: tuple[str, list[int]], new_len: int) -> int:
    """The offset in the new rendering of the first kept character at or after ``pos`` in the original:
    the same occurrence (by rank) of the ``size`` kept characters from there (a rendering may add kept
    characters of its own, a page number)."""
    import bisect

    (ko, oo), (kn, on) = old, new
    k = bisect.bisect_left(oo, pos)
    if k >= len(ko):
        return new_len
    sub = ko[k:k + max(1, size)]
    rank, i = 0, ko.find(sub)
    while 0 <= i < k:
        rank += 1
        i = ko.find(sub, i + 1)
    j = kn.find(sub)
    for _ in range(rank):
        if j < 0:
            break
        j = kn.find(sub, j + 1)
    if j < 0:
        j = min(k, len(on) - 1)
    return on[j] if on else new_len


def _unique_from(text: str, pos: int, hint: str) -> str:
    """A substring of ``text`` starting at ``pos`` whose first occurrence is at ``pos`` (at least ``hint`` long)."""
    n = max(4, len(hint))
    while pos + n <= len(text) and text.find(text[pos:pos + n]) != pos:
        n += 8
    return text[pos:pos + n] if pos + n <= len(text) else text[pos:]


_MARK_BEFORE = re.compile(r"(?:[（(][一二三四五六七八九十\d０-９]{1,3}[）)]|[一二三四五六七八九十\d０-９]{1,3}[、.．]?)[ \t\u00a0]*$")


def moved_gold(gold: dict, old: str, new: str, render, skip: list[tuple[int, int]] = (), numerals: bool = True) -> dict:
    """The gold with every anchor (and ``score_range``) moved to the same words in ``new`` (``skip``: spans of
    furniture the rendering added; ``numerals`` False: the rendering changed numbering markers' numerals, which
    are then no characters to map by, and an anchor that started with its marker starts with the new one)."""
    keep = _KEEP if numerals else _KEEP_NO_NUMERALS
    ok, nk = _kept(old, keep=keep), _kept(new, skip, keep)
    g = dict(gold)
    tasks = []
    for t in gold["tasks"]:
        t = dict(t)
        pos = old.find(t["anchor"])
        if pos >= 0:
            pos += re.match(r"(?:<[^>]*>\s*)*", t["anchor"]).end()
            anchor = t["anchor"][re.match(r"(?:<[^>]*>\s*)*", t["anchor"]).end():]
            first = next((i for i, ch in enumerate(anchor) if keep.match(ch)), 0)
            q = _moved(pos + first, len(keep.findall(anchor)), ok, nk, len(new))
            head = render(anchor[:first]).strip("\n") if first else ""  # "（一）" before the words, as rendered
            start = q - len(head) if head and new[max(0, q - len(head)):q] == head else q
            if head and start == q and _MARK_BEFORE.search(anchor[:first]):  # a marker printed another way
                m = _MARK_BEFORE.search(new, max(0, q - 12), q)
                start = m.start() if m and m.end() == q else q
            t["anchor"] = _unique_from(new, start, anchor)
        tasks.append(t)
    g["tasks"] = tasks
    if gold.get("score_range"):
        lo, hi = gold["score_range"]
        g["score_range"] = [_moved(lo, 12, ok, nk, len(new)), _moved(hi, 12, ok, nk, len(new)) if hi < len(old) else len(new)]
    return g


def documents(sets: list[str]) -> list[tuple[str, Path]]:
    blind = set(held_out())
    out = []
    for s in sets:
        if s in blind:
            raise SystemExit(f"{s} is blind (tests/fixtures/BLIND_SETS.txt): not measured")
        out += [(s, p) for p in sorted((FIXTURES / s / "gold").glob("*.json"))]
    return out


def score_one(args) -> tuple[str, str, dict[str, dict[str, float]]]:
    """F1 (task, dept, targets) of one document per rendering (``original`` first)."""
    folder, gold_path, names, tables_only = (*args, False)[:4]
    from extract.pipeline import extract_text
    from extract.readers.dispatch import read_file
    from tests.real_support import load_gold, score_file

    gold = load_gold(gold_path)
    doc = FIXTURES / folder / gold["file"]
    original = read_file(doc).text
    if tables_only and not has_table(original):
        return None
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ["original", *names]:
            render = RENDERINGS.get(name, lambda s: s)
            text, skip = _furniture(MARKED[name](original)) if name in MARKED else (render(original), [])
            g = gold if name == "original" else moved_gold(gold, original, text, render, skip,
                                                           name not in NUMERALS_CHANGED)
            gp = Path(tmp) / gold_path.name
            gp.write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
            docs = extract_text(text, str(doc))
            sc = score_file(folder, gp, predict=lambda _p, t=text, d=docs: (t, d))
            out[name] = {f: sc.f1(f) for f in ("task", "dept", "targets")}
            out[name]["anchors_lost"] = len(sc.missing_anchors)
    return folder, gold_path.stem, out


def run(sets: list[str], names: list[str], jobs: int = 1, tables_only: bool = False) -> list[tuple[str, str, dict]]:
    """Scores per document; ``tables_only``: only the documents whose text holds a pipe table (as the
    readers print a task table of a page, a DOCX or a Markdown file)."""
    work = [(f, p, names, tables_only) for f, p in documents(sets)]
    if jobs > 1:
        from multiprocessing import Pool

        with Pool(jobs) as pool:
            return [r for r in pool.map(score_one, work, chunksize=4) if r]
    return [r for r in map(score_one, work) if r]


def table(results, names: list[str], worst: int = 8) -> str:
    n = len(results)
    lines = ["| rendering | task F1 | dept F1 | target F1 | docs task or dept −>0.05 | worst documents (task / dept F1 drop) |",
             "|---|---|---|---|---|---|"]
    for name in ["original", *names]:
        mean = {f: sum(r[2][name][f] for r in results) / n for f in ("task", "dept", "targets")}
        drops = []
        for folder, stem, s in results:
            dt = s["original"]["task"] - s[name]["task"]
            dd = s["original"]["dept"] - s[name]["dept"]
            if dt > DROP or dd > DROP:
                drops.append((max(dt, dd), f"{folder}/{stem} ({-dt:.2f} / {-dd:.2f})"))
        drops.sort(key=lambda x: -x[0])
        lost = sum(s[name]["anchors_lost"] for _, _, s in results)
        worst_s = "; ".join(d for _, d in drops[:worst]) if name != "original" else ""
        lines.append(f"| {name} | {mean['task']:.3f} | {mean['dept']:.3f} | {mean['targets']:.3f} | "
                     f"{len(drops) if name != 'original' else '–'} | {worst_s}"
                     + (f" (anchors not re-found: {lost})" if lost else "") + " |")
    return "\n".join(lines)


def _own_main(name: str) -> None:
    """``--own NAME``: stdin's text through this checkout's ``paragraph_tables`` or ``flat:PRINTER``."""
    text = sys.stdin.read()
    if name == "paragraph_tables":
        sys.stdout.write(json.dumps(_paragraph_tables(text)))
    else:
        sys.stdout.write(_flat_tables_here(text, _TABLE_PRINTERS[name.split(":", 1)[1]]))


def main(argv=None) -> None:
    if (argv or sys.argv[1:])[:1] == ["--own"]:
        return _own_main((argv or sys.argv[1:])[1])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", help="gold sets (default: every non-blind real set)")
    ap.add_argument("--renderings", default=",".join(RENDERINGS))
    ap.add_argument("--out", help="write bench/results/format-invariance-OUT.md")
    ap.add_argument("--json", help="also write the per-document scores to this file")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--tables-only", action="store_true",
                    help="only documents with a task table (pipe table in the reader's text)")
    ap.add_argument("--code", help="score the extractor of this checkout (e.g. /tmp/lead/start)")
    a = ap.parse_args(argv)
    blind = set(held_out())
    sets = a.sets or sorted(p.name for p in FIXTURES.iterdir()
                            if p.is_dir() and re.fullmatch(r"real(_unseen\d*)?", p.name) and p.name not in blind)
    names = [n for n in a.renderings.split(",") if n]
    for n in names:
        if n not in RENDERINGS:
            raise SystemExit(f"unknown rendering {n}: {', '.join(RENDERINGS)}")
    results = run(sets, names, a.jobs, a.tables_only)
    t = table(results, names)
    print(t)
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=0), encoding="utf-8")
    if a.out:
        cmd = "python bench/format_invariance.py" + (f" --sets {' '.join(a.sets)}" if a.sets else "") + \
              (f" --renderings {a.renderings}" if a.renderings != ",".join(RENDERINGS) else "") + \
              (f" --code {a.code}" if a.code else "") + (" --tables-only" if a.tables_only else "") + f" --out {a.out}"
        (ROOT / "bench" / "results" / f"format-invariance-{a.out}.md").write_text(
            f"# Format invariance ({a.out})\n\n`{cmd}`\n\n{len(results)} documents of {len(sets)} sets "
            f"({', '.join(sets)}).\n\n{t}\n", encoding="utf-8")


# --- rendering 6 (session 34, h16g): a task table printed one row a line, a single space between cells (the 平潭
# pages' Word tables as their crawl keeps them: "1、行政审批…（4分） 分别从…不得分。 各级…备查。 规划、住建…等")
def _spaced_rows(rows, once) -> str:
    return "\n".join(" ".join(" ".join(c.split()) for c in row if c.strip()) for row in once)


def table_spaced_rows(text: str) -> str:
    """Every task table printed one row a line, its non-empty cells joined by a space, a merged cell printed once."""
    return _tables_rendered(text, _spaced_rows)


RENDERINGS["table_spaced_rows"] = table_spaced_rows
TABLE_RENDERINGS.add("table_spaced_rows")
_TABLE_PRINTERS["spaced_rows"] = _spaced_rows


if __name__ == "__main__":
    main()

