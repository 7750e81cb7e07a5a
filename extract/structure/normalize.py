"""Undo conversion damage while keeping a map back to the original offsets.

``clean(original) -> CleanText`` removes Markdown bold markers, drops page
furniture (page-number lines such as "— 12 —" and running headers next to
them), joins lines that a page break or hard wrap split in mid-sentence,
removes spaces inside numbers and dates ("到 2025 年" → "到2025年"),
unifies half-width brackets and punctuation inside Chinese text with their
full-width forms, drops HTML comments and database furniture lines, and puts
line breaks back before inline numbering where a crawler lost them
(``extract.structure.rebreak``).

Joining (decision, see ``join`` in the rules file): a line continues on the
next when it is at least 16 characters long, holds sentence punctuation
after its numbering marker (so a title or a heading line never swallows the
paragraph below it), ends in mid-sentence and not with a document-kind word,
and the next line starts no new block (numbering, heading, labelled field
such as "责任单位：" / "完成时限："); single newlines (hard-wrapped text) and
blank-line gaps (page breaks) are treated alike.

All edits are collected on the original text and applied once, so a single
:class:`OffsetMap` converts any clean offset back to the original text (and
back again).  The thresholds and character classes are data, in
``extract/rules/normalize.yaml``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from re import _constants, _parser  # type: ignore[attr-defined]  # (a pattern's width: Python >= 3.11)

from extract.structure.line_joins import join_edits, numbered_lines
from extract.structure.tables.flat import paragraph_tables
from extract.structure.rebreak import compile_rebreak, rebreak_edits
from extract.rules.loader import compile_scan, load_rules

Span = tuple[int, int]


class OffsetMap:
    """Piecewise map between clean and original offsets.

    Built from the list of edits ``(orig_start, orig_end, replacement)``;
    offsets inside a replacement map to the start of the replaced region.
    """

    def __init__(self, edits: list[tuple[int, int, str]], original_length: int):
        # anchors: (clean_pos, orig_pos) at the start of every unchanged run
        clean_starts: list[int] = [0]
        orig_starts: list[int] = [0]
        kinds: list[bool] = [True]  # True: 1:1 run, False: inside replacement
        clean = 0
        orig = 0
        for start, end, repl in edits:
            clean += start - orig
            orig = start
            if repl:
                clean_starts.append(clean)
                orig_starts.append(orig)
                kinds.append(len(repl) == end - start)
                clean += len(repl)
            orig = end
            clean_starts.append(clean)
            orig_starts.append(orig)
            kinds.append(True)
        self._clean = clean_starts
        self._orig = orig_starts
        self._one_to_one = kinds
        self.clean_length = clean + (original_length - orig)
        self.original_length = original_length

    def to_original(self, pos: int) -> int:
        """Map a clean offset (0..len) to an original offset."""
        i = bisect.bisect_right(self._clean, pos) - 1
        delta = pos - self._clean[i]
        if not self._one_to_one[i]:
            delta = 0
        return min(self._orig[i] + delta, self.original_length)

    def span_to_original(self, span: Span) -> Span:
        """Map a clean ``(start, end)`` span to the original text."""
        start, end = span
        if end <= start:
            o = self.to_original(start)
            return (o, o)
        return (self.to_original(start), self.to_original(end - 1) + 1)

    def span_mapper(self):
        """``span_to_original`` as one function (a document maps thousands of spans: fewer calls)."""
        clean_starts, orig_starts, one_to_one, length = self._clean, self._orig, self._one_to_one, self.original_length
        right = bisect.bisect_right

        def to_original(pos: int) -> int:
            i = right(clean_starts, pos) - 1
            return min(orig_starts[i] + (pos - clean_starts[i] if one_to_one[i] else 0), length)

        def span_to_original(span: Span) -> Span:
            start, end = span
            if end <= start:
                o = to_original(start)
                return (o, o)
            return (to_original(start), to_original(end - 1) + 1)
        return span_to_original

    def from_original(self, pos: int) -> int:
        """Map an original offset to the nearest clean offset at or after it."""
        i = bisect.bisect_right(self._orig, pos) - 1
        delta = pos - self._orig[i]
        if not self._one_to_one[i]:
            return self._clean[i]
        return min(self._clean[i] + delta, self.clean_length)


@dataclass
class CleanText:
    """Cleaned text plus the map back to the original text."""

    original: str
    text: str
    offsets: OffsetMap
    bold: list[Span] = field(default_factory=list)  # clean spans of **…**

    def orig_span(self, span: Span) -> Span:
        return self.offsets.span_to_original(span)


def _at_end(pattern: str):
    """``search(s)`` of ``pattern`` ending ``s``: started where a match of its longest width would start
    (the same answer as searching the whole line, whose every other start cannot reach the end)."""
    rx = re.compile(pattern + r"\Z")
    parsed = _parser.parse(rx.pattern, rx.flags)
    widest = parsed.getwidth()[1]
    if not parsed.data or parsed.data[-1] != (_constants.AT, _constants.AT_END_STRING) or widest >= _constants.MAXREPEAT:
        return rx.search  # (a match that need not end the string, or of any width: the whole line)
    return lambda s: rx.search(s, len(s) - widest)


@lru_cache(maxsize=1)
def _compiled():
    rules = load_rules("normalize.yaml")
    join = rules["join"]
    header = rules["running_header"]
    return {
        "bold": compile_scan(r"\*\*"),
        "num_space": compile_scan(rules["number_spaces"]["pattern"]),
        "row_gap": re.compile(rules["number_spaces"]["row_gap"]),
        "line_number": re.compile(r"(?m)(?:^|(?<=\u3000\u3000))" + rules["number_spaces"]["line_number"] + r"(?=[ \t\u3000]+[\u4e00-\u9fff])"),
        "no_end": _at_end(join["continuation_end"]),
        "inner": re.compile(join["inner_punctuation"]),
        "title_end": re.compile(join["title_end"]),
        "new_block": re.compile(join["block_start"]),
        "min_prev": int(join["min_previous_line"]),
        "row_number": re.compile(join["numbered_row"]),
        "wrapped": join["wrapped"],
        "indented": re.compile(join["wrapped"]["indent"]),
        "sentence": re.compile(join["wrapped"]["sentence"]),
        "open_end": re.compile(join["wrapped"]["open_end"]),
        "title_goes_on": re.compile(join["wrapped"]["title_goes_on"]),
        "label": re.compile(join["wrapped"]["label"]),
        "mid_word": re.compile(join["wrapped"]["mid_word"]),
        "page": re.compile(rules["page_number"]["pattern"]),
        "furniture": re.compile(rules["furniture_line"]["pattern"]),
        "header_max": int(header["max_length"]),
        "header_repeats": int(header["min_repeats"]),
        "header_punct": re.compile(header["no_punctuation"]),
        "header_markup": re.compile(header.get("no_markup", "(?!)")),
        "widths": {k: v for k, v in rules["full_width"]["map"].items()},
        "width_re": compile_scan(rules["full_width"]["pattern"]),
        "rebreak": compile_rebreak(rules["rebreak"]),
        "comment": re.compile(rules["html_comment"]["pattern"], re.DOTALL),
        "title_run_in": re.compile(rules["title_run_in"]["pattern"]),
        "title_min_line": int(rules["title_run_in"]["min_line"]),
        "footnote": _footnote_rule(rules["footnote"]),
        "invisible": re.compile("(?P<drop>" + rules["invisible"]["drop"] + ")|(?P<digit>" + rules["invisible"]["digit"]
                                + ")|(?P<indent>" + rules["invisible"]["indent"] + ")|" + rules["invisible"]["space"]),
        "invisible_chars": re.compile(rules["invisible"]["chars"]).search,
    }


def _footnote_rule(rule: dict) -> dict:
    line = re.compile(rule["pattern"])
    reference = lru_cache(maxsize=64)(lambda mark: re.compile(rule["reference"].replace("{mark}", re.escape(mark))))
    marks = re.compile(line.pattern.replace("[ \\t\\u3000]*", "", 1).replace("(?P<mark>", "(?:"))
    return {"line": line, "reference": reference, "max_length": int(rule["max_length"]), "any": marks.search}


def _inside(edit: tuple[int, int, str], spans: list[tuple[int, int, str]]) -> bool:
    """True when ``edit`` starts inside one of ``spans`` (few: linear is fine)."""
    return any(s <= edit[0] < e for s, e, _ in spans)


def clean(original: str) -> CleanText:
    """Return the cleaned text of ``original`` with its offset map.

    Pure and linear in the length of the input; never raises on any ``str``.
    """
    c = _compiled()
    first = c["invisible_chars"](original)  # (the scan from the first character it can match)
    unseen = [(m.start(), m.end(), _seen(m)) for m in c["invisible"].finditer(original, first.start())] if first else []
    if not unseen:
        merged, bold_marks = _edits(original, c)
    else:  # (rule ``invisible``: the other rules read the text without them, full-width digits as ASCII ones,
        # their edits mapped back)
        seen = _apply_edits(original, unseen)
        to_original = OffsetMap(unseen, len(original)).to_original
        inner, marks = _edits(seen, c)
        outer = [(to_original(a), to_original(b) if b > a else to_original(a), r, 0) for a, b, r in inner]
        merged = _merged(sorted(outer + [(a, b, r, 1) for a, b, r in unseen]))
        bold_marks = [to_original(m) for m in marks]
    parts = []
    pos = 0
    for start, end, repl in merged:
        parts.append(original[pos:start])
        parts.append(repl)
        pos = end
    parts.append(original[pos:])
    text = "".join(parts)
    offsets = OffsetMap(merged, len(original))
    bold = _bold_spans(original, bold_marks, offsets)
    return CleanText(original=original, text=text, offsets=offsets, bold=bold)


def _seen(m) -> str:
    """What the rules read for a character of rule ``invisible`` (one for one, or nothing)."""
    kind = m.lastgroup
    if kind == "drop":
        return ""
    if kind == "digit":
        return chr(ord(m.group()) - 0xFEE0)
    return ("\u3000" if kind == "indent" else " ") * len(m.group())


def _merged(edits) -> list[tuple[int, int, str]]:
    """Sorted edits without the ones starting inside an earlier one (the first of two at one offset wins)."""
    merged: list[tuple[int, int, str]] = []
    last_end = -1
    for e in edits:
        if e[0] >= last_end:
            merged.append(e[:3])
            last_end = e[1]
    return merged


def _apply_edits(original: str, edits: list[tuple[int, int, str]]) -> str:
    parts, pos = [], 0
    for start, end, repl in edits:
        parts.append(original[pos:start])
        parts.append(repl)
        pos = end
    parts.append(original[pos:])
    return "".join(parts)


def _edits(original: str, c) -> tuple[list[tuple[int, int, str]], list[int]]:
    """The clean-up's edits of ``original`` (sorted, none inside another) and its bold marks."""
    edits: list[tuple[int, int, str]] = []
    bold_marks = [m.start() for m in c["bold"].finditer(original)]
    edits.extend((p, p + 2, "") for p in bold_marks)
    comments = [(m.start(), m.end(), "") for m in c["comment"].finditer(original)] if "<!--" in original else []
    edits.extend(comments)
    soft: list[tuple[int, int, str]] = []
    cells = paragraph_tables(original)  # (a table printed one cell a paragraph: no join between two cells)
    numbered_at = numbered_lines(original, c["line_number"], c["row_gap"])
    joins = [e for e in join_edits(original, c, soft, numbered_at) if not _inside(e, comments) and not _inside(e, cells)]
    edits.extend(joins)
    widths = c["widths"]
    view = _view_gaps(joins, soft)
    if view:  # (a bracket or a colon looks at its neighbours across a joined line break: "（单位\n)确保")
        joined, to_original = _apply_gaps(original, view), OffsetMap(view, len(original)).to_original
        width_edits = [(o, o + 1, widths[m.group()]) for m in c["width_re"].finditer(joined) for o in (to_original(m.start()),)]
    else:
        width_edits = [(m.start(), m.end(), widths[m.group()]) for m in c["width_re"].finditer(original)]
    edits.extend(_rebreaks(_closed_typos(original, width_edits), view, soft, c["rebreak"]))
    edits.extend(_title_breaks(original, c))
    numbered = set(numbered_at.values())
    edits.extend((m.start(), m.end(), "") for m in c["num_space"].finditer(original) if m.start() not in numbered)
    edits.extend(width_edits)
    edits.sort()
    return _merged(edits), bold_marks


