"""Answers kept per store generation: a GET that was answered once is answered again from memory.

``ResponseCache(app, generation, max_bytes, max_entry_bytes)`` is ASGI
middleware.  An embedded store never changes within a generation (a build
writes a new one and swaps it in), so the answer to a GET is a function of the
generation and the request: the key is (generation, path, query string,
``Accept``, ``Host``, whether ``Accept-Encoding`` allows gzip; pages and their
links depend on the host, and the app compresses for clients that accept it).  ``generation()`` returns the current generation (a string) or None
(a SPARQL server, whose data can change at any time: nothing is kept).

Only complete 200 answers of at most ``max_entry_bytes`` are kept, least
recently used dropped past ``max_bytes`` in all; the entries of an older
generation are dropped as soon as a newer one is seen.  Paths of user queries
(:data:`UNCACHED`: ``/sparql``, ``/viz/sparql``, ``/api/sparql/graph``, which
have their own limits per client) and ``/static`` (already files) are never
kept.  A kept answer carries ``X-Policykg-Cache: hit`` (a fresh one ``miss``).
Nothing here raises: a failure of ``generation()`` just bypasses the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Optional

#: paths never kept (besides /sparql itself)
UNCACHED = ("/sparql/", "/viz/sparql", "/api/sparql/", "/static/")


def cacheable(scope) -> bool:
    """True for a GET whose answer depends only on the stored data and the request (see the module)."""
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return False
    path = scope.get("path", "")
    return path != "/sparql" and not path.startswith(UNCACHED)


class ResponseCache:
    """See the module docstring."""

    def __init__(self, app, generation: Callable[[], Optional[str]], max_bytes: int = 64 << 20,
                 max_entry_bytes: int = 4 << 20):
        self.app, self.generation = app, generation
        self.max_bytes, self.max_entry_bytes = max_bytes, max_entry_bytes
        self._entries: OrderedDict = OrderedDict()  # key → (headers, body)
        self._size = 0
        self._current: Optional[str] = None
        self._lock = threading.Lock()

    def _get(self, key):
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
            return hit

    def _put(self, key, headers, body: bytes) -> None:
        with self._lock:
            if key[0] != self._current:  # another build: the answers of the one before are dropped
                self._entries.clear()
                self._size, self._current = 0, key[0]
            if key in self._entries:
                return
            self._entries[key] = (headers, body)
            self._size += len(body)
            while self._size > self.max_bytes and self._entries:
                _, (_, old) = self._entries.popitem(last=False)
                self._size -= len(old)

    async def __call__(self, scope, receive, send):
        if not cacheable(scope):
            return await self.app(scope, receive, send)
        try:
            gen = self.generation()
        except Exception:  # noqa: BLE001 - no store now: the app answers (and says why)
            gen = None
        if gen is None:
            return await self.app(scope, receive, send)
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        gzip = b"gzip" in headers.get(b"accept-encoding", b"").lower()  # compressed below us, or not
        key = (gen, scope.get("path", ""), scope.get("query_string", b""), headers.get(b"accept", b""),
               headers.get(b"host", b""), gzip)
        hit = self._get(key)
        if hit is not None:
            kept_headers, body = hit
            await send({"type": "http.response.start", "status": 200,
                        "headers": [*kept_headers, (b"x-policykg-cache", b"hit")]})
            await send({"type": "http.response.body", "body": body})
            return
        state = {"status": None, "headers": None, "chunks": [], "size": 0, "keep": True}

        async def capture(message):
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["headers"] = list(message.get("headers", []))
                state["keep"] = message["status"] == 200
                message = {**message, "headers": [*state["headers"], (b"x-policykg-cache", b"miss")]}
            elif message["type"] == "http.response.body" and state["keep"]:
                body = message.get("body", b"")
                state["size"] += len(body)
                if state["size"] > self.max_entry_bytes:
                    state["keep"], state["chunks"] = False, []
                else:
                    state["chunks"].append(body)
                    if not message.get("more_body"):
                        self._put(key, state["headers"], b"".join(state["chunks"]))
            await send(message)

        await self.app(scope, receive, capture)
