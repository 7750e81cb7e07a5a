"""The default network views, kept per store generation, and the warm-up that computes them ahead.

A big store's first ``/viz/workload`` pays for the analytics (every department's load and pairs),
the view's graph and the process's first use of the renderer: seconds at 1,000 copies of the sample
under load.  The graphs of the views as the home page links them (no filter, default parameters)
are kept per store generation here, so they are computed once; :func:`warm` computes them, the
analytics and the search index in a background thread when the server starts (``POLICYKG_WARM``,
on for ``policykg serve``), so the first visitor finds them ready.

``workload_graph(state, store, analytics, min_shared, document, jurisdiction) -> dict`` and
``coparticipation_graph(state, store, analytics, top, min_shared, members) -> dict`` return the
same graphs as :mod:`api.viz_graphs` (a copy of the kept one for the defaults); ``warm(state)``
returns the seconds each step took and never raises (a failure is logged; requests compute it).
"""

from __future__ import annotations

import copy
import logging
import time

from graph.search import SearchIndex

from .deps import analytics_of, kept_for
from .viz_export import export
from .viz_graphs import coparticipation_view, workload_view

log = logging.getLogger(__name__)

#: the parameters the home page links to (and the routes' defaults)
WORKLOAD_DEFAULT = 2
COPARTICIPATION_DEFAULT = (60, 1)


def workload_graph(state, store, analytics, min_shared: int, document=None, jurisdiction=None) -> dict:
    """The workload view's graph; the default one (no filter, ``min_shared`` 2) kept per generation."""
    if document is None and jurisdiction is None and min_shared == WORKLOAD_DEFAULT:
        kept = kept_for(state, store, "view:workload", lambda s: workload_view(s, analytics, min_shared))
        return copy.deepcopy(kept)
    return workload_view(store, analytics, min_shared, document, jurisdiction)


def coparticipation_graph(state, store, analytics, top: int, min_shared: int, members=None) -> dict:
    """The co-participation view's graph; the default one (all departments, top 60) kept per generation."""
    if members is None and (top, min_shared) == COPARTICIPATION_DEFAULT:
        kept = kept_for(state, store, "view:coparticipation",
                        lambda s: coparticipation_view(s, analytics, top, min_shared))
        return copy.deepcopy(kept)
    return coparticipation_view(store, analytics, top, min_shared, members)


def warm(state) -> dict[str, float]:
    """Compute what the first requests need for the store on ``state``: the analytics, the default
    views' graphs (and one rendering of each, which loads the renderer), the search index.

    Returns ``{step: seconds}``; a step that fails is logged and left for the first request."""
    store = state.store
    took: dict[str, float] = {}

    def step(name, work):
        """``work()``, its seconds in ``took``; None when it failed (logged)."""
        start = time.perf_counter()
        try:
            done = work()
        except Exception:  # noqa: BLE001 - a warm-up never stops the server; the request will say
            log.exception("warm-up step %s failed", name)
            return None
        took[name] = time.perf_counter() - start
        return done

    analytics = step("analytics", lambda: analytics_of(state, store))
    if analytics is not None:
        step("workload", lambda: _render(workload_graph(state, store, analytics, WORKLOAD_DEFAULT)))
        step("coparticipation", lambda: _render(coparticipation_graph(state, store, analytics,
                                                                      *COPARTICIPATION_DEFAULT)))
    step("search", lambda: kept_for(state, store, "search", SearchIndex.from_store))
    log.info("warm-up: %s", ", ".join(f"{k} {v:.2f} s" for k, v in took.items()))
    return took


def _render(graph: dict) -> None:
    export(graph, "html", source="", built="")
