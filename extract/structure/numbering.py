"""Numbered items and their hierarchy, rebuilt from the numbering itself.

``find_items(text, start, end) -> list[Item]`` finds every line that opens
with a numbering marker (一、 / （一） / 1. / （1） / ① / 第X章 …, see
``extract/rules/structure.yaml``) between two clean offsets, decides whether
it is a heading line or a paragraph, and links each item to its parent with
a rank stack, so numbering that restarts per chapter and numbering that
continues across chapters both work.  Markdown heading levels are ignored.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from extract.memo import memoized
from extract.rules.loader import load_rules


@dataclass
class Item:
    """One numbered line.  Offsets are clean-text offsets."""

    style: str
    rank: float  # from the rules; "1.1" (6.5) sits between "1." and "（1）"
    number: str  # the numeral as written, e.g. "7", "一", "1"
    marker: str  # the whole marker as written, e.g. "（一）", "7."
    start: int  # where the marker starts
    head_start: int  # first character after the marker
    line_end: int  # end of the item's first line (paragraph)
    end: int = 0  # end of the item's own text (next item or region end)
    heading: bool = False  # the line is a heading, not a paragraph
    parent: Optional[int] = None  # index into the item list
    children: list[int] = field(default_factory=list)


@lru_cache(maxsize=1)
def _compiled():
    rules = load_rules("structure.yaml")
    styles = rules["numbering"]
    alts = []
    for i, style in enumerate(styles):
        alts.append(f"(?P<s{i}>" + style["pattern"].replace("(?P<n>", f"(?P<n{i}>") + ")")
    markup = rules["line_markup"]["pattern"]  # "<b>一、…": inline markup before the marker
    line_re = re.compile(r"^[#>\s]*" + markup + "(?:" + "|".join(alts) + ")", re.MULTILINE)
    return {
        "styles": styles,
        "line": line_re,
        # a short line that may be a numbering marker alone ("（一）", "①", "第一章", "1.")
        "short_line": re.compile(r"^[#> \t\u3000]*(?P<m>[^\s#>][^\n]{0,11}?)[ \t\u3000]*$", re.MULTILINE),
        "annex_list": re.compile(rules["annex_list"]["pattern"], re.MULTILINE),
        "object_list": re.compile(rules["object_list"]["pattern"]), "object_end": re.compile(rules["object_list"]["end"]),
        "object_max": int(rules["object_list"]["max"]),
        "sentence_end": re.compile(rules["heading"]["sentence_end"]),
        "heading_max": int(rules["heading"]["max_length"]),
        "one_sentence": re.compile(rules["heading"]["one_sentence"]["pattern"]),
        "styles_re": [re.compile(style["pattern"]) for style in styles],
        "any_marker": re.compile("|".join(f"(?:{style['pattern']})" for style in styles).replace("(?P<n>", "(?:")),
        "inline": rules["inline_items"], "inline_head": re.compile(rules["inline_items"]["head"]),
        "inline_before": re.compile(rules["inline_items"]["before"]),
    }


def _paragraph_end(text: str, pos: int, limit: int) -> int:
    """End of the paragraph that contains ``pos`` (next newline)."""
    nl = text.find("\n", pos, limit)
    return limit if nl == -1 else nl


def is_heading_line(line: str) -> bool:
    """A short line without sentence punctuation at its end is a heading."""
    c = _compiled()
    s = line.strip()
    return 0 < len(s) <= c["heading_max"] and not c["sentence_end"].search(s)


def is_numbered_line(line: str) -> bool:
    """True when ``line`` opens with a numbering marker of ``structure.yaml``."""
    return _compiled()["line"].match(line) is not None


_SPACES = (" ", "\t", "\u3000")


@memoized(list)  # (a document is read twice when its prose assigns: remembered, the items shared)
def find_items(text: str, start: int = 0, end: Optional[int] = None) -> list[Item]:
    """Numbered items in ``text[start:end]`` with parents linked.

    Lines listing annex titles after "附件：" are not items.  Each item's
    ``end`` is the start of the next item (of any level) or ``end``.
    """
    c = _compiled()
    end = len(text) if end is None else end
    styles = c["styles"]
    found = list(c["annex_list"].finditer(text, start, end))
    lists = [(m.start(), _numbered_lines_end(text, m.end(), end) if m.group("inline") is not None
              else _list_block_end(text, m.end(), end)) for m in found]
    inline = [m.start() for m in found if m.group("inline") is not None]  # (it ends the item before it)
    lists += _object_lists(text, start, end)
    items: list[Item] = []
    stops: list[int] = []  # lone markers that number nothing: they only end the item before
    last: dict[str, int] = {}  # style -> number of its last item
    markers = _markers(text, start, end)
    spaced = {(idx, number_value(number)) for idx, _, me, number in markers
              if styles[idx].get("spaced_in_sequence") and text[me:me + 1] in _SPACES}
    for idx, marker_start, marker_end, number in markers:
        style = styles[idx]
        if any(a <= marker_start < b for a, b in lists):
            continue
        if spaced and (idx, number_value(number)) in spaced and text[marker_end:marker_end + 1] in _SPACES and not (
                {(idx, number_value(number) - 1), (idx, number_value(number) + 1)} & spaced):
            continue  # (a lone "（15） …": no list printed so)
        value = int(number) if number.isascii() and number.isdigit() else None
        if value is not None and value >= style.get("sequence_from", value + 1) and last.get(style["id"]) != value - 1:
            continue  # "2025、…" is no item 2025; "1000." after "999." is
        head_start = _head_start(text, marker_end, end)
        if head_start is None:
            stops.append(marker_start)
            continue
        if value is not None:
            last[style["id"]] = value
        line_end = _paragraph_end(text, head_start, end)
        items.append(
            Item(
                style=style["id"],
                rank=float(style["rank"]),
                number=number,
                marker=text[marker_start:marker_end],
                start=marker_start,
                head_start=head_start,
                line_end=line_end,
                heading=is_heading_line(text[head_start:line_end]),
            )
        )
    items = sorted(items + [new for item in items for new in _inline_items(text, item)], key=lambda it: it.start)
    _link(items, end, sorted(stops + inline))
    _settle_headings(text, items)
    return items


def _object_lists(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the enumerations of things after "以下九类群体：" up to the sentence end (rule ``object_list``): their
    markers number no items."""
    c = _compiled()
    out = []
    for m in c["object_list"].finditer(text, start, end):
        stop = c["object_end"].search(text, m.end(), min(end, m.end() + c["object_max"]))
        out.append((m.end(), stop.end() if stop else m.end()))
    return out


