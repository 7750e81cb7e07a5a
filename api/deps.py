"""Dependencies shared by the routers (``Annotated`` aliases for ``Depends``).

``StoreDep`` is the read-only store opened by the lifespan, ``SettingsDep``
the settings, ``AnalyticsDep`` the networkx analytics (built on first use and
kept for the life of the app, since the store is read-only), ``TemplatesDep``
the Jinja2 templates.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from graph.analytics import Analytics
from graph.store import EmbeddedStore

from .settings import Settings

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def get_store(request: Request) -> EmbeddedStore:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


_lock = threading.Lock()


def get_analytics(request: Request) -> Analytics:
    state = request.app.state
    with _lock:
        if getattr(state, "analytics", None) is None:
            state.analytics = Analytics.from_store(state.store)
        return state.analytics


StoreDep = Annotated[EmbeddedStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
AnalyticsDep = Annotated[Analytics, Depends(get_analytics)]
