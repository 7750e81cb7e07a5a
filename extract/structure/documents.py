"""Split a source text into member documents and read their metadata.

``split_documents(text) -> list[DocPart]`` uses, in order: a table of
contents (a compilation lists its members with page numbers; each title is
then located in the body, whatever its line breaks and spacing), and annex
markers (附件 1 …, or a bare "附件" line before a single annex's title), which
open child documents, and, in a notice without annex markers, the title line
of the document it issues ("现将《X》印发给你们" … X), which opens a child too.  A text with neither is one document titled by its
first line (joined with the next one or two when a wrapped title only ends
with its kind word there).

``describe(text, part) -> dict`` reads title, kind, issuer (title, else the
signature block: ``extract.entities.issuers``), date, number, stated source and the
signature block's text.  Offsets are clean-text offsets; patterns live in
``extract/rules/structure.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from extract.entities import jurisdiction
from extract.entities.issuers import signature_issuer, title_issuer
from extract.model import Document
from extract.rules.loader import load_rules
from extract.structure.lead_search import lead_search
from extract.structure.numbering import is_heading_line, is_numbered_line
from extract.structure.squeezed import squeeze_title, squeezed_index



@dataclass
class DocPart:
    title: str
    start: int  # clean offset where the document's heading starts
    body_start: int  # clean offset after the title lines
    end: int
    parent: Optional[int] = None  # index of the parent part (annexes)
    annex: Optional[str] = None  # annex number as written


@lru_cache(maxsize=1)
def _compiled():
    r = load_rules("structure.yaml")
    return {
        "toc": re.compile(r["toc"]["pattern"], re.MULTILINE),
        "toc_min": int(r["toc"]["min_entries"]),
        "annex": re.compile(r["annex"]["pattern"], re.MULTILINE),
        "issued": re.compile(r["issued"]["pattern"]),
        "kind_strip": re.compile(r["kinds"]["strip"]),
        "kinds": [(k["kind"], re.compile(k["pattern"])) for k in r["kinds"]["rules"]],
        "news_kind": r["kinds"]["news"]["kind"],
        "default_kind": r["kinds"]["default"],
        "issuer": re.compile(r["issuer"]["pattern"]),
        "date": re.compile(r["date"]["pattern"]),
        "issued_title": re.compile(r["issued_title"]["pattern"]),
        "doc_number": re.compile(r["doc_number"]["pattern"]),
        "doc_number_line": re.compile(r["doc_number"]["line_pattern"]),
        "doc_number_window": int(r["doc_number"]["window"]),
        # searched from its date (extract.structure.lead_search): the same first match
        "signature": lead_search(re.compile(r["date"]["signature"], re.MULTILINE)),
        "source": re.compile(r["source"]["pattern"]),
    }


_TOC_HINT = re.compile(r"(?:[.．·…]{3,}|[ \t\u3000]{4,})[ \t]*[0-9]{1,4}[ \t]*$", re.MULTILINE)


def _toc_entries(text: str, c) -> list[tuple[str, int]]:
    """Table-of-contents lines (title, end offset) in the first part of the text."""
    entries = []
    limit = min(len(text), 20000)
    # cheap pre-filter: only lines that end in a dot leader (or a gap) and a page number
    for hint in _TOC_HINT.finditer(text, 0, limit):
        line_start = text.rfind("\n", 0, hint.start()) + 1
        m = c["toc"].match(text, line_start, hint.end())
        if m:
            entries.append((m.group("title").strip(), m.end()))
    return entries if len(entries) >= c["toc_min"] else []


def _title_lines_end(text: str, pos: int, end: int) -> int:
    """After a heading at ``pos``, skip the following heading-like lines that
    continue the title (e.g. "(征求意见稿)", "(2021年12月29日)")."""
    nl = text.find("\n", pos, end)
    cur = end if nl == -1 else nl
    for _ in range(3):
        m = re.compile(r"\s*\n([^\n]*)").match(text, cur, end)
        if not m:
            break
        line = m.group(1).strip().strip("#* ")
        if line and re.fullmatch(r"[（(][^）)]{1,20}[）)]", line):
            cur = m.end()
        elif not line:
            cur = m.end()
        else:
            break
    return cur


def split_documents(text: str) -> list[DocPart]:
    """Member documents of ``text`` (see module docstring)."""
    c = _compiled()
    parts: list[DocPart] = []
    toc = _toc_entries(text, c)
    if toc:
        body_from = toc[-1][1]
        squeezed, index = squeezed_index(text[body_from:])
        cursor = 0
        for title, _ in toc:
            key = squeeze_title(title)
            hit = _find_title(squeezed, key, cursor)
            if hit is None:
                continue
            s, e = hit
            start = body_from + _line_start(text[body_from:], index[s])
            title_end = body_from + index[e - 1] + 1
            parts.append(DocPart(title=title, start=start,
                                 body_start=_title_lines_end(text, title_end, len(text)), end=0))
            cursor = e
    if not parts:
        parts.append(_untitled(text))
    parts.sort(key=lambda p: p.start)
    # two contents entries found on one line (a crawl that lost its breaks) start one document:
    # the first found, the nearer to the line's start
    parts = [p for i, p in enumerate(parts) if i == 0 or p.start != parts[i - 1].start]
    for i, p in enumerate(parts):
        p.end = parts[i + 1].start if i + 1 < len(parts) else len(text)
    return _split_annexes(text, parts, c)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _find_title(squeezed: str, key: str, cursor: int) -> Optional[tuple[int, int]]:
    """Locate a TOC title in the squeezed body; a suffix in brackets such as
    （征求意见稿） may be on a line of its own or missing."""
    candidates = [key]
    stripped = re.sub(r"（[^（）]{1,12}）$", "", key)
    if stripped != key:
        candidates.append(stripped)
    for k in candidates:
        i = squeezed.find(k, cursor)
        if i != -1:
            return i, i + len(k)
    return None


def _untitled(text: str) -> DocPart:
    """The whole text as one document, titled by its first non-empty line
    (with the next one or two when a wrapped title only ends there)."""
    lines = [(m.start(), m.end(), m.group().strip().strip("#*> ").strip())
             for m in re.finditer(r"[^\n]+", text[:4000])]
    lines = [ln for ln in lines if ln[2]]
    if not lines:
        return DocPart(title="", start=0, body_start=0, end=len(text))
    start, end, title = lines[0]
    if title.startswith("<"):  # a file that opens with markup (an HTML table): its caption, body from the start
        if not re.match(r"<(?:table|caption|thead|tbody|tr)\b", title, re.IGNORECASE):
            return DocPart(title="", start=start, body_start=start, end=len(text))  # not a table: no title
        cap = re.search(r"<caption[^>]*>(.*?)</caption>", text[:4000], re.IGNORECASE | re.DOTALL)
        title = re.sub(r"<[^>]*>|\s+", "", cap.group(1)) if cap else ""
        return DocPart(title=title[:120], start=start, body_start=start, end=len(text))
    if not _kind_of(title):  # a title run into the body on one line (a crawl of a record)
        run_in = _run_in_title(text, start, title)
        if run_in is not None or len(title) > _TITLE_LINE_MAX:
            return run_in or DocPart(title="", start=start, body_start=start, end=len(text))
    if not _kind_of(title):
        for k in (1, 2):
            more = lines[1:1 + k]
            if len(more) < k or not all(is_heading_line(ln[2]) and not is_numbered_line(ln[2]) for ln in more):
                break
            joined = title + "".join(ln[2] for ln in more)
            if _kind_of(joined):
                title, end = joined, more[-1][1]
                break
    return DocPart(title=title[:120], start=start,
                   body_start=_title_lines_end(text, end, len(text)), end=len(text))


_TITLE_LINE_MAX = 200  # a first line longer than this is no title line (titles are capped at 120 characters)


def _run_in_title(text: str, start: int, line: str) -> Optional[DocPart]:
    """A long first line that holds the body too ("某某工作要点责任单位政务公开工作要点…", a record's title and
    content fields joined): the title is its shortest opening (at most 120 characters, before any sentence punctuation)
    that ends with a document kind word not continued as a title ("…方案的通知", "…方案》"), the body starts after
    it; None without one."""
    at, opening = text.find(line[:20], start), re.match(r"[^，。；：:,;！？!?]{0,120}", line).group()
    for m in re.finditer(r"[\u4e00-\u9fff）)](?![的》”\"（(〉])", opening):
        if at >= 0 and _kind_of(line[:m.end()]):
            return DocPart(title=line[:m.end()], start=start, body_start=at + m.end(), end=len(text))
    return None


def _kind_of(title: str) -> Optional[str]:
    """The document kind a title ends with, or None."""
    c = _compiled()
    bare = title
    for _ in range(2):  # "…方案（2023—2025年）（征求意见稿）"
        bare = c["kind_strip"].sub("", bare)
    return next((k for k, rx in c["kinds"] if rx.search(bare)), None)


def _split_annexes(text: str, parts: list[DocPart], c) -> list[DocPart]:
    """Cut each part at its annex markers; annexes become child parts."""
    out: list[DocPart] = []
    for part in parts:
        markers = list(c["annex"].finditer(text, part.body_start, part.end))
        if not markers:
            out.append(part)
            issued = _issued_part(text, part, c)
            if issued is not None:
                issued.parent = len(out) - 1
                out.append(issued)
            continue
        parent_index = len(out)
        part.end = markers[0].start()
        out.append(part)
        for i, m in enumerate(markers):
            end = markers[i + 1].start() if i + 1 < len(markers) else part_end(parts, part, text)
            title, body_start = _annex_title(text, m, end)
            out.append(DocPart(title=title, start=m.start(), body_start=body_start, end=end,
                               parent=parent_index, annex=m.group("n") or str(i + 1)))
    return out


def _issued_part(text: str, part: DocPart, c) -> Optional[DocPart]:
    """The document a notice prints below its signature without an "附件"
    line ("现将《X》印发给你们", or a title "关于印发X的通知" … a line that is X,
    or X run into the signature when the crawl lost the line breaks), cut off
    ``part`` (whose end moves to X), or None."""
    m = c["issued"].search(text, part.body_start, min(part.end, part.body_start + 3000))
    tm = c["issued_title"].search(squeeze_title(part.title)) if part.title else None
    if not m and not tm:
        return None
    written = m.group("title") if m else tm.group("title")
    key = squeeze_title(written)
    after = m.end() if m else part.body_start
    for lm in re.finditer(r"[^\n]+", text[after:part.end]):
        line = squeeze_title(lm.group())
        if line == key or (line.startswith(key) and re.fullmatch(r"（[^（）]{1,20}）", line[len(key):])):
            start = after + lm.start()
            child = DocPart(title=lm.group().strip().strip("#*> ").strip(), start=start,
                            body_start=_title_lines_end(text, after + lm.end(), part.end),
                            end=part.end, annex="1")
            part.end = start
            return child
    return _run_in_issued(text, part, written, after, c)


def _run_in_issued(text: str, part: DocPart, written: str, after: int, c) -> Optional[DocPart]:
    """X printed inside a line after the notice's date, outside 《》 (rule ``issued_title``)."""
    date = c["date"].search(text, after, min(part.end, after + 4000))
    if not date:
        return None
    at = text.find(written, date.end(), min(part.end, date.end() + 200))
    if at < 0 or text[at - 1:at] in "《“\"" or text[at + len(written):at + len(written) + 1] in "》”\"":
        return None
    child = DocPart(title=written, start=at, body_start=at + len(written), end=part.end, annex="1")
    part.end = at
    return child


