"""The query page in a real headless Chromium, served by a real uvicorn (the harness of test_views_browser).

Type a query in the CodeMirror editor (its PREFIX is added by the page), run it, see the table, sort
a numeric column and a column of keys (1.9 before 1.10), follow an entity link, provoke a syntax error
and see it inline with the query kept.  No console error, no request leaving 127.0.0.1.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from browser_support import browser, live_server, open_page, pytestmark  # noqa: F401 (fixtures, marks)
from graph.gallery import example


@pytest.fixture(scope="module")
def server(api_settings, free_port):
    """A uvicorn server on a free loopback port in a thread; yields its base URL."""
    yield from live_server(api_settings, free_port())


def _open(browser, url: str):
    """A loaded page with every non-loopback request blocked: (page, foreign URLs)."""
    page, foreign, _ = open_page(browser, url)
    return page, foreign


# a query the test types: no PREFIX (the page adds it); task counts are xsd:integer
TYPED = "SELECT ?d ?label ?n WHERE { ?d pkg:taskCount ?n ; rdfs:label ?label } ORDER BY ?label"


def _norm(text: str) -> str:
    """A query as a form submits it (CR LF line ends) compared with the editor's text (LF)."""
    return text.replace("\r\n", "\n").strip()


def _editor_value(page) -> str:
    return page.evaluate("() => window.policykgEditor.getValue()")


def _column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(f"#results tbody tr td:nth-child({index})", "cells => cells.map(c => c.textContent)")


def _watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _type_query(page, text: str) -> None:
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Escape")  # close a completion list if one is open


