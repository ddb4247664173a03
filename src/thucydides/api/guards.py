"""What stands between a client and the API: request-size limits, rate limiting, response headers,
and the rejection of query parameters an endpoint does not know.

The two middlewares are plain ASGI so that they run before FastAPI reads a byte of the body.
"""
from __future__ import annotations

import json
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException, Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def _send_error(send: Send, status: int, message: str, headers: dict[str, str] | None = None) -> None:
    """A JSON error response in the API's one error shape: ``{"error": "..."}``."""
    body = json.dumps({"error": message}).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether announced or streamed.

    Content-Length is checked first; a chunked body is counted as it arrives, so a client that
    lies or omits the length still cannot make the server buffer more than the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body too large (the limit is {self.max_bytes:,} bytes)"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    announced = int(value)
                except ValueError:
                    await _send_error(send, 400, "Content-Length: not a number")
                    return
                if announced > self.max_bytes:
                    await _send_error(send, 413, message)
                    return
        received = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > self.max_bytes and not refused:
                    # Answer now and tell the application the client has gone, so it stops reading;
                    # whatever it then tries to send is dropped below.
                    refused = True
                    if not started:
                        await _send_error(send, 413, message)
                    return {"type": "http.disconnect"}
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or msg["type"] == "http.response.start"
            await send(msg)

        await self.app(scope, counting_receive, tracking_send)


class RateLimit:
    """At most ``per_minute`` requests a minute from one client address (a token bucket).

    The bucket holds a minute's worth, so a dashboard's burst of a dozen requests on load is
    fine while a loop hammering the server is slowed to the configured rate. ``per_minute`` 0
    turns the limit off. State is in memory, per server process.
    """

    def __init__(self, app: ASGIApp, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}   # client -> (tokens, last refill)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.capacity <= 0:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        now = self.clock()
        tokens, last = self.buckets.get(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self.buckets[client] = (tokens, now)
            wait = math.ceil((1.0 - tokens) / self.rate)
            await _send_error(send, 429, f"rate limit: more than {int(self.capacity)} requests a minute; "
                                         f"retry in {wait} s", {"Retry-After": str(wait)})
            return
        self.buckets[client] = (tokens - 1.0, now)
        if len(self.buckets) > 10_000:   # forget idle clients rather than grow without bound
            cutoff = now - 60.0
            self.buckets = {k: v for k, v in self.buckets.items() if v[1] >= cutoff}
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Headers that keep browsers from sniffing types or framing the dashboard.

    The dashboard's own pages also get a Content-Security-Policy that allows nothing but this
    server: no inline script, no third-party host. The /docs page is left without it because
    Swagger UI starts itself with an inline script.
    """

    def __init__(self, app: ASGIApp, strict_paths: tuple[str, ...] = ("/", "/static/")) -> None:
        self.app = app
        self.strict_paths = strict_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        strict = path == "/" or any(path.startswith(p) for p in self.strict_paths if p != "/")

        async def with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                if strict:
                    headers.append((b"content-security-policy",
                                    b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                    b"script-src 'self'; connect-src 'self'; frame-ancestors 'none'"))
                    headers.append((b"x-frame-options", b"DENY"))
                msg["headers"] = headers
            await send(msg)

        await self.app(scope, receive, with_headers)


def _query_names(dependant: Any) -> set[str]:
    """The query parameter names an endpoint declares, through all its dependencies."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


_known: dict[int, frozenset[str]] = {}


def reject_unknown_parameters(request: Request) -> None:
    """A dependency on every endpoint: a query parameter the endpoint does not declare is an error.

    A misspelt filter (``?dayd=USA-IRQ``) silently ignored would return every event and look
    like an answer; a 400 naming the parameter and the known ones is what the client needs.
    """
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _known.get(id(route))
    if known is None:
        known = _known[id(route)] = frozenset(_query_names(dependant))
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        allowed = ", ".join(sorted(known)) or "none"
        raise HTTPException(400, f"unknown query parameter{'s' if len(unknown) > 1 else ''} "
                                 f"{', '.join(repr(u) for u in unknown)} (this endpoint takes: {allowed})")
    repeated = sorted({k for k in request.query_params.keys() if len(request.query_params.getlist(k)) > 1})
    if repeated:
        raise HTTPException(400, f"query parameter {repeated[0]!r} given more than once")