def part_end(parts: list[DocPart], part: DocPart, text: str) -> int:
    later = [p.start for p in parts if p.start > part.start]
    return min(later) if later else len(text)


def _annex_title(text: str, m: re.Match, end: int) -> tuple[str, int]:
    """The annex's title: text after the marker, else up to three heading
    lines below it (a title split over lines is joined)."""
    inline = (m.group("title") or "").strip().strip("#* ")
    if inline:
        return inline, m.end()
    pieces: list[str] = []
    pos_end = m.end()
    for lm in re.finditer(r"[^\n]+", text[m.end():end]):
        line = lm.group().strip().strip("#*> ").strip()
        if not line:
            continue
        # a numbered line, a table row ("|") or a flattened table header ("序号 单位 …")
        numbered = re.match(r"[一二三四五六七八九十]+、|[（(0-9|]|序\s*号(?:\s|$)", line)
        # after the first title line, spaced short labels are a flattened form or table row
        spaced = pieces and re.search(r"[\u4e00-\u9fff）)]\s+[\u4e00-\u9fff（(]", line)
        # (or a lone header cell of a unit-column table, "单位" over "职责分工": tables.unit_text_table, s36f)
        if len(pieces) < 3 and is_heading_line(line) and not numbered and not spaced and not (pieces and _header_cell(line)):
            pieces.append(line)
            pos_end = m.end() + lm.end()
            continue
        break
    return "".join(pieces), pos_end


