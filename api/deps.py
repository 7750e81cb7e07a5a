"""Dependencies shared by the routers (``Annotated`` aliases for ``Depends``).

``StoreDep`` is the read-only store opened by the lifespan (reopened when
``policykg build`` has swapped in a new one, so a running server serves the
new build from its next request on), ``SettingsDep``
the settings, ``AnalyticsDep`` the networkx analytics (built on first use and
kept until the store is rebuilt), ``TemplatesDep``
the Jinja2 templates, ``SearchDep`` the task search index; :func:`per_generation`
keeps anything computed from the store until the next rebuild.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Callable, TypeVar

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from graph.analytics import Analytics, analytics_for
from graph.search import SearchIndex
from graph.store import EmbeddedStore, open_store, store_generation

from .settings import Settings

T = TypeVar("T")
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


_reload = threading.Lock()


def get_store(request: Request) -> EmbeddedStore:
    """The store, reopened first when a build has swapped in a new generation since it was opened."""
    state = request.app.state
    generation = store_generation(state.settings.store_config())
    current = getattr(state.store, "generation", None)
    if generation is not None and current is not None and generation != str(current):
        with _reload:
            if generation != str(getattr(state.store, "generation", None)):
                # the old handle is dropped, not closed: a request still using it finishes on it
                state.store = open_store(state.settings.store_config())
                state.analytics = None
                state.caches = {}
                with _cache_lock:  # the locks of the old generation's keys are never taken again
                    _key_locks.clear()
                rewarm = getattr(state, "on_new_generation", None)
                if rewarm is not None:  # the warm-up again, for the new generation (POLICYKG_WARM)
                    rewarm()
    return state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


_lock = threading.Lock()


def analytics_of(state, store: EmbeddedStore) -> Analytics:
    """The analytics of ``store`` kept on the app ``state`` (computed on first use, once)."""
    with _lock:
        if getattr(state, "analytics", None) is None:
            state.analytics = analytics_for(store)
        return state.analytics


def get_analytics(request: Request) -> Analytics:
    return analytics_of(request.app.state, get_store(request))


_cache_lock = threading.Lock()
_key_locks: dict = {}


def per_generation(request: Request, name: str, factory: Callable[[EmbeddedStore], T]) -> T:
    """``factory(store)``, computed once per store generation and kept on the app (dropped when a
    rebuild is picked up by :func:`get_store`); ``factory`` must return something read-only."""
    return kept_for(request.app.state, get_store(request), name, factory)


def kept_for(state, store: EmbeddedStore, name: str, factory: Callable[[EmbeddedStore], T]) -> T:
    """:func:`per_generation` for the app ``state`` and ``store`` (outside a request: the warm-up)."""
    key = (name, str(getattr(store, "generation", None)))
    caches = getattr(state, "caches", None)
    if caches is not None and key in caches:
        return caches[key]
    with _cache_lock:  # one lock per key: computing one thing never holds up another
        lock = _key_locks.setdefault(key, threading.Lock())
    with lock:
        caches = getattr(state, "caches", None)
        if caches is None:
            caches = state.caches = {}
        if key not in caches:
            caches[key] = factory(store)
        return caches[key]


def get_search(request: Request) -> SearchIndex:
    """The search index of the current store generation (built on first use, ~1–2 s with jieba)."""
    return per_generation(request, "search", SearchIndex.from_store)


StoreDep = Annotated[EmbeddedStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
AnalyticsDep = Annotated[Analytics, Depends(get_analytics)]
SearchDep = Annotated[SearchIndex, Depends(get_search)]
