"""A short seeded fuzz set, and a regression test for each fault fuzzing found.

The corpus (``bench/fuzz_corpus.py``) mutates windows of the sample and of the
real documents and writes them as .md, .txt, .html, .docx and .pdf, or damages
a committed reader fixture.  Every input must either yield documents whose
every span reads its record (``tests/span_support.py``) or be skipped with a
reason naming the file; no exception may escape.  The long run and the speed
floor are in ``bench/bench_fuzz.py`` (``bench/results/fuzz.md``).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from extract.readers import limits
from extract.pipeline import extract_paths, extract_text
from span_support import span_errors

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.fuzz_check import check_file  # noqa: E402
from bench.fuzz_corpus import cjk_pdf, fuzz_input  # noqa: E402

SEED = 7
COUNT = 200
WINDOW = 6_000  # characters of a seed document per input: keeps the set to seconds


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """(index, recipe, outcome) for every input of the short set."""
    folder = tmp_path_factory.mktemp("fuzz")
    out = []
    for index in range(COUNT):
        inp = fuzz_input(index, SEED, WINDOW)
        path = folder / inp.name
        path.write_bytes(inp.data)
        out.append((index, inp.recipe, check_file(path, span_errors)))
        path.unlink()
    return out


def test_no_input_crashes_and_every_span_reads_its_record(outcomes):
    bad = [(i, recipe, o.status, o.detail[:400], o.problems[:3]) for i, recipe, o in outcomes
           if o.status == "crash" or o.problems]
    assert not bad, bad[:5]


def test_the_short_set_reaches_every_container_and_mostly_extracts(outcomes):
    kinds = Counter((Path(o.name).suffix, o.status) for _, _, o in outcomes)
    for ext in (".md", ".txt", ".html", ".docx", ".pdf"):
        assert kinds[(ext, "read")] >= 5, kinds  # damaged, but still read
    assert kinds[(".docx", "skipped")] and kinds[(".pdf", "skipped")], kinds  # and refused when broken
    read = sum(n for (_, status), n in kinds.items() if status == "read")
    assert read >= COUNT // 2, kinds
    tasks = sum(int(o.detail.split(", ")[1].split()[0]) for _, _, o in outcomes if o.status == "read")
    assert tasks >= 10 * COUNT // 2, tasks


def test_a_skipped_input_names_its_file_and_reason(outcomes):
    skipped = [o for _, _, o in outcomes if o.status == "skipped"]
    assert len(skipped) >= 20
    assert all(o.detail.strip() and not o.problems for o in skipped)


def test_the_corpus_is_a_pure_function_of_index_and_seed():
    a, b = fuzz_input(11, SEED, WINDOW), fuzz_input(11, SEED, WINDOW)
    assert (a.name, a.data, a.recipe) == (b.name, b.data, b.recipe)
    assert fuzz_input(11, SEED + 1, WINDOW).data != a.data


# --- regressions: one per fault the fuzzing found --------------------------------------------

TITLE = "关于推进工作的通知\n\n"


def _tasks(text: str):
    return [t for d in extract_text(text, "x.md") for t in d.tasks]


def test_a_bold_title_stops_at_the_next_item():
    """Bold running from one numbered line over the next item's marker titled the section
    with both lines ("为人才创新创造\\n\\n第十条 松绑减负"), past its span."""
    text = TITLE + "一、重点任务\n**22. 为人才创新创造\n\n第十条 松绑减负**，推动人才发展。（市人社局牵头）\n"
    docs = extract_text(text, "x.md")
    assert [s.title for s in docs[0].sections] == ["重点任务", "为人才创新创造"]
    assert [(t.id, t.title) for t in docs[0].tasks] == [("十", "松绑减负，推动人才发展")]
    assert not span_errors(text, docs)


def test_an_assignment_inside_the_brackets_of_the_one_before_makes_no_empty_task():
    """A bracket opened before a numbered line and closed after it gave a task of no text
    whose span was empty."""
    text = (TITLE + "十一、推进平台建设。对平台给予奖补。（\n\n十二、责任单位：省经济和信息化厅、省财政厅）\n\n"
            "推动企业上云上平台。建立资源池，实施动态管理，面向中小企业提供服务。（责任单位：省经济和信息化厅）\n\n"
            "加快数据共享。推动数据开放，实施分级管理，面向中小企业提供服务。（责任单位：省数据局）\n")
    tasks = _tasks(text)
    assert all(t.title and t.span[0] < t.span[1] for t in tasks), [(t.id, t.span) for t in tasks]
    assert [t.title for t in tasks] == ["推进平台建设", "推动企业上云上平台", "加快数据共享"]
    assert [[r.name for r in t.responsible] for t in tasks[1:]] == [["省经济和信息化厅"], ["省数据局"]]


def test_a_note_inside_a_name_leaves_no_empty_brackets():
    """A carry-forward note masked inside a unit's name left "省统计（）局"."""
    text = (TITLE + "一、重点任务\n1.完善统计制度，加强数据监测（省统计（以下均需市发改委、市财政局落实，不再列出）局牵头，"
            "省财政厅配合）\n2.加快建设（市科技局牵头）\n")
    tasks = _tasks(text)
    assert [r.name for r in tasks[0].lead] == ["省统计局"]
    assert [r.name for r in tasks[0].participants] == ["省财政厅"]


