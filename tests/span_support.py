"""Span truth: every record's span reads, in the original text, what the record says was written there.

``span_errors(text, docs) -> list[(kind, written, read)]`` checks documents, sections, tasks,
assignment spans, department references, district/platform/industry mentions and targets
(used by the real-document test and by the fuzz test and bench).
"""

from __future__ import annotations

import re
import unicodedata


def squeeze(s: str) -> str:
    """``s`` without white space and bold marks, NFKC-folded (how spans and records are compared)."""
    return unicodedata.normalize("NFKC", "".join(s.split()).replace("**", ""))


def read(text: str, a: int, b: int) -> tuple[str, str]:
    """What ``text[a:b]`` reads, squeezed: as written, and without what the normaliser drops
    (page-number lines and running headers inside a span that crosses a page break, HTML
    comments, bold marks), with the notes unit names are read without (``mask_notes``), and
    without markup (tags, a cell's ``<br>`` read as ；, Markdown marks) that names and titles
    are cleaned of."""
    from extract.structure.assignments import mask_notes
    from extract.structure.normalize import clean

    raw = text[a:b]
    cleaned = clean(raw).text
    # names are read with notes masked: "省统计（以下均需X落实，不再列出）局" names 省统计局;
    # names and titles without markup (tags, Markdown marks) left in the text by a broken page
    return (squeeze(raw), squeeze(cleaned), squeeze(mask_notes(raw)), squeeze(mask_notes(cleaned)),
            squeeze(re.sub(r"<[^<>]*>", "", re.sub(r"(?i)<br\s*/?>", "；", raw))), squeeze(re.sub(r"[#>*]", "", raw)))


def span_errors(text: str, docs) -> list[tuple[str, str, str]]:
    """Records whose span does not read what the record says was written there."""
    bad = []
    for d in docs:
        a, b = d.span
        if not (0 <= a < b <= len(text)) or not any(squeeze(d.title)[:6] in r for r in read(text, a, b)):
            bad.append(("document", d.title, text[a:a + 40]))
        for s in d.sections:
            a, b = s.span
            if not (d.span[0] <= a < b <= d.span[1]) or not any(squeeze(s.title)[:8] in r for r in read(text, a, b)):
                bad.append(("section", s.title, text[a:b][:40]))
        for t in d.tasks:
            a, b = t.span
            segs = read(text, a, b)
            # a table row continued under a merged cell reads its own cells, not the merged title:
            # its first cells are in the task's text, or one of the task's lines is in the row, or
            # the title is a cell of an earlier row of the same table
            lines = [squeeze(x) for x in t.text.split("\n")[1:] if squeeze(x)]
            table = max(text.rfind("<table", 0, a), text.rfind("\n\n|", 0, a))
            if not (0 <= a < b <= len(text)) or not any(
                    squeeze(t.title)[:8] in seg or re.sub(r"<[^>]+>", "", seg)[:8] in squeeze(t.text)
                    or (seg.startswith(("<tr", "|", "<td")) and (
                        any(x in re.sub(r"<[^>]+>", "", seg) for x in lines)
                        or (table >= 0 and t.title and t.title in text[table:a])))
                    for seg in segs):
                bad.append(("task", t.title, text[a:b][:40]))
            names = [r.name for r in (*t.lead, *t.participants, *t.responsible)]
            if t.assignment_span and names:
                a, b = t.assignment_span
                if not any(squeeze(n) in r for n in names for r in read(text, a, b)):
                    bad.append(("assignment", "、".join(names), text[a:b][:40]))
        for holder in (d, *d.tasks):
            refs = [(r.name, r.span) for r in (*getattr(holder, "lead", ()), *getattr(holder, "participants", ()),
                                                *getattr(holder, "responsible", ())) if r.span]
            mentions = [(m.name, m.span) for m in (*holder.districts, *holder.platforms, *holder.industries)]
            targets = [(t.text, t.span) for t in holder.targets]
            for kind, records in (("department", refs), ("mention", mentions), ("target", targets)):
                for written, (a, b) in records:
                    if squeeze(written) not in read(text, a, b):
                        bad.append((kind, written, text[a:b]))
    return bad