def _inline_items(text: str, item: Item) -> list[Item]:
    """Items run on after ``item``'s heading words on its own line ("（一）县文旅局 1.牵头…。2.督促…。", rule
    ``inline_items``): lower-level markers numbered 1, 2, … in a row; ``item``'s line then ends at the first."""
    c = _compiled()
    limit = min(item.line_end, item.head_start + 34)
    first = next((m.start() for m in c["any_marker"].finditer(text, item.head_start + 1, limit)
                  if c["inline_head"].fullmatch(text, item.head_start, m.start())), None)  # (may follow a word: "X局1.…")
    if first is None:
        return []
    for idx, style in enumerate(c["styles"]):
        if float(style["rank"]) <= item.rank or not c["styles_re"][idx].match(text, first, item.line_end):
            continue
        found, pos = [], first
        while (m := c["styles_re"][idx].match(text, pos, item.line_end)) and number_value(m["n"]) == len(found) + 1:
            found.append(m)
            nxt = next((k for k in range(m.end(), item.line_end) if c["inline_before"].match(text, k - 1)
                        and c["styles_re"][idx].match(text, k, item.line_end)), None)
            if nxt is None:
                break
            pos = nxt
        if len(found) < int(c["inline"]["min"]):
            return []
        ends = [f.start() for f in found[1:]] + [item.line_end]
        item.line_end = found[0].start()
        item.heading = is_heading_line(text[item.head_start:item.line_end])
        return [Item(style=style["id"], rank=float(style["rank"]), number=m["n"], marker=m.group().rstrip(),
                     start=m.start(), head_start=m.end(), line_end=e, heading=False) for m, e in zip(found, ends)]
    return []


@lru_cache(maxsize=4096)
def number_value(n: str) -> int:
    """A numeral as an int (一 → 1), 0 when unknown."""
    from extract.entities.numbers import parse_number

    if n.isascii() and n.isdigit():
        return int(n)
    v = parse_number(n)
    return int(v) if v is not None else 0


def _markers(text: str, start: int, end: int) -> list[tuple[int, int, int, str]]:
    """(style index, marker start, marker end, number as written) of every numbering marker
    that opens a line, the markers alone on their line included, in text order."""
    c = _compiled()
    line_re = c["line"]
    found = {}
    for m in line_re.finditer(text, start, end):
        idx = next(i for i in range(len(c["styles"])) if m.group(f"s{i}") is not None)
        marker_start = m.start(f"s{idx}")
        found[marker_start] = (idx, marker_start, marker_start + len(text[marker_start:m.end()].rstrip()),
                               m.group(f"n{idx}"))
    for m in c["short_line"].finditer(text, start, end):
        if m.start("m") in found:
            continue
        probe = m.group("m") + "甲"  # the marker as if text followed it on its line
        p = line_re.match(probe)
        if p is None or p.end() != len(probe) - 1:
            continue
        idx = next(i for i in range(len(c["styles"])) if p.group(f"s{i}") is not None)
        found[m.start("m")] = (idx, m.start("m"), m.end("m"), p.group(f"n{idx}"))
    return [found[k] for k in sorted(found)]


def _head_start(text: str, marker_end: int, end: int) -> Optional[int]:
    """Where the text a marker numbers starts: after the marker on its line, or, for a marker
    alone on its line, the next non-blank line when that line is not numbered itself
    (None: the marker numbers nothing)."""
    pos = marker_end
    while pos < end and text[pos] in " \t\u3000":
        pos += 1
    if pos < end and text[pos] != "\n":
        return pos
    while pos < end and text[pos].isspace():
        pos += 1
    if pos >= end:
        return None
    line = text[pos:_paragraph_end(text, pos, end)]
    if is_numbered_line(line) or _is_lone_marker(line):
        return None
    return pos


