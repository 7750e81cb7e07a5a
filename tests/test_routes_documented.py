"""Every URL the app serves has a row in the README's endpoint table, and every row names a URL it serves.

The table is the one under "## HTTP endpoints" (columns: method, path, returns). A path cell may hold
several paths in backticks (`/tasks`, `/tasks/{key}`); parameter names and query strings are ignored
when comparing (`/api/departments/{id-or-name}` documents the route `/api/departments/{ident}`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.app import create_app
from api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PARAM = re.compile(r"\{[^}]*\}")
VERBS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def shape(path: str) -> str:
    """A path with its query string dropped and every ``{parameter}`` written ``{}``."""
    return PARAM.sub("{}", path.split("?", 1)[0])


def served_routes(app) -> dict[str, set[str]]:
    """Route shape → HTTP methods, walking included routers (HEAD and the static mount left out)."""
    found: dict[str, set[str]] = {}

    def walk(routes, prefix: str) -> None:
        for route in routes:
            if hasattr(route, "original_router"):  # FastAPI's wrapper of an included router
                walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif hasattr(route, "include_in_schema") or getattr(route, "methods", None):
                methods = set(getattr(route, "methods", None) or ()) - {"HEAD"}
                found.setdefault(shape(prefix + route.path), set()).update(methods)

    walk(app.router.routes, "")
    return found


def documented_routes(readme: str) -> dict[str, set[str]]:
    """Path shape → methods, from the README's endpoint table."""
    section = readme.split("## HTTP endpoints", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[1].startswith("`/"):
            continue
        methods = {m.strip() for m in cells[0].split(",")}
        if not methods <= VERBS:  # another table of the section (e.g. a load test's rows)
            continue
        for path in re.findall(r"`(/[^`]*)`", cells[1]):
            rows.setdefault(shape(path), set()).update(methods)
    return rows


@pytest.fixture(scope="module")
def tables():
    app = create_app(Settings())
    return served_routes(app), documented_routes((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_walk_finds_the_known_routes(tables):
    served, documented = tables
    assert served["/sparql"] == {"GET", "POST"}
    assert served["/api/departments/{}/graph"] == {"GET"}
    assert documented["/sparql"] == {"GET", "POST"}
    assert len(served) >= 45


def test_every_served_route_has_a_readme_row(tables):
    served, documented = tables
    missing = sorted(p for p in served if p not in documented)
    assert missing == [], f"routes with no row in the README's endpoint table: {missing}"


def test_every_readme_row_is_served_with_its_methods(tables):
    served, documented = tables
    stale = sorted(p for p in documented if p not in served)
    assert stale == [], f"README rows for URLs the app does not serve: {stale}"
    wrong = {p: (documented[p], served[p]) for p in documented if documented[p] != served[p]}
    assert wrong == {}, f"README methods differ from the app's: {wrong}"
