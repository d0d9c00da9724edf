"""ASGI middleware in front of the whole OpenHands app (HTTP, Socket.IO and websockets): no valid ALB token, no
request. The identity it verified is put where the plugin's UserAuth and ConversationValidator read it."""
from __future__ import annotations

import contextvars
import json
import logging

from openhands_platform.alb_auth import AlbTokenVerifier, AuthError, Identity, header_value

_logger = logging.getLogger(__name__)
STATE_KEY = "ohp_identity"
# Socket.IO's connect handler runs in the task of the handshake request, so the identity of that request is visible
# to the ConversationValidator (which gets no request object from OpenHands) through this variable.
current_identity: contextvars.ContextVar[Identity | None] = contextvars.ContextVar("ohp_identity", default=None)

# Exact paths and prefixes that carry their own credential or none: the ALB target health check and the V1 webhooks
# the sandboxes call (X-Session-API-Key per sandbox; /secrets takes a short-lived X-Access-Token JWT). The paths
# are those of OpenHands 0.62.0 (openhands/server/routes/health.py, app_server/event_callback/webhook_router.py).
EXEMPT_PATHS = frozenset({"/health", "/alive"})
EXEMPT_PREFIXES = ("/api/v1/webhooks/",)


def is_exempt(path: str) -> bool:
    # Starlette does not normalise '..', so a prefix match on a path with dot segments could be steered elsewhere.
    if "/../" in path or path.endswith("/..") or "//" in path:
        return False
    return path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES)


class AlbAuthMiddleware:
    def __init__(self, app, verifier: AlbTokenVerifier):
        self._app = app
        self._verifier = verifier

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self._app(scope, receive, send)
        if is_exempt(scope.get("path", "")):
            # An exempt request never carries an identity, even if a header was sent along.
            return await self._app(scope, receive, send)
        try:
            identity = self._verifier.verify(header_value(list(scope.get("headers") or [])))
        except AuthError as e:
            _logger.warning("ohp: rejected %s %s: %s", scope["type"], scope.get("path"), e)
            return await _reject(scope, send)
        scope.setdefault("state", {})[STATE_KEY] = identity
        token = current_identity.set(identity)
        try:
            return await self._app(scope, receive, send)
        finally:
            current_identity.reset(token)


async def _reject(scope, send):
    if scope["type"] == "websocket":
        # Closing before accept makes the server answer the upgrade with 403.
        await send({"type": "websocket.close", "code": 1008})
        return
    body = json.dumps({"error": "unauthenticated"}).encode("ascii")
    await send({"type": "http.response.start", "status": 401,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
