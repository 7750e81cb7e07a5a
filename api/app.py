"""The app factory.

``create_app(settings=None) -> FastAPI``: the lifespan opens the store of
``settings.data`` read-only (building the bundled sample corpus first when no
store exists and ``settings.build_if_empty`` is true) and keeps it on
``app.state.store``, and starts the pool of query worker processes that
``/sparql`` runs user queries in (``app.state.query_pool``).  Startup raises ``graph.store.StoreError`` when there is
no store and building is off, and ``graph.pipeline.BuildError`` when the
build fails.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import threading

import anyio

from graph.query_pool import QueryPool
from graph.store import StoreError, open_store, store_exists, store_generation, worker_store_spec
from graph.store_files import build_lock, leftovers, recover

from . import errors, kept_views, views
from .deps import STATIC_DIR, TEMPLATES_DIR
from .middleware import GuardMiddleware
from .response_cache import ResponseCache
from .routers import departments, documents, gallery, graphs, home, insights, linked_data, pages, places, search, sparql, tasks, viz
from .settings import Settings

log = logging.getLogger(__name__)


def ensure_store(settings: Settings) -> None:
    """Give ``settings.data`` a store: recover one an interrupted build moved aside, or else build
    the bundled corpus (when building is on and the directory holds no store data at all).

    Raises :class:`StoreError` when the directory holds store data that cannot be recovered:
    the sample is never built over a user's data.
    """
    config = settings.store_config()
    if not config.remote:
        try:
            with build_lock(config.data_dir, on_wait=log.warning):
                note = recover(config.data_dir)
        except OSError:  # a read-only data directory: nothing to recover there
            note = None
        if note:
            log.warning("%s", note)
    if store_exists(config) or not settings.build_if_empty:
        return
    if not config.remote and leftovers(config.data_dir):
        raise StoreError(f"{config.data_dir}: there is no current store, but it holds "
                         f"{', '.join(leftovers(config.data_dir))}; not building the sample over them "
                         "(run `policykg build` on your corpus, or remove them)")
    log.warning("no store in %s: building the bundled SAMPLE corpus (not your data); "
                "set POLICYKG_BUILD_IF_EMPTY=false to stop this", config.describe())
    from graph import build_corpus  # imported lazily: extraction loads jieba and rule files

    summary = build_corpus(None, config)
    log.info("built the bundled sample into %s: %s", settings.store_config().describe(),
             "; ".join(summary.lines()))


def _start_warm(app: FastAPI) -> None:
    """Run :func:`api.kept_views.warm` for the app's current store in a background thread (``app.state.warm``)."""
    app.state.warm = threading.Thread(target=kept_views.warm, args=(app.state,), daemon=True,
                                      name="policykg-warm-up")
    app.state.warm.start()


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app serving the store of ``settings.data`` (default: ``Settings()`` from the environment)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        ensure_store(settings)
        config = settings.store_config()
        app.state.store = open_store(config)
        app.state.analytics = None
        limits = settings.query_limits()
        app.state.query_pool = QueryPool(lambda: worker_store_spec(config, limits.timeout), limits)
        # waiting for query workers takes threads of its own, never the ones other requests use
        app.state.query_threads = anyio.CapacityLimiter(limits.workers * 4)
        threading.Thread(target=app.state.query_pool.warm, daemon=True).start()
        threading.Thread(target=views.warm_templates, daemon=True).start()
        if settings.warm:  # at startup, and again when a build swaps in a new generation (api.deps.get_store)
            app.state.on_new_generation = lambda: _start_warm(app)
            _start_warm(app)
        try:
            yield
        finally:
            app.state.query_pool.close()
            app.state.store.close()

    # no /docs or /redoc: FastAPI serves their JavaScript from a CDN; /openapi.json stays
    app = FastAPI(title="policykg", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="SPARQL endpoint, REST API and network views over a policy knowledge graph.")
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    pages.install_filters(app.state.templates)
    errors.install(app)
    # answers over 1 KB compressed for clients that accept gzip (a view inlines vis-network: 0.5 MB, 0.1 MB
    # compressed), inside the cache, so a kept answer is compressed once
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    if settings.response_cache_mb:  # inside the guard: a kept answer still gets the host check and headers
        config = settings.store_config()
        app.add_middleware(ResponseCache, generation=lambda: store_generation(config),
                           max_bytes=settings.response_cache_mb << 20)
    app.add_middleware(GuardMiddleware, hosts=settings.host_names(), max_body=settings.max_body_bytes)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for module in (home, sparql, gallery, documents, tasks, departments, insights, viz, places, search, pages, linked_data, graphs):
        app.include_router(module.router)
    return app