def _is_lone_marker(line: str) -> bool:
    """True when ``line`` is nothing but a numbering marker."""
    s = line.strip(" \t\u3000")
    if not s or len(s) > 12:
        return False
    p = _compiled()["line"].match(s + "甲")
    return p is not None and p.end() == len(s)


def _own_text(text: str, items: list[Item], i: int) -> str:
    item = items[i]
    own_end = items[item.children[0]].start if item.children else item.end
    return text[item.head_start:own_end].strip()


def _settle_headings(text: str, items: list[Item]) -> None:
    """An item whose whole own text is one short sentence ("（一）加快5G网络
    规模部署。") and that has numbered children is a heading too."""
    c = _compiled()
    for i, item in enumerate(items):
        if item.children and not item.heading:
            own = _own_text(text, items, i)
            if len(own) <= c["heading_max"] and c["one_sentence"].fullmatch(own):
                item.heading = True


def _list_block_end(text: str, pos: int, limit: int) -> int:
    """End of the list that follows an "附件：" line (first blank-line gap
    followed by a non-numbered line)."""
    m = re.compile(r"\n\s*\n(?![ \t]*[0-9]{1,2}\s*[.．、])").search(text, pos, limit)
    return m.start() if m else limit


def _numbered_lines_end(text: str, pos: int, limit: int) -> int:
    """End of the lines right after ``pos`` that each open with an arabic number ("1.X\n2.Y"): the annex
    titles an inline "附件：" lists (rule ``annex_list``, group ``inline``)."""
    for m in _NUMBERED_LINE.finditer(text, pos, limit):
        if m.start() != pos:
            break
        pos = m.end()
    return pos


_NUMBERED_LINE = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*[0-9]{1,2}\s*[.．、][^\n]*")


def _link(items: list[Item], end: int, stops: list[int] = ()) -> None:
    """Set ``end``, ``parent`` and ``children`` with a rank stack; an item also ends at the
    first of ``stops`` (sorted offsets of markers that number nothing) after it."""
    for i, item in enumerate(items):
        item.end = items[i + 1].start if i + 1 < len(items) else end
        k = bisect_left(stops, item.start + 1)
        if k < len(stops):
            item.end = min(item.end, stops[k])
    _inverted(items)
    _delimited(items)
    stack: list[int] = []
    for i, item in enumerate(items):
        while stack and items[stack[-1]].rank >= item.rank:
            stack.pop()
        if stack:
            item.parent = stack[-1]
            items[stack[-1]].children.append(i)
        stack.append(i)


def _delimiter(item: Item) -> str:
    return item.marker.strip(" \t\u3000")[-1:].replace("．", ".").replace("、", "、")


def _delimited(items: list[Item]) -> None:
    """A sub-list numbered in the style of an item above it but with another delimiter ("1、主要任务 … （6）营造…
    1.深化… 2.优化…": "1." under "（6）", not a sibling of "1、"): a run that opens at 1 below a lower-ranked item,
    where an earlier item of its style with another delimiter is still open, is given a rank just below the item
    before it (a rank stack would otherwise close every item up to that earlier one)."""
    for i, item in enumerate(items):
        if i == 0 or number_value(item.number) != 1 or items[i - 1].rank <= item.rank:
            continue
        mark = _delimiter(item)
        if not mark or mark not in ".、":
            continue
        earlier = [j for j in range(i) if items[j].style == item.style and items[j].rank == item.rank]
        if not earlier or _delimiter(items[earlier[-1]]) == mark or _delimiter(items[earlier[-1]]) not in ".、":
            continue
        rank, n = items[i - 1].rank + 0.05, 1
        for k in range(i, len(items)):
            it = items[k]
            if it.style == item.style and _delimiter(it) == mark and number_value(it.number) == n:
                it.rank, n = rank, n + 1
            elif it.rank <= items[i - 1].rank or (it.style == item.style and _delimiter(it) != mark):
                break


def _inverted(items: list[Item]) -> None:
    """A sub-list numbered in a style that ranks above its parent's ("（4）区农村发展局：1.海渔处：…2.水利处：…（5）区环境
    与国土资源局：…"): when an item continues the number of the last earlier item of its style and every item between
    them (two at least) is of one higher-ranked style numbered from 1 on, those items are the earlier item's sub-items; they are given
    a rank just below it (a rank stack would otherwise make the later items children of the last sub-item)."""
    last: dict[str, int] = {}  # style -> index of its last item
    for i, item in enumerate(items):
        j = last.get(item.style)
        last[item.style] = i
        if j is None or j + 2 >= i or number_value(item.number) != number_value(items[j].number) + 1:
            continue
        between = items[j + 1:i]
        style = between[0].style
        if any(b.style != style or b.rank >= item.rank for b in between):
            continue
        if [number_value(b.number) for b in between] != list(range(1, len(between) + 1)):
            continue
        for b in between:
            b.rank = item.rank + 0.05