def _header_cell(line: str) -> bool:
    from extract.structure.tables.unit_text import header_cell

    return header_cell(line)


def describe(text: str, part: DocPart) -> dict:
    """Title, kind, issuer, date and source of one part."""
    c = _compiled()
    body = text[part.start:part.end]
    title = re.sub(r"(?<=[\u4e00-\u9fff）”])\s+(?=[\u4e00-\u9fff（“])", "", part.title).strip()
    title = title.replace("(", "（").replace(")", "）")
    source_m = c["source"].search(body)
    source = re.sub(r"\s+", "", source_m.group("source")) if source_m else None
    im = c["issuer"].match(title)
    sig = c["signature"].search(text, part.body_start, part.end)
    # the title's issuer ("安徽省人民政府办公厅关于…"), else the organs signed above the date
    issuer = (im.group("issuer") if im else title_issuer(title)) or (
        signature_issuer(text, sig.start()) if sig else None)
    date = None
    head = text[part.start:min(part.body_start + 40, part.end)]
    dm = c["date"].search(head) or (c["date"].search(source) if source else None) or sig
    if dm:
        date = f"{int(dm['y']):04d}-{int(dm['m']):02d}-{int(dm['d']):02d}"
    kind = _kind_of(title)
    if kind is None:
        kind = c["news_kind"] if source else c["default_kind"]
    return {"title": title, "kind": kind, "issuer": issuer, "date": date, "source": source,
            "number": document_number(text, part.start, min(part.end, part.body_start + c["doc_number_window"])),
            "signature": text[max(part.start, sig.start() - 200):sig.start()] if sig else ""}


