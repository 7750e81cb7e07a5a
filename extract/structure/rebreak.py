"""Line breaks put back where a crawler lost them (rule ``rebreak`` in
``extract/rules/normalize.yaml``).

``compile_rebreak(rule) -> dict`` compiles the rule once; ``rebreak_edits(text,
compiled)`` returns insertions ``(p, p, "\n")`` before the inline numbering
markers (and full-width indents) of every line of at least ``min_line``
characters that holds ``min_markers`` markers continuing their sequences.
Pure and linear in the length of the text.
"""

from __future__ import annotations

import re

from extract.entities.numbers import parse_number
from extract.rules.loader import compile_scan


def compile_rebreak(r: dict) -> dict:
    styles = [m["style"] for m in r["markers"]]
    alts = "|".join(f"(?P<m{i}>" + m["pattern"].replace("(?P<n>", f"(?P<n{i}>") + ")"
                    for i, m in enumerate(r["markers"]))
    return {
        "min_line": int(r["min_line"]),
        "min_markers": int(r["min_markers"]),
        "after": re.compile(r["after"]),
        "word": re.compile(r["word"]),
        "after_word": frozenset(r["after_word"]),
        "after_word_first": frozenset(r["after_word_first"]),
        "after_word_next": frozenset(r["after_word_next"]),
        "styles": styles,
        "marker": compile_scan(alts),  # (re would try all eight markers at every character of a line)
        "indent": re.compile(r["indent"]),
        "chapter_article": re.compile(r["chapter_article"]),
        "skip_line": re.compile(r["skip_line"], re.IGNORECASE | re.MULTILINE),
        "open": r["open_brackets"],
        "close": r["close_brackets"],
        "bracket": re.compile("[" + "".join(map(re.escape, r["open_brackets"] + r["close_brackets"])) + "]"),
    }


def _marker_number(n: str) -> int:
    """A marker's numeral as an int (一 → 1, ３ → 3, ② → 2); 0 when unknown."""
    if "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    n = n.translate(_FULL_DIGITS)
    if n.isdigit():
        return int(n)
    v = parse_number(n)
    return int(v) if v is not None else 0


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def rebreak_edits(text: str, r: dict) -> list[tuple[int, int, str]]:
    """Line breaks put back before inline numbering markers and indents in
    lines that lost theirs (``r`` from ``compile_rebreak``): insertions ``(p, p, "\n")``."""
    edits: list[tuple[int, int, str]] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        nl = n if nl == -1 else nl
        if nl - pos >= r["min_line"] and not r["skip_line"].search(text, pos, nl):
            edits.extend(_rebreak_line(text, pos, nl, r))
        elif "章" in text[pos:nl]:  # "第三章　目录管理　　第十五条　…": the article on a line of its own
            edits.extend((p, p, "\n") for p in (m.start("at") for m in r["chapter_article"].finditer(text, pos, nl)))
        pos = nl + 1
    return edits


def _rebreak_candidates(text: str, start: int, end: int, r) -> list[tuple[int, str, int, bool]]:
    """(position, style, number, glued) of every marker outside brackets whose
    preceding character allows a break there (rule ``rebreak``); ``glued``: it
    follows a word and is taken only as the very next number of its style
    (``after_word_next``: "…南盘村、屿南村2.建设…" after a 1.)."""
    styles = r["styles"]
    opens = r["open"]
    out = []
    depth = 0
    scan = start
    brackets = r["bracket"].finditer
    for m in r["marker"].finditer(text, start, end):
        p = m.start()
        for b in brackets(text, scan, p):  # bracket depth at p (linear: scan moves forward, only brackets visited)
            if b.group() in opens:
                depth += 1
            else:
                depth = max(0, depth - 1)
        scan = p
        if depth:
            continue
        i = next(k for k in range(len(styles)) if m.group(f"m{k}") is not None)
        style = styles[i]
        prev = text[p - 1] if p > start else ""
        num = _marker_number(m.group(f"n{i}"))
        after_word = style in r["after_word"] or (num == 1 and style in r["after_word_first"])
        glued = False
        if p > start and not r["after"].match(prev) and not (after_word and r["word"].match(prev)):
            if not (style in r["after_word_next"] and r["word"].match(prev)):
                continue
            glued = True
        out.append((p, style, num, glued))
    return out


def _rebreak_line(text: str, start: int, end: int, r) -> list[tuple[int, int, str]]:
    last: dict[str, int] = {}  # style -> last accepted number
    order: list[str] = []  # styles in order of first acceptance (higher first)
    since: dict[str, set] = {}  # style -> styles accepted since its last marker
    found: list[int] = []
    cands = _rebreak_candidates(text, start, end, r)
    following: dict[int, int] = {}  # candidate index -> number of the next candidate of its style
    seen: dict[str, int] = {}
    for k in range(len(cands) - 1, -1, -1):
        p, style, num, glued = cands[k]
        following[k] = seen.get(style, 0)
        if not (glued and num == 1):  # a word's "一、" ("统一、终端") is no next marker to look ahead to
            seen[style] = num
    for k, (p, style, num, glued) in enumerate(cands):
        if glued:  # the next number of its style, or a first 一、 run into a title whose next marker is 二、
            ok = (num == last[style] + 1) if style in last else (num == 1 and following[k] == 2)
        elif style not in last:
            ok = num == 1
        elif num == 1:  # a restart: below a higher marker accepted since, or the next of its style is 2
            ok = (any(order.index(s) < order.index(style) for s in since.get(style, ()))
                  or following[k] == 2)
        else:
            ok = last[style] < num <= last[style] + 3
        if not ok:
            continue
        if style not in last:
            order.append(style)
        last[style] = num
        for s in since:
            since[s].add(style)
        since[style] = set()
        found.append(p)
    if len(found) < r["min_markers"]:
        return []
    marks = set(found)
    marks.update(m.start() for m in r["indent"].finditer(text, start, end))
    return [(p, p, "\n") for p in sorted(marks) if p > start]
