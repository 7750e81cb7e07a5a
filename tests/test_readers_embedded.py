"""An HTML page a text file stores (a crawl, a database record's field) is read as the page it is (h12h)."""

from __future__ import annotations

from extract.pipeline import extract_text
from extract.readers.dispatch import read_file

_P = '<p style="margin-top:0px;margin-bottom:0px;text-indent:2em;line-height:150%;font-family:仿宋_GB2312;font-size:16pt">'
PAGE = ('<!-- source: a record field -->\n<div class="wrap"><div id="UCAP-CONTENT">'
        + _P + "关于加强河道管理的通知</p>"
        + _P + "各区人民政府，市政府各部门：</p>"
        + _P + "&nbsp;&nbsp;一、加强组织领导。各区要建立&ldquo;河长制&rdquo;工作机制（市水务局牵头）。</p>"
        + _P + "&nbsp;&nbsp;二、落实工作责任。市财政局要保障经费。</p>"
        + "<table><tr><td>任务</td><td>责任单位</td></tr><tr><td>清理河道</td><td>市城管局</td></tr></table>"
        + "</div></div>\n")


def test_a_page_in_a_markdown_file_is_read_as_a_page(tmp_path):
    for name in ("page.md", "page.txt"):
        path = tmp_path / name
        path.write_text(PAGE, encoding="utf-8")
        raw = read_file(path)
        assert raw.format == "html"
        assert "<p" not in raw.text and "&nbsp;" not in raw.text and "&ldquo;" not in raw.text
        assert "\n\n一、加强组织领导。各区要建立“河长制”工作机制（市水务局牵头）。\n\n" in raw.text
        assert "| 任务 | 责任单位 |" in raw.text and "| 清理河道 | 市城管局 |" in raw.text
        docs = extract_text(raw.text, str(path))
        tasks = [t for d in docs for t in d.tasks]
        assert [t.id for t in tasks][:2] == ["一", "二"]
        for t in tasks:  # spans point into the reader's text, as for a .html file
            assert raw.text[t.span[0]:t.span[1]].strip() and (t.title or "")[:4] in raw.text[t.span[0]:t.span[1]]


def test_markdown_with_a_little_inline_html_stays_text(tmp_path):
    text = ("# 关于加强管理的通知\n\n<div align=\"center\">市人民政府办公室</div>\n\n一、提高认识。<br>各部门要负责落实。\n\n"
            "二、明确分工。\n\n| 任务 | 责任单位 |\n|---|---|\n| 制定方案<br>报送 | 市发展改革委 |\n")
    path = tmp_path / "notice.md"
    path.write_text(text, encoding="utf-8")
    raw = read_file(path)
    assert raw.format == "markdown" and raw.text == text


def test_a_page_whose_paragraphs_are_lines_stays_text(tmp_path):
    text = "<div class=\"content\">\n各区人民政府：\n<b>一、各地自查</b>\n各区要开展自查。\n<b>二、部门自查</b>\n各部门要开展自查。\n</div>\n"
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    raw = read_file(path)
    assert raw.format == "text" and raw.text == text
