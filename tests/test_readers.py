"""Golden tests for extract.readers: every format and every rejected input."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from extract.readers.dispatch import read_file
from extract.readers.text import InputError, RawText, normalize_newlines, render_pipe_table
from extract.readers.html import html_rules
from extract.readers.pdf import strip_running_lines

FIXTURES = Path(__file__).parent / "fixtures" / "formats"

POLICY = """苏州市关于加快推进数字经济发展的实施意见

各市、区人民政府，市各委办局：

一、总体要求

（一）发展目标。到2025年，全市数字经济核心产业增加值占地区生产总值比重达到15%。

二、重点任务

（二）推进产业数字化转型

1. 实施智能化改造。支持规模以上工业企业开展智能化改造和数字化转型。（市工信局牵头，市发改委、市财政局等参与）

2. 建设工业互联网平台。培育一批行业级工业互联网平台。（市发改委牵头，市科技局、市工信局等参与）

3. 强化数据要素支撑。

牵头单位：市大数据局；配合单位：市发改委、市公安局。

三、保障措施

加强组织领导，各地各部门要抓好落实。
"""

BODY, CLOSING = POLICY.split("三、保障措施")
TABLE_DOCX = """| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |
| --- | --- | --- | --- | --- |
| 1 | 实施智能化改造 | 市工信局 | 市发改委、 市财政局 | 2023年底 |
| 2 | 建设工业互联网平台 | 市发改委 | 市科技局、市工信局 | 2024年底 |
| 3 | 强化数据要素支撑 | 市发改委 | 市公安局 | 2024年底 |
"""
DOCX_TEXT = BODY + TABLE_DOCX + "\n三、保障措施" + CLOSING
HTML_TEXT = DOCX_TEXT.replace("市发改委、 市财政局", "市发改委、市财政局")
PDF_TEXT = """苏州市关于加快推进数字经济发展的实施意见
各市、区人民政府，市各委办局：
一、总体要求
（一）发展目标。到2025年，全市数字经济核心产业增加值占地区生产总值比重达到15%。

二、重点任务
（二）推进产业数字化转型
1. 实施智能化改造。支持规模以上工业企业开展智能化改造和数字化转型。（市工信局牵头，市发改
委、市财政局等参与）
2. 建设工业互联网平台。培育一批行业级工业互联网平台。（市发改委牵头，市科技局、市工信局等
参与）
3. 强化数据要素支撑。