def document_number(text: str, start: int, end: int) -> Optional[str]:
    """The first 文号 in ``text[start:end]`` that is not a cited document's
    (rule ``doc_number``: not right after 》 or inside 《》), or None."""
    for m in _compiled()["doc_number"].finditer(text, start, end):
        before = text[max(start, m.start() - 2):m.start()]
        if "》" in before:
            continue  # 《…的通知》（国发〔2014〕21号）: a citation
        return m.group("number")
    m = _compiled()["doc_number_line"].search(text, start, end)  # run into the next line's text
    return m.group("number") if m else None


def assign_jurisdictions(docs: list[Document], parts, text: str, metas: Optional[list[dict]] = None) -> None:
    """Each document's jurisdiction id, level and name (``extract.entities.jurisdiction``):
    from its issuer and title, its number's issuer code, its signature block,
    else its opening text; an annex takes its parent's; documents of one file
    that state none take the file's most common one."""
    metas = metas or [{} for _ in docs]
    for doc, part, meta in zip(docs, parts, metas):
        if part.parent is not None:
            doc.jurisdiction = docs[part.parent].jurisdiction
            continue
        doc.jurisdiction = jurisdiction.document_jurisdiction(
            doc.title, doc.issuer, doc.number, text[doc.span[0]:doc.span[0] + 2000], meta.get("signature", ""))
    known = Counter(d.jurisdiction for d in docs if d.jurisdiction)
    if known:
        common = known.most_common(1)[0][0]
        for doc in docs:
            doc.jurisdiction = doc.jurisdiction or common
    for doc in docs:
        found = jurisdiction.describe_jurisdiction(doc.jurisdiction)
        if found:
            doc.jurisdiction_level, doc.jurisdiction_name = found.level, found.name