def _font_reads(monkeypatch) -> list:
    """Record every font pypdf builds (its ToUnicode map included)."""
    import pypdf.generic._font as font_module

    calls = []
    original = font_module.get_encoding

    def counting(ft):
        calls.append(ft.get("/BaseFont"))
        return original(ft)

    monkeypatch.setattr(font_module, "get_encoding", counting)
    return calls


UNITS = ["市发改委", "市科技局", "市财政局", "市工信局", "市商务局"]
WORK = ["建设平台", "完善制度", "培育企业", "引进人才", "开放数据", "优化服务", "强化保障", "扩大投资"]
PAGES = [["关于推进重点工作的通知", "1.建设平台，开放数据（市发改委牵头）"]] + [
    [f"{i}.{WORK[i % 8]}，{WORK[(i * 3 + 1) % 8]}（{UNITS[i % 5]}牵头）"] for i in range(2, 31)]


def test_a_font_shared_by_every_page_is_read_once(tmp_path, monkeypatch):
    """pypdf rebuilt a 65,536-code ToUnicode map on every page (0.17 s a page): 5,000 small
    pages would have taken minutes."""
    calls = _font_reads(monkeypatch)
    path = tmp_path / "shared.pdf"
    path.write_bytes(cjk_pdf(PAGES, full_map=True))
    docs = extract_paths([path]).documents
    assert len(calls) == 1
    assert [t.id for d in docs for t in d.tasks] == [str(i) for i in range(1, len(PAGES) + 1)]


def test_fonts_of_their_own_on_every_page_are_capped(tmp_path, monkeypatch):
    """Each page with a font of its own (65,536 codes each): under the cap every page is
    read, one font more and the file is skipped naming the limit, before pypdf reads any map."""
    monkeypatch.setattr(limits, "MAX_PDF_FONT_MAP_ENTRIES", 3 * 65_536)
    under, over = tmp_path / "three.pdf", tmp_path / "four.pdf"
    under.write_bytes(cjk_pdf(PAGES[:3], own_fonts=True, full_map=True))
    over.write_bytes(cjk_pdf(PAGES[:4], own_fonts=True, full_map=True))
    assert [t.id for d in extract_paths([under]).documents for t in d.tasks] == ["1", "2", "3"]
    calls = _font_reads(monkeypatch)
    result = extract_paths([over])
    assert not result.documents and not calls
    assert [(s.path, s.reason) for s in result.skipped] == [(str(over), (
        "too many character codes in the fonts' ToUnicode maps: 262,144 (limit MAX_PDF_FONT_MAP_ENTRIES = 196,608)"))]