def _view_gaps(joins: list[tuple[int, int, str]], soft: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The deletions of the joined view: the joins and the soft gaps, merged (a soft gap holds the dropped
    lines inside it)."""
    view: list[tuple[int, int, str]] = []
    for e in sorted(joins + soft) if soft else joins:
        if view and e[0] < view[-1][1]:
            if e[1] > view[-1][1]:
                view[-1] = (view[-1][0], e[1], "")
            continue
        view.append(e)
    return view


def _apply_gaps(original: str, gaps: list[tuple[int, int, str]]) -> str:
    parts, pos = [], 0
    for start, end, _ in gaps:
        parts.append(original[pos:start])
        pos = end
    parts.append(original[pos:])
    return "".join(parts)


def _rebreaks(original: str, view: list[tuple[int, int, str]], soft: list[tuple[int, int, str]], r) -> list[tuple[int, int, str]]:
    """Line breaks put back before inline numbering (``rebreak``), looked for in the lines as joined
    (``view``, from ``_view_gaps``): a paragraph hard-wrapped at 28 characters (a PDF's text layer) that runs
    its items together is as long a line as the same paragraph crawled onto one line, and a page's line that
    starts with an item's number ("2.推进…", ``soft``) does not break the sequence.  Insertions, mapped back
    to the original (none where a line break is kept)."""
    if not view:
        return rebreak_edits(original, r)
    to_original = OffsetMap(view, len(original)).to_original
    kept = {end for _, end, _ in soft}
    return [(o, o, ins) for p, _, ins in rebreak_edits(_apply_gaps(original, view), r)
            for o in (to_original(p),) if o not in kept]


def _title_breaks(original: str, c) -> list[tuple[int, int, str]]:
    """A line break after a title that a crawl ran into the text after it (rule ``title_run_in``): at the
    start of the text's first non-blank line, when that line is long (a text that lost its line breaks)."""
    start = len(original) - len(original.lstrip())
    while start < len(original) and original.startswith("<!--", start):  # (a crawler's comment line first)
        end = original.find("-->", start)
        if end < 0:
            return []
        start = end + 3
        start += len(original[start:]) - len(original[start:].lstrip())
    nl = original.find("\n", start)
    nl = len(original) if nl < 0 else nl
    if nl - start < c["title_min_line"]:
        return []
    m = c["title_run_in"].match(original, start, nl)
    return [(m.end("title"), m.end("title"), "\n")] if m else []


def _closed_typos(original: str, width_edits: list[tuple[int, int, str]]) -> str:
    """``original`` with the closing brackets typed as 〉 (rule ``full_width``) put right, one
    character for one, so that the line-break rule sees the bracket closed (offsets unchanged)."""
    typos = [(s, r) for s, _, r in width_edits if original[s] == "〉"]
    if not typos:
        return original
    chars = list(original)
    for s, r in typos:
        chars[s] = r
    return "".join(chars)


def _bold_spans(original: str, marks: list[int], offsets: OffsetMap) -> list[Span]:
    """Pair bold markers within a paragraph; an odd one out is ignored."""
    spans = []
    i = 0
    while i + 1 < len(marks):
        a, b = marks[i], marks[i + 1]
        # a pair may straddle a page break, but not a heading or a new item
        between = original[a + 2: b]
        if "\n#" in between or between.count("\n\n") > 2:
            i += 1
            continue
        spans.append((offsets.from_original(a + 2), offsets.from_original(b)))
        i += 2
    return spans
