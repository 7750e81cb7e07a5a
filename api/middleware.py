"""ASGI middleware: allowed Host names, a request-body limit, and security headers.

``GuardMiddleware(app, hosts=[...], max_body=N)``:

- a request whose ``Host`` is not in ``hosts`` (``"*"`` allows any) gets 400
  ``bad-host`` (against DNS rebinding: a page on another site that resolves its
  own name to 127.0.0.1 cannot talk to a loopback server);
- a body over ``max_body`` bytes gets 413 ``body-too-large``, by its
  Content-Length before anything is read, or while it is read when it is sent
  in chunks;
- every response carries ``X-Content-Type-Options: nosniff``, a
  Content-Security-Policy (scripts, styles and data from this origin only, no
  plugins) and ``Referrer-Policy``; framing is denied (``X-Frame-Options: DENY``,
  ``frame-ancestors 'none'``) except for the embeddable views
  (``/viz/...?embed=1``), which any page may frame.

Errors use the service's one JSON error shape.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from .errors import error_body

_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors ")


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def embeddable(scope) -> bool:
    """True for the views made to be framed by other pages (``/viz/…?embed=1``)."""
    if not scope.get("path", "").startswith("/viz/"):
        return False
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return query.get("embed", [""])[-1].lower() in ("1", "true", "yes")


def security_headers(scope) -> list[tuple[bytes, bytes]]:
    """The headers added to every response to the request of ``scope``."""
    headers = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
    if embeddable(scope):
        headers.append((b"content-security-policy", (_CSP + "*").encode()))
    else:
        headers += [(b"content-security-policy", (_CSP + "'none'").encode()), (b"x-frame-options", b"DENY")]
    return headers


class GuardMiddleware:
    """See the module docstring."""

    def __init__(self, app, hosts: list[str], max_body: int):
        self.app, self.max_body = app, max_body
        self.any_host = "*" in hosts
        self.hosts = {_host_name(h) for h in hosts if h != "*"}

    async def _error(self, scope, send, status: int, code: str, message: str, detail=None) -> None:
        body = json.dumps(error_body(status, code, message, detail)).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            *security_headers(scope)]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = _host_name(headers.get("host", ""))
        if not self.any_host and host not in self.hosts:
            return await self._error(scope, send, 400, "bad-host",
                                     f"Host {headers.get('host', '')!r} is not served here "
                                     "(POLICYKG_ALLOWED_HOSTS lists the names that are)",
                                     {"allowed": sorted(self.hosts)})
        length = headers.get("content-length")
        if length is not None and length.strip().isdigit() and int(length) > self.max_body:
            return await self._error(scope, send, 413, "body-too-large",
                                     f"the request body has {int(length):,} bytes; the limit is "
                                     f"{self.max_body:,} (POLICYKG_MAX_BODY_BYTES)")
        if length is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            receive = await self._buffered(receive)
            if receive is None:
                return await self._error(scope, send, 413, "body-too-large",
                                         f"the request body is over the limit of {self.max_body:,} bytes "
                                         "(POLICYKG_MAX_BODY_BYTES)")
        extra = security_headers(scope)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _buffered(self, receive):
        """Read a chunked body up to the limit; a replaying ``receive``, or None when it is too large."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                chunks.append(message)
                break
            size += len(message.get("body", b""))
            if size > self.max_body:
                return None
            chunks.append(message)
            if not message.get("more_body"):
                break
        pending = list(chunks)

        async def replay():
            return pending.pop(0) if pending else await receive()
        return replay
