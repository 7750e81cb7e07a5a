"""The app factory.

``create_app(settings=None) -> FastAPI``: the lifespan opens the store of
``settings.data`` read-only (building the bundled sample corpus first when no
store exists and ``settings.build_if_empty`` is true) and keeps it on
``app.state.store``.  Startup raises ``graph.store.StoreError`` when there is
no store and building is off, and ``graph.pipeline.BuildError`` when the
build fails.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from graph.store import open_store, store_exists

from . import errors
from .deps import STATIC_DIR, TEMPLATES_DIR
from .routers import departments, documents, home, insights, sparql, tasks, viz
from .settings import Settings

log = logging.getLogger(__name__)


def ensure_store(settings: Settings) -> None:
    """Build the bundled corpus into ``settings.data`` if there is no store and building is on."""
    if store_exists(settings.store_config()) or not settings.build_if_empty:
        return
    from graph import build_corpus  # imported lazily: extraction loads jieba and rule files

    summary = build_corpus(None, settings.store_config())
    log.info("built the bundled sample into %s: %s", settings.store_config().describe(),
             "; ".join(summary.lines()))


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app serving the store of ``settings.data`` (default: ``Settings()`` from the environment)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        ensure_store(settings)
        app.state.store = open_store(settings.store_config())
        app.state.analytics = None
        try:
            yield
        finally:
            app.state.store.close()

    # no /docs or /redoc: FastAPI serves their JavaScript from a CDN; /openapi.json stays
    app = FastAPI(title="policykg", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="SPARQL endpoint, REST API and network views over a policy knowledge graph.")
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    errors.install(app)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for module in (home, sparql, documents, tasks, departments, insights, viz):
        app.include_router(module.router)
    return app