牵头单位：市大数据局；配合单位：市发改委、市公安局。
三、保障措施
加强组织领导，各地各部门要抓好落实。
序号 重点任务 牵头单位 配合单位
1 实施智能化改造 市工信局 市发改委、市财政局
2 建设工业互联网平台 市发改委 市科技局、市工信局
3 强化数据要素支撑 市公安局
"""


@pytest.mark.parametrize(
    "name, fmt, encoding, expected",
    [
        ("policy_utf8.md", "markdown", "utf-8", POLICY),
        ("policy_utf8_bom.txt", "text", "utf-8-sig", POLICY),
        ("policy_gb18030.txt", "text", "gb18030", POLICY),
        ("policy_crlf.txt", "text", "utf-8", POLICY),
        ("policy_utf16.txt", "text", "utf-16", POLICY),
        ("policy_noext", "text", "utf-8", POLICY),
        ("policy.docx", "docx", None, DOCX_TEXT),
        ("policy.html", "html", "gb18030", HTML_TEXT),
        ("policy.pdf", "pdf", None, PDF_TEXT),
    ],
)
def test_read_file_golden(name, fmt, encoding, expected):
    path = FIXTURES / name
    assert read_file(path) == RawText(path=str(path), text=expected, format=fmt, encoding=encoding)


def test_pdf_running_header_and_page_numbers_are_gone():
    text = read_file(FIXTURES / "policy.pdf").text
    assert "苏州市人民政府办公室文件" not in text
    assert not re.search(r"^- \d -$", text, re.M)


def test_html_noise_is_dropped():
    text = read_file(FIXTURES / "policy.html").text
    for noise in ("首页", "当前位置", "分享到", "打印本页", "关闭窗口", "相关文件", "ICP", "var nav", "color:red"):
        assert noise not in text


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.txt", "empty file (0 bytes)"),
        ("blank.txt", "no text content (only whitespace)"),
        ("garbage.txt", "binary file (contains NUL bytes)"),
        ("archive.txt", "binary file (zip archive), not text"),
        ("undecodable.txt", "undecodable text (not UTF-8, UTF-16 or GB18030)"),
        ("fake.docx", "not a valid .docx (not a zip archive)"),
        ("notword.docx", "not a valid .docx (zip without word/document.xml)"),
        ("blank.pdf", "no text layer (scanned PDF?)"),
        ("corrupt.pdf", "corrupt PDF: PdfStreamError: Stream has ended unexpectedly"),
        ("missing.txt", "file not found"),
        (".", "is a directory, not a file"),
    ],
)
def test_bad_inputs_raise_input_error_naming_the_file(name, reason):
    path = FIXTURES / name
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert (caught.value.path, caught.value.reason) == (str(path), reason)
    assert str(caught.value) == f"{path}: {reason}"


def test_unreadable_file(monkeypatch):
    path = FIXTURES / "policy_utf8.md"

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match=re.escape(f"{path}: permission denied")):
        read_file(path)


def test_docx_with_broken_xml(tmp_path):
    path = tmp_path / "broken.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert caught.value.path == str(path)
    assert caught.value.reason.startswith("corrupt .docx: ")


@pytest.mark.parametrize(
    "source, fmt",
    [("policy.pdf", "pdf"), ("policy.docx", "docx"), ("policy.html", "html")],
)
def test_unknown_extension_is_sniffed(tmp_path, source, fmt):
    path = tmp_path / "download.bin"
    path.write_bytes((FIXTURES / source).read_bytes())
    assert read_file(path).format == fmt


def test_mixed_line_endings_and_bom():
    assert normalize_newlines("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


def test_render_pipe_table():
    grid = [["序号", "任务"], ["1", "推进 a|b\n建设"], ["2"]]
    assert render_pipe_table(grid) == (
        "| 序号 | 任务 |\n| --- | --- |\n| 1 | 推进 a｜b 建设 |\n| 2 |  |"
    )


def test_strip_running_lines_keeps_table_numbers():
    pages = [
        ["政府公报第12期", "正文一", "序号", "- 1 -"],
        ["政府公报第12期", "1", "正文二", "2"],
        ["政府公报第12期", "正文三", "7", "3"],
    ]
    assert strip_running_lines(pages) == [["正文一", "序号"], ["1", "正文二"], ["正文三", "7"]]


NOISE = html_rules()["noise"]


@pytest.mark.parametrize("value", NOISE["examples"])
def test_html_noise_examples(value):
    assert html_rules()["noise_re"].search(value)


@pytest.mark.parametrize("value", NOISE["counterexamples"])
def test_html_noise_counterexamples(value):
    assert not html_rules()["noise_re"].search(value)


def test_html_fallback_body_and_rowspan_colspan(tmp_path):
    page = (
        "<html><head><title>关于推进某项工作的通知 - 某某省人民政府</title></head><body>"
        "<div class='menu'><p>首页 政务公开</p></div>"
        "<div class='wrap'><p>为推进某项工作，现将有关事项通知如下。</p>"
        "<p>一、加强统筹协调，由省发展改革委牵头负责。</p>"
        "<table><tr><th>序号</th><th colspan='2'>责任单位</th></tr>"
        "<tr><td rowspan='2'>1</td><td>省财政厅</td><td>省科技厅</td></tr>"
        "<tr><td colspan='2'>各设区市政府</td></tr></table></div>"
        "<div id='footer'><p>版权所有：某某省人民政府办公厅</p></div></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    assert read_file(path).text == (
        "关于推进某项工作的通知\n\n为推进某项工作，现将有关事项通知如下。\n\n"
        "一、加强统筹协调，由省发展改革委牵头负责。\n\n"
        "| 序号 | 责任单位 | 责任单位 |\n| --- | --- | --- |\n"
        "| 1 | 省财政厅 | 省科技厅 |\n| 1 | 各设区市政府 | 各设区市政府 |\n"
    )


def test_encrypted_pdf(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert str(caught.value) == f"{path}: encrypted PDF (password required)"
