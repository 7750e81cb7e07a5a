"""The entity pages, the search box and the HTML 404 in a real headless Chromium over a real uvicorn.

Skipped only when Debian's /usr/bin/chromium is missing (CI installs it and sets
POLICYKG_REQUIRE_BROWSER=1).  Requests that leave the loopback server are blocked and fail the test.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from browser_support import browser, live_server, open_page, pytestmark  # noqa: F401 (fixtures, marks)
from test_api import DEPT, KJJ_LABEL
from test_pages import EVIL


def _open(browser, url: str):
    """A loaded page with every non-loopback request blocked: (page, foreign URLs)."""
    page, foreign, _ = open_page(browser, url)
    return page, foreign


@pytest.fixture(scope="module")
def site(api_settings, free_port):
    yield from live_server(api_settings, free_port())


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory, free_port):
    from api.settings import Settings
    from graph import build_corpus

    root = tmp_path_factory.mktemp("evil-browser")
    (root / "evil.md").write_text(EVIL, encoding="utf-8")
    build_corpus([root / "evil.md"], root / "data")
    yield from live_server(Settings(data=root / "data", build_if_empty=False, allowed_hosts=["127.0.0.1"]),
                           free_port())


def test_search_box_to_task_evidence_to_document(site, browser):
    page, foreign = _open(browser, site + "/")
    page.fill("header form.search input[name=q]", "市科学技术局")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    assert unquote(page.url.split("q=", 1)[1]) == "市科学技术局"
    assert "41 tasks" in page.inner_text("main p")
    assert page.inner_text("main p a") == KJJ_LABEL
    hits = page.locator("ol.hits > li")
    assert hits.count() == 20
    first_title = hits.nth(0).locator("a").first.inner_text()
    hits.nth(0).locator("a").first.click()
    page.wait_for_url("**/tasks/*")
    assert page.inner_text("h1") == first_title
    mark = page.locator("blockquote.evidence mark")
    assert mark.is_visible() and "市科技局牵头" in mark.inner_text()
    # the highlight is yellow, inside the paragraph that holds the whole task text
    assert page.evaluate("getComputedStyle(document.querySelector('blockquote.evidence mark')).backgroundColor") \
        == "rgb(255, 229, 138)"
    page.locator(".crumbs a").click()
    page.wait_for_url("**/documents/*")
    assert page.locator("table.tasks a", has_text=first_title.split(".")[0]).count() >= 1
    assert foreign == []
    page.close()


def test_department_page_links_to_tasks_and_views(site, browser):
    page, foreign = _open(browser, f"{site}/departments/{quote(DEPT)}")
    assert page.inner_text("h1") == KJJ_LABEL
    assert page.locator("h2#lead").inner_text().startswith("Leads (")
    assert page.get_attribute("p.twins a:has-text('network view')", "href") == "/viz/department/suzhou.kjj"
    page.locator("table.tasks td a").first.click()
    page.wait_for_url("**/tasks/*")
    lead = page.locator("dl.facts a[href='/departments/suzhou.kjj']")
    assert lead.count() == 1 and lead.inner_text() == KJJ_LABEL and lead.get_attribute("title") == DEPT
    assert foreign == []
    page.close()


def test_a_browser_gets_the_404_page_and_follows_a_suggestion(site, browser):
    page, foreign = _open(browser, "about:blank")
    response = page.goto(f"{site}/departments/{quote('市科技')}")
    assert response.status == 404
    assert page.inner_text("h1") == "Not found"
    page.click("ul.suggestions a:has-text('市科技局')")
    page.wait_for_url("**/departments/suzhou.kjj")
    assert page.inner_text("h1") == KJJ_LABEL
    assert foreign == []
    page.close()


def test_markup_in_a_document_is_shown_and_never_run(evil_site, browser):
    page, foreign = _open(browser, "about:blank")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/tasks/evil-1:1.1", "/documents/evil-1", f"/search?q={quote('平台建设')}", "/documents"):
        assert page.goto(evil_site + path).status == 200
    page.goto(evil_site + "/tasks/evil-1:1.1")
    assert "<script>alert(1)</script>" in page.inner_text("h1")
    assert "<img src=x onerror=alert(2)>" in page.inner_text("blockquote.evidence")
    assert page.locator("main script, main img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == [] and foreign == []
    page.close()
