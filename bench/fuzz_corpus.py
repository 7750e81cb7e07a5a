"""A seeded fuzz corpus of damaged policy documents, shared by the fuzz test and the fuzz bench.

    seed_texts() -> list[tuple[str, str]]          (name, text) of the sample and the real documents
    seed_files() -> list[tuple[str, bytes]]        committed .docx/.pdf/.html fixtures, as bytes
    fuzz_input(index, seed, max_chars) -> FuzzInput one input, a pure function of (index, seed)
    corpus(count, seed, max_chars) -> iterator      fuzz_input(0..count-1)
    cjk_pdf(pages) -> bytes                         a PDF whose text layer is the given lines (any Unicode)

Every input starts from a window of a real or sample document (so it is
truncated at an arbitrary character) and gets one to four text mutations:
byte-level damage comes later, after encoding.  Text mutations insert
brackets, numbers, numbering markers (lone marker lines and four-digit
numbers included), table pipes and HTML table tags, splice in a window of
another document, repeat, delete or shuffle lines, and remove or add line
breaks.  The text is then written as one of six containers: .md/.txt
(encoded as UTF-8, UTF-8 with BOM, GB18030 or UTF-16, then possibly cut
mid-character, byte-flipped or salted with control and invalid bytes),
.html (paragraphs and tables, then tags dropped, divs nested, entities
broken, scripts and comments left open), .docx (paragraphs and tables, then
the XML or the zip damaged), .pdf (a CJK text layer, then bytes flipped, the
file truncated or the cross-reference table broken), or a committed binary
fixture damaged at the byte level.

``FuzzInput.recipe`` names every step, so a failing input can be rebuilt from
its index and seed alone (``python bench/bench_fuzz.py --seed S --only INDEX``);
``bench/fuzz_check.py`` extracts one and checks what came out.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from functools import lru_cache
from html import escape as html_escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from bench.hostile_inputs import docx_bytes, pdf_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

BRACKETS = "（）()〔〕【】《》“”[]{}<>「」"
MARKERS = ["一、", "十二、", "（一）", "(二)", "1.", "12、", "7．", "（1）", "(2)", "1）", "①", "⑳", "第一章 ", "第十条 ",
           "第二节 ", "专栏1 ", "1.1 ", "999.", "1000.", "1001.", "（1000）", "9999、", "附件", "附件1", "附件："]
NUMBERS = ["2025年", "2.5倍", "1.5万家", "100%", "15%以上", "3000亿元", "1—2", "０１２３", "1,000", "1e9", "-5",
           "9" * 40, "二〇二五年", "十四五", "2023.12", "1/3", "≥80%", "0.0001"]
UNITS = ["（市发改委牵头）", "（市科技局、市财政局配合）", "牵头单位：市工信局", "责任单位：各区县人民政府",
         "〔市发展改革委牵头，市级相关部门（单位）配合〕", "（以下均需市发改委、市财政局落实，不再列出）"]
TABLE_BITS = ["|", "| --- |", "\n| 序号 | 工作任务 | 牵头单位 |\n| --- | --- | --- |\n", "<table>", "<tr>", "<td>",
              "</td>", "</tr>", "</table>", '<td rowspan="9999">', '<td colspan="0">', "<br>"]
TEXT_CONTAINERS = ("md", "txt", "html", "docx", "pdf", "fixture")


@dataclass
class FuzzInput:
    """One fuzzed file: ``name`` (with its extension), its bytes, and how it was made."""

    name: str
    data: bytes
    recipe: str


@lru_cache(maxsize=1)
def seed_texts() -> list[tuple[str, str]]:
    """The sample compilation and every Markdown file of ``tests/fixtures/real*/`` (the 46 real
    documents and their SOURCES lists), as (name, text)."""
    paths = [ROOT / "data" / "suzhou_2022_01.md"]
    for folder in ("real", "real_unseen", "real_unseen2", "real_unseen3"):
        paths += sorted(p for p in (FIXTURES / folder).glob("*.md") if p.name != "GOLD_GUIDE.md")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


@lru_cache(maxsize=1)
def seed_files() -> list[tuple[str, bytes]]:
    """The committed binary and HTML reader fixtures, as (file name, bytes)."""
    found = [p for folder in ("formats", "heldout") for p in sorted((FIXTURES / folder).iterdir())
             if p.suffix in (".docx", ".pdf", ".html")]
    return [(p.name, p.read_bytes()) for p in found]


# --- text mutations: (rng, text) -> text ---------------------------------------------------------

def _insert(rng: random.Random, text: str, pieces: list[str], count: int) -> str:
    out = list(text)
    for _ in range(count):
        out.insert(rng.randint(0, len(out)), rng.choice(pieces))
    return "".join(out)


def m_brackets(rng, text):
    if rng.random() < 0.3:  # a dense run of one bracket
        return _insert(rng, text, [rng.choice(BRACKETS) * rng.randint(10, 400)], 1)
    return _insert(rng, text, list(BRACKETS), rng.randint(1, 60))


def m_numbers(rng, text):
    return _insert(rng, text, NUMBERS, rng.randint(1, 40))


def m_markers(rng, text):
    lone = [f"\n{m.strip()}\n" for m in MARKERS]  # a marker alone on its line
    starts = [f"\n{m}" for m in MARKERS]
    return _insert(rng, text, starts + lone + MARKERS, rng.randint(1, 40))


def m_units(rng, text):
    return _insert(rng, text, UNITS, rng.randint(1, 20))


def m_tables(rng, text):
    return _insert(rng, text, TABLE_BITS, rng.randint(1, 40))


def m_splice(rng, text):
    name, other = rng.choice(seed_texts())
    a = rng.randint(0, max(0, len(other) - 1))
    piece = other[a:a + rng.randint(100, 4000)]
    at = rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


def m_repeat(rng, text):
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    lines[i:i + 1] = [lines[i]] * rng.randint(2, 200)
    return "\n".join(lines)[: len(text) * 3 + 2000]


def m_delete(rng, text):
    a = rng.randint(0, len(text))
    return text[:a] + text[a + rng.randint(1, 2000):]


def m_shuffle(rng, text):
    lines = text.split("\n")
    a = rng.randrange(len(lines))
    block = lines[a:a + rng.randint(2, 40)]
    rng.shuffle(block)
    lines[a:a + len(block)] = block
    return "\n".join(lines)


def m_unbreak(rng, text):
    a = rng.randint(0, len(text))
    b = a + rng.randint(200, 20000)
    return text[:a] + text[a:b].replace("\n", rng.choice(["", " ", "\u3000\u3000"])) + text[b:]


def m_break(rng, text):
    return _insert(rng, text, ["\n", "\n\n", "\r", "\r\n", "\u2028", "\f", "\n— 3 —\n"], rng.randint(1, 80))


def m_chars(rng, text):
    odd = ["\x00", "\ufeff", "\u200b", "\ud800", "\U0001F600", "\u0301", "**", "#", ">", "\t", "\u3000", "\\", "&#"]
    return _insert(rng, text, odd, rng.randint(1, 40))


TEXT_MUTATIONS = {f.__name__[2:]: f for f in (m_brackets, m_numbers, m_markers, m_units, m_tables, m_splice,
                                                m_repeat, m_delete, m_shuffle, m_unbreak, m_break, m_chars)}


# --- byte damage ---------------------------------------------------------------------------------

def flip_bytes(rng: random.Random, data: bytes, count: int, start: int = 0) -> bytes:
    """``data`` with ``count`` random bytes (at or after ``start``) replaced by random values."""
    out = bytearray(data)
    for _ in range(count if len(out) > start else 0):
        out[rng.randrange(start, len(out))] = rng.randrange(256)
    return bytes(out)


def _encode(rng: random.Random, text: str, steps: list[str]) -> bytes:
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"])
    data = text.encode(encoding, "replace" if encoding != "utf-8" else "surrogatepass")
    steps.append(f"encode:{encoding}")
    damage = rng.random()
    if damage < 0.15:
        data = data[: rng.randint(0, len(data))]
        steps.append("cut")
    elif damage < 0.3:
        data = flip_bytes(rng, data, rng.randint(1, 50))
        steps.append("flip")
    elif damage < 0.4:
        salt = [b"\x00", b"\xff\xfe", b"\x80", b"\xc3", b"\x1b[0m", b"\xe4\xb8"]
        out = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            out[rng.randint(0, len(out)):0] = rng.choice(salt)
        data = bytes(out)
        steps.append("salt")
    elif damage < 0.45:  # half in one encoding, half in another
        cut = len(text) // 2
        data = text[:cut].encode("utf-8", "replace") + text[cut:].encode("gb18030", "replace")
        steps.append("mixed-encoding")
    return data


# --- containers ----------------------------------------------------------------------------------

def _rows(line: str) -> list[str] | None:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return cells if line.lstrip().startswith("|") and len(cells) > 1 else None


def to_html(rng: random.Random, text: str, steps: list[str]) -> bytes:
    parts = ["<html><head><meta charset=\"utf-8\"><title>通知</title></head><body>"]
    for line in text.split("\n"):
        cells = _rows(line)
        if cells:
            parts.append("<table><tr>" + "".join(f"<td>{html_escape(c)}</td>" for c in cells) + "</tr></table>")
        elif line.strip():
            parts.append(f"<p>{html_escape(line)}</p>")
    parts.append("</body></html>")
    html = "".join(parts)
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice(["drop-closers", "nest", "entities", "open-script", "open-comment", "tags"])
        steps.append(f"html:{kind}")
        if kind == "drop-closers":
            html = "".join(p for p in html.split("</p>") if rng.random() < 0.9)
        elif kind == "nest":
            at = rng.randint(0, len(html))
            depth = rng.randint(10, 600)
            html = html[:at] + "<div>" * depth + html[at:] + "</div>" * rng.randint(0, depth)
        elif kind == "entities":
            html = _insert(rng, html, ["&#xD800;", "&#99999999;", "&amp", "&nbsp", "&#0;", "&lt;td&gt;"], 30)
        elif kind == "open-script":
            at = rng.randint(0, len(html))
            html = html[:at] + rng.choice(["<script>", "<style>", "<textarea>", "<![CDATA["]) + html[at:]
        elif kind == "open-comment":
            at = rng.randint(0, len(html))
            html = html[:at] + "<!--" + html[at:]
        else:
            html = _insert(rng, html, ["<td>", "</table>", "<tr>", "<br/>", "<h1>", "</div>", "<p>", "<li>"], 40)
    return _encode(rng, html, steps) if rng.random() < 0.3 else html.encode("utf-8", "surrogatepass")


def to_docx(rng: random.Random, text: str, steps: list[str]) -> bytes:
    body = []
    for line in text.split("\n"):
        # XML 1.0 cannot hold control characters or lone surrogates: damage comes later
        clean = "".join(ch for ch in line if ch == "\t" or ord(ch) >= 32 and not 0xD800 <= ord(ch) <= 0xDFFF)
        cells = _rows(clean)
        if cells:
            body.append("<w:tbl><w:tr>" + "".join(
                f"<w:tc><w:p><w:r><w:t>{xml_escape(c)}</w:t></w:r></w:p></w:tc>" for c in cells) + "</w:tr></w:tbl>")
        else:
            body.append(f'<w:p><w:r><w:t xml:space="preserve">{xml_escape(clean)}</w:t></w:r></w:p>')
    xml = "".join(body)
    if rng.random() < 0.2:
        xml = _insert(rng, xml, ["<w:p>", "</w:tc>", "&bogus;", "<w:tbl>", "\x01"], rng.randint(1, 5))
        steps.append("docx:xml-damage")
    data = docx_bytes(xml)
    if rng.random() < 0.25:
        data = flip_bytes(rng, data, rng.randint(1, 20), start=30)
        steps.append("docx:zip-flip")
    elif rng.random() < 0.1:
        data = data[: rng.randint(0, len(data))]
        steps.append("docx:cut")
    return data


def cjk_pdf(pages: list[list[str]], compress: bool = True, own_fonts: bool = False, full_map: bool = False) -> bytes:
    """A PDF 1.4 whose text layer is ``pages`` (lists of lines, any Unicode): an Identity-H
    CID font (code = UTF-16 unit) with a ToUnicode map of the codes used, as a subset font
    has, or with ``full_map`` one range mapping all 65,536 codes to themselves.
    ``own_fonts``: every page gets its own copy of the font objects."""
    if full_map:
        body = b"1 beginbfrange <0000> <FFFF> <0000> endbfrange"
    else:
        data = b"".join(line.encode("utf-16-be", "replace") for lines in pages for line in lines)
        units = sorted({int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)})
        hexes = [b"<%04X> <%04X>" % (u, u) for u in units]
        body = b" ".join(b"%d beginbfchar " % len(hexes[i:i + 100]) + b" ".join(hexes[i:i + 100]) + b" endbfchar"
                         for i in range(0, len(hexes), 100))
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def "
            b"/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
            + body + b" endcmap CMapName currentdict /CMap defineresource pop end end")
    objects = [b"", b"<< /Type /Catalog /Pages 2 0 R >>", b""]

    def font() -> int:
        first = len(objects)
        objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong /Encoding /Identity-H "
                       b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (first + 1, first + 2))
        objects.append(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong /CIDSystemInfo "
                       b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>")
        objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
        return first

    shared = font()
    kids = []
    for lines in pages:
        own = font() if own_fonts else shared
        ops = [b"BT /F1 10 Tf 12 TL 40 800 Td"]
        ops += [b"<" + line.encode("utf-16-be", "replace").hex().encode() + b"> Tj T*" for line in lines]
        content = b"\n".join(ops + [b"ET"])
        data = zlib.compress(content) if compress else content
        flt = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), flt) + data + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (own, len(objects) - 1))
        kids.append(b"%d 0 R" % (len(objects) - 1))
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    return pdf_file(objects)


def to_pdf(rng: random.Random, text: str, steps: list[str]) -> bytes:
    lines = text.split("\n")
    per_page = rng.randint(10, 60)
    full = rng.random() < 0.1
    data = cjk_pdf([lines[i:i + per_page] for i in range(0, max(1, len(lines)), per_page)],
                   compress=rng.random() < 0.7, full_map=full)
    steps.append("pdf:full-map" if full else "pdf")
    damage = rng.random()
    if damage < 0.2:
        data = flip_bytes(rng, data, rng.randint(1, 30), start=15)
        steps.append("pdf:flip")
    elif damage < 0.3:
        data = data[: rng.randint(0, len(data))]
        steps.append("pdf:cut")
    elif damage < 0.4:
        at = data.rfind(b"xref")
        data = data[:at] + flip_bytes(rng, data[at:], 10)
        steps.append("pdf:xref")
    return data


def from_fixture(rng: random.Random, steps: list[str]) -> tuple[str, bytes]:
    name, data = rng.choice(seed_files())
    steps.append(f"fixture:{name}")
    kind = rng.random()
    if kind < 0.5:
        data = flip_bytes(rng, data, rng.randint(1, 40), start=min(30, len(data)))
        steps.append("flip")
    elif kind < 0.8:
        data = data[: rng.randint(0, len(data))]
        steps.append("cut")
    else:  # a block of the file repeated or removed
        a = rng.randint(0, len(data))
        b = a + rng.randint(1, 4000)
        data = data[:a] + (data[a:b] * rng.randint(0, 5)) + data[b:]
        steps.append("block")
    return Path(name).suffix[1:], data


# --- the corpus ----------------------------------------------------------------------------------

def fuzz_input(index: int, seed: int = 0, max_chars: int = 20_000) -> FuzzInput:
    """The ``index``-th input of corpus ``seed``: a window of at most ``max_chars`` characters of a
    seed document (0 = the whole document), mutated, in one of the containers."""
    rng = random.Random(f"{seed}:{index}")
    container = rng.choice(TEXT_CONTAINERS)
    steps: list[str] = []
    if container == "fixture":
        ext, data = from_fixture(rng, steps)
        return FuzzInput(f"fuzz{seed}_{index:05d}.{ext}", data, " ".join(steps))
    name, text = rng.choice(seed_texts())
    if max_chars and len(text) > max_chars:
        a = rng.randint(0, len(text) - 1)
        text = text[a:a + rng.randint(200, max_chars)]
    steps.append(f"{name}[{len(text)}]")
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(sorted(TEXT_MUTATIONS))
        text = TEXT_MUTATIONS[kind](rng, text) or " "
        steps.append(kind)
    if container in ("md", "txt"):
        data = _encode(rng, text, steps)
    elif container == "html":
        data = to_html(rng, text, steps)
    elif container == "docx":
        data = to_docx(rng, text, steps)
    else:
        data = to_pdf(rng, text, steps)
    return FuzzInput(f"fuzz{seed}_{index:05d}.{container}", data, " ".join(steps))


def corpus(count: int, seed: int = 0, max_chars: int = 20_000):
    """Inputs 0..count-1 of corpus ``seed`` (see :func:`fuzz_input`)."""
    for index in range(count):
        yield fuzz_input(index, seed, max_chars)