def test_type_run_sort_and_follow_a_link(server, browser, client):
    page, foreign = _open(browser, server + "/sparql")
    errors = _watch_console(page)
    page.wait_for_function("() => window.policykgPageReady === true && !!window.policykgEditor")
    assert page.locator("#gallery a[data-example]").count() == 8

    _type_query(page, TYPED)
    value = _editor_value(page)
    # the page declared the two prefixes the typed query uses, and nothing else
    assert value.startswith("PREFIX ")
    assert "PREFIX pkg: <https://w3id.org/policykg/ontology#>" in value
    assert "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in value
    assert value.count("PREFIX") == 2 and value.rstrip().endswith(TYPED)

    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    # a GET URL that carries the query, and the editor still holds it
    assert urlsplit(page.url).path == "/sparql"
    assert _norm(parse_qs(urlsplit(page.url).query)["query"][0]) == _norm(value)
    page.wait_for_function("() => window.policykgPageReady === true")
    assert _editor_value(page).strip() == value.strip()

    expected = client.get("/sparql", params={"query": value},
                          headers={"accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert page.locator("h2", has_text="results").inner_text() == f"{len(expected)} results"
    assert page.locator("#results tbody tr").count() == len(expected) == 97

    # sort the counts: numbers as numbers, descending on the second click
    header = page.locator("#results th", has_text="n")
    header.click()
    counts = [int(v) for v in _column(page, 3)]
    assert counts == sorted(int(b["n"]["value"]) for b in expected)
    assert counts != sorted(counts, key=str) and len(set(counts)) > 3  # as text, 100 would come before 9
    header.click()
    assert [int(v) for v in _column(page, 3)] == sorted(counts, reverse=True)
    assert page.get_attribute("#results th:nth-child(3)", "aria-sort") == "descending"

    # the download, share and graph links carry the query
    links = {a.inner_text(): a.get_attribute("href") for a in page.locator("#result-links a").all()}
    for label, fmt in (("CSV", "csv"), ("JSON", "json"), ("TSV", "tsv")):
        q = parse_qs(urlsplit(links[label]).query)
        assert q["format"] == [fmt] and _norm(q["query"][0]) == _norm(value)
    assert links["see as graph"].startswith("/viz/sparql?query=")
    assert _norm(parse_qs(urlsplit(links["share link"]).query)["query"][0]) == _norm(value)

    # follow the link of the busiest department to its entity page
    top = page.locator("#results tbody tr").first
    label = top.locator("td:nth-child(2)").inner_text()
    link = top.locator("td:nth-child(1) a")
    href = link.get_attribute("href")
    assert href.startswith("/departments/suzhou.")
    assert errors == [], errors  # the query page itself logged nothing
    link.click()
    page.wait_for_url(server + href)
    page.close()
    assert label and foreign == []


def test_keys_sort_in_natural_order(server, browser):
    query = example("department-tasks-by-role").sparql
    page, foreign = _open(browser, server + "/sparql?query=" + quote(query))
    errors = _watch_console(page)
    page.wait_for_function("() => window.policykgPageReady === true")
    assert page.locator("h2", has_text="results").inner_text() == "41 results"
    key_header = page.locator("#results th", has_text="key")

    def section_one() -> list[int]:
        return [int(k.rsplit(".", 1)[1]) for k in _column(page, 2) if k.startswith("suzhou_2022_01-1-a1:1.")]
    # sort by the title first, so that the key sort below has something to do
    page.locator("#results th", has_text="title").click()
    assert section_one() != sorted(section_one())
    key_header.click()
    assert section_one() == sorted(section_one()) and {9, 10} <= set(section_one())  # 1.9 before 1.10
    key_header.click()
    assert section_one() == sorted(section_one(), reverse=True)
    page.close()
    assert errors == [] and foreign == []


def test_a_syntax_error_is_shown_next_to_the_query_which_is_kept(server, browser):
    page, foreign = _open(browser, server + "/sparql")
    errors = _watch_console(page)
    page.wait_for_function("() => window.policykgPageReady === true && !!window.policykgEditor")
    broken = "SELECT ?t WHERE { ?t a pkg:Task \n  FILTER( }"
    _type_query(page, broken)
    typed = _editor_value(page)
    with page.expect_navigation() as nav:
        page.click("#run")
    assert nav.value.status == 400
    page.wait_for_function("() => window.policykgPageReady === true && !!window.policykgEditor")
    message = page.locator("#query-error").inner_text()
    assert "bad-query" in message and "syntax error at line" in message
    assert page.locator("#query-error").get_attribute("data-code") == "bad-query"
    assert _editor_value(page).strip() == typed.strip()
    assert page.locator(".CodeMirror .cm-error-line").count() == 1
    assert page.locator("#results").count() == 0
    page.close()
    # the 400 of the document itself is the only thing the console reports
    assert [e for e in errors if "status of 400" not in e] == [] and foreign == []


@pytest.mark.parametrize("name", ["department-workload", "tasks-by-platform"])
def test_gallery_links_run_their_query(server, browser, name):
    page, foreign = _open(browser, server + "/sparql")
    with page.expect_navigation():
        page.click(f"#gallery a[data-example='{name}']")
    page.wait_for_function("() => window.policykgPageReady === true && !!window.policykgEditor")
    assert _editor_value(page).strip() == example(name).sparql.strip()
    assert page.get_attribute("#gallery li.current a", "data-example") == name
    assert page.locator("#results tbody tr").count() > 0
    page.close()
    assert foreign == []


def test_completion_offers_the_ontology_terms(server, browser):
    page, foreign = _open(browser, server + "/sparql")
    errors = _watch_console(page)
    page.wait_for_function("() => window.policykgPageReady === true && !!window.policykgEditor")
    _type_query(page, "SELECT ?t WHERE { ?t pkg:lea")
    page.keyboard.press("Control+Space")
    hints = page.locator(".CodeMirror-hints li")
    hints.first.wait_for()
    texts = hints.all_inner_texts()
    assert texts[0].startswith("pkg:lead") and "牵头" in texts[0]
    assert any(t.startswith("pkg:leadCount") for t in texts)
    page.keyboard.press("Enter")  # picks pkg:lead
    value = _editor_value(page)
    assert value.endswith("SELECT ?t WHERE { ?t pkg:lead") and value.startswith("PREFIX pkg: <https://w3id.org/policykg/ontology#>")
    # a known prefix name completes to its prefix
    page.keyboard.type(" ?d . ?d rd")
    page.keyboard.press("Control+Space")
    hints.first.wait_for()
    texts = hints.all_inner_texts()
    assert texts[:2] == ["rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>",
                         "rdfs:  <http://www.w3.org/2000/01/rdf-schema#>"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert _editor_value(page).endswith("?d . ?d rdfs:")
    page.close()
    assert errors == [] and foreign == []


def test_a_long_query_is_posted_and_still_gets_a_share_link(server, browser):
    page, foreign = _open(browser, server + "/sparql")
    errors = _watch_console(page)
    page.wait_for_function("() => window.policykgPageReady === true && !!window.policykgEditor")
    values = " ".join(f'"v{i}"' for i in range(1500))
    query = f"SELECT (COUNT(*) AS ?n) {{ VALUES ?x {{ {values} }} }}"
    page.evaluate("q => window.policykgEditor.setValue(q)", query)
    with page.expect_navigation() as nav:
        page.click("#run")
    assert nav.value.request.method == "POST" and nav.value.status == 200
    page.wait_for_function("() => window.policykgPageReady === true")
    assert _column(page, 1) == ["1500"]
    share = page.get_attribute("#share-link", "href")
    assert _norm(parse_qs(urlsplit(share).query)["query"][0]) == query
    page.close()
    assert errors == [] and foreign == []
