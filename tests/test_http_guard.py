"""Headers, Host names, CSV formula cells and server paths: what a browser and a spreadsheet are given."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import LOOPBACK, Settings
from extract.export import spreadsheet_safe

DEPT = quote("市科技局", safe="")
PAGES = ["/", "/api/stats", "/healthz", "/sparql?query=ASK%7B%7D", f"/viz/department/{DEPT}",
         "/viz/coparticipation", "/api/documents", "/no/such/page"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_denies_sniffing_and_framing(client, path):
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp


@pytest.mark.parametrize("path", [f"/viz/department/{DEPT}?embed=1", "/viz/coparticipation?embed=1"])
def test_embed_views_may_be_framed_by_any_page(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert "x-frame-options" not in r.headers
    assert "frame-ancestors *" in r.headers["content-security-policy"]


def test_a_foreign_host_header_is_refused(client):
    r = client.get("/api/stats", headers={"host": "attacker.example"})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == "bad-host" and "POLICYKG_ALLOWED_HOSTS" in err["message"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/stats", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_allowed_hosts_default_to_loopback_names_on_loopback():
    assert Settings(host="127.0.0.1").host_names() == list(LOOPBACK)
    assert Settings(host="0.0.0.0").host_names() == ["*"]
    assert Settings(host="127.0.0.1", allowed_hosts=["kg.example.org"]).host_names() == ["kg.example.org"]


def test_a_loopback_server_accepts_its_own_names_only(built_store):
    with TestClient(create_app(Settings(data=built_store, build_if_empty=False)),
                    base_url="http://localhost:8000") as c:
        assert c.get("/healthz").status_code == 200
        assert c.get("/healthz", headers={"host": "[::1]:8000"}).status_code == 200
        assert c.get("/healthz", headers={"host": "rebind.attacker.example:8000"}).status_code == 400


@pytest.mark.parametrize("cell, safe", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("@SUM(A1)", "'@SUM(A1)"),
    ("+cmd", "'+cmd"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"), ("\tx", "'\tx"),
    ("-5", "-5"), ("+3.5", "+3.5"), ("1e5", "1e5"), ("市科技局", "市科技局"), ("", "")])
def test_spreadsheet_formula_cells_are_escaped(cell, safe):
    assert spreadsheet_safe(cell) == safe


def test_sparql_csv_answers_escape_formula_cells(client):
    query = 'SELECT ?x { VALUES ?x { "=1+1" "@SUM(1)" "-5" "市科技局" } }'
    r = client.get("/sparql", params={"query": query, "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows == [["x"], ["'=1+1"], ["'@SUM(1)"], ["-5"], ["市科技局"]]


def test_documents_name_their_source_relative_to_the_corpus_not_by_server_path(client, built_store):
    docs = client.get("/api/documents").json()
    files = {d["source_file"] for d in docs["items"]}
    assert files == {"suzhou_2022_01.md"}
    assert "/" not in "".join(files) and str(built_store) not in client.get("/api/documents").text


def test_an_unexpected_error_is_500_without_internals(api_settings):
    app = create_app(api_settings)

    @app.get("/boom")
    def boom():
        raise RuntimeError("/srv/secret/path leaked")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal-error" and "secret" not in r.text