def _hex_outcome(reader, data: bytes):
    import io

    stream = io.BytesIO(data)
    try:
        value = reader(stream)
    except Exception as exc:  # noqa: BLE001 - the error is part of the outcome compared
        return type(exc).__name__, str(exc)
    return type(value).__name__, value if isinstance(value, str) else bytes(value), stream.tell()


def test_hex_strings_are_read_in_blocks_with_pypdfs_results(tmp_path):
    """pypdf read a hex string one byte at a time (1.7 s for the 250,000 digits of a 117 KB CJK
    PDF).  The block reader gives the same value, stream position and error on every input
    (odd digit counts, white space, invalid bytes, no closing '>'), and pypdf's parser uses it."""
    import random

    from pypdf.generic import _data_structures
    from pypdf.generic._utils import read_hex_string_from_stream as pypdf_reader

    from extract.readers.pdf import read_hex_string

    rng = random.Random(3)
    alphabet = b"0123456789abcdefABCDEF \n\r\t\x00\x0c"
    cases = [b"<>", b"<4E2D>", b"<4E2>", b"< 4E\n2D >x", b"<4E2D", b"<4G>", b"<" + b"4E2D" * 5000 + b">tail"]
    for n in range(500):
        body = bytes(rng.choice(alphabet + (b"xZ" if n % 5 == 0 else b"")) for _ in range(rng.randint(0, 40)))
        cases.append(b"<" + body + (b">" if n % 7 else b"") + b" rest")
    for data in cases:
        assert _hex_outcome(read_hex_string, data) == _hex_outcome(pypdf_reader, data), data
    path = tmp_path / "hex.pdf"
    path.write_bytes(cjk_pdf(PAGES[:2]))
    assert [t.id for d in extract_paths([path]).documents for t in d.tasks] == ["1", "2"]
    assert _data_structures.read_hex_string_from_stream is read_hex_string


def _fixture_files() -> list[Path]:
    root = Path(__file__).resolve().parent / "fixtures"
    exts = {".md", ".txt", ".docx", ".pdf", ".html"}
    return sorted(p for folder in ("formats", "golden", "heldout", "heldout3", "heldout4", "heldout5")
                  for p in (root / folder).iterdir() if p.suffix in exts)


def test_every_span_of_every_reader_reads_its_record():
    """Span truth (tests/test_real_documents.py covers the sample and the real Markdown) over
    every committed fixture of every reader: .docx, .pdf and .html text included."""
    from extract.readers.dispatch import read_file

    files = _fixture_files()
    assert {p.suffix for p in files} == {".md", ".txt", ".docx", ".pdf", ".html"}
    read = 0
    problems = []
    for path in files:
        result = extract_paths([path])
        if result.skipped:
            continue
        read += 1
        text = read_file(path).text
        problems += [(path.name, *e) for e in span_errors(text, result.documents)]
    assert read >= 50 and not problems, problems[:10]


UTF8_DOC = (TITLE + "一、重点任务\n1.建设平台，开放数据。（市发改委牵头）\n2.完善制度，优化服务。（市科技局牵头）\n"
            "3.培育企业，引进人才。（市财政局牵头）\n").encode()


def test_a_utf8_file_with_a_damaged_byte_is_read_with_a_warning_naming_the_line(tmp_path):
    """One flipped byte made the whole document "undecodable text": it is read now, the
    byte replaced by U+FFFD, and the document warns with the line."""
    at = UTF8_DOC.index("优化".encode())
    path = tmp_path / "flipped.md"
    path.write_bytes(UTF8_DOC[:at] + b"\xff" + UTF8_DOC[at + 1:])
    docs = extract_paths([path]).documents
    assert [(t.id, [r.name for r in t.lead]) for d in docs for t in d.tasks] == [
        ("1", ["市发改委"]), ("2", ["市科技局"]), ("3", ["市财政局"])]
    warnings = [(w.code, w.line, w.message) for w in docs[0].warnings if w.code == "undecodable-bytes"]
    assert warnings == [("undecodable-bytes", 5, "3 undecodable byte sequences of utf-8 replaced by U+FFFD "
                                                 "(the first on line 5)")]


def test_a_utf8_file_cut_mid_character_is_read_with_a_warning(tmp_path):
    path = tmp_path / "cut.md"
    path.write_bytes(UTF8_DOC[:-3])  # "）\n" cut inside the bracket's three bytes
    docs = extract_paths([path]).documents
    assert [t.id for d in docs for t in d.tasks] == ["1", "2", "3"]
    assert [w.line for w in docs[0].warnings if w.code == "undecodable-bytes"] == [6]


def test_more_damaged_bytes_than_one_in_a_thousand_are_still_refused(tmp_path):
    path = tmp_path / "damaged.md"
    path.write_bytes(UTF8_DOC[:40] + b"\xff" * 17 + UTF8_DOC[40:])  # 17 > 16 for a file under 16 KB
    result = extract_paths([path])
    assert [(s.path, s.reason) for s in result.skipped] == [
        (str(path), "undecodable text (not UTF-8, UTF-16 or GB18030)")]


def test_two_contents_entries_on_one_line_start_one_document():
    """A crawl that lost its breaks ran two titles of the contents into one line: both
    documents started there, the first with an empty span."""
    toc = ("目录\n\n一、关于加快数字经济发展的实施意见 ..... 1\n二、关于推进产业创新集群建设的通知 ..... 3\n"
           "三、关于促进人才发展的若干措施 ..... 5\n\n")
    body = ("关于加快数字经济发展的实施意见\n\n一、推进平台建设。（市发改委牵头）\n\n"
            "关于推进产业创新集群建设的通知关于促进人才发展的若干措施\n\n一、引进高端人才。（市人社局牵头）\n")
    text = toc + body
    docs = extract_text(text, "x.md")
    assert [(d.title, [t.title for t in d.tasks]) for d in docs] == [
        ("关于加快数字经济发展的实施意见", ["推进平台建设"]), ("关于推进产业创新集群建设的通知", ["引进高端人才"])]
    assert all(d.span[0] < d.span[1] for d in docs) and not span_errors(text, docs)


def test_a_file_with_nothing_but_comments_and_page_furniture_is_skipped_by_name(tmp_path):
    """Such a file gave a document with an empty span and no title."""
    path = tmp_path / "furniture.md"
    path.write_text("<!-- source: https://example.org/a.html; title: 某某通知 -->\n\n— 3 —\n", encoding="utf-8")
    result = extract_paths([path])
    assert not result.documents
    assert [(s.path, s.reason) for s in result.skipped] == [
        (str(path), "no text content (only HTML comments, page numbers or running headers)")]


def test_two_annexes_of_one_number_get_distinct_document_ids():
    """Two "附件1" lines in one document gave two documents the same id (one node in the graph)."""
    text = (TITLE + "一、推进平台建设。（市发改委牵头）\n\n附件1\n\n重点任务清单\n\n1.引进高端人才。（市人社局牵头）\n\n"
            "附件1\n\n考核细则\n\n1.优化营商环境。（市发改委牵头）\n")
    docs = extract_text(text, "x.md")
    assert [(d.id, d.part_of, [t.title for t in d.tasks]) for d in docs] == [
        ("x-1", None, ["推进平台建设"]), ("x-1-a1", "x-1", ["引进高端人才"]), ("x-1-a1_2", "x-1", ["优化营商环境"])]


def test_only_a_file_that_opens_with_a_table_is_titled_by_its_caption():
    """A file opening with other markup (a broken comment) was titled by the caption of a
    table in its annex, a title outside the document's span."""
    text = ("<!-1001.- source: not stated -->\n\n附件1\n\n"
            "<table><caption>某县2018年度目标管理考核细则</caption><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr>"
            "<tr><td>1</td><td>推进河道保洁</td><td>县水利局</td></tr></table>\n")
    docs = extract_text(text, "x.md")
    assert docs[0].title == "" and not span_errors(text, docs)
    table = text[text.index("<table"):]
    assert extract_text(table, "t.md")[0].title == "某县2018年度目标管理考核细则"
