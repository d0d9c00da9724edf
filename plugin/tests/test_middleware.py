import asyncio
import unittest

import alb_tokens as t
from conftest import ALB_ARN, CLIENT_ID, ISSUER
from openhands_platform.alb_auth import AlbKeyCache, AlbTokenVerifier
from openhands_platform.middleware import STATE_KEY, AlbAuthMiddleware, current_identity, is_exempt
from test_alb_auth import KEY_URL, FakeFetcher


class RecordingApp:
    """The wrapped OpenHands app: records what reached it and which identity it saw."""

    def __init__(self):
        self.calls = []

    async def __call__(self, scope, receive, send):
        self.calls.append((scope["path"], scope.get("state", {}).get(STATE_KEY), current_identity.get()))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def run(middleware, path, headers=(), kind="http"):
    sent = []

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    scope = {"type": kind, "path": path, "headers": list(headers)}
    asyncio.run(middleware(scope, receive, send))
    return sent


class AlbAuthMiddlewareTest(unittest.TestCase):
    def setUp(self):
        self.key = t.new_key()
        verifier = AlbTokenVerifier(alb_arn=ALB_ARN, issuer=ISSUER, client_id=CLIENT_ID,
                                    keys=AlbKeyCache("eu-west-1", FakeFetcher({KEY_URL: t.public_pem(self.key)})))
        self.app = RecordingApp()
        self.middleware = AlbAuthMiddleware(self.app, verifier)

    def header(self, token):
        return [(b"x-amzn-oidc-data", token.encode("ascii"))]

    def test_request_without_token_gets_401_and_never_reaches_openhands(self):
        sent = run(self.middleware, "/api/settings")
        self.assertEqual(401, sent[0]["status"])
        self.assertEqual([], self.app.calls)

    def test_request_with_invalid_token_gets_401(self):
        sent = run(self.middleware, "/api/conversations", self.header(t.alb_token(t.new_key())))
        self.assertEqual(401, sent[0]["status"])
        self.assertEqual([], self.app.calls)

    def test_valid_token_reaches_openhands_with_the_identity(self):
        sent = run(self.middleware, "/api/conversations", self.header(t.alb_token(self.key)))
        self.assertEqual(200, sent[0]["status"])
        path, state_identity, context_identity = self.app.calls[0]
        self.assertEqual("7c1e2a6e-aaaa-4bbb-8ccc-000000000001", state_identity.user_id)
        self.assertEqual(state_identity, context_identity)
        self.assertIsNone(current_identity.get(), "the identity must not leak past the request")

    def test_health_and_webhooks_pass_without_token_and_without_identity(self):
        for path in ("/health", "/alive", "/api/v1/webhooks/sb-1/conversations", "/api/v1/webhooks/secrets"):
            sent = run(self.middleware, path, self.header(t.alb_token(self.key)) if path == "/health" else ())
            self.assertEqual(200, sent[0]["status"], path)
        self.assertTrue(all(identity is None for _, identity, _ in self.app.calls))

    def test_exemptions_are_exact(self):
        for path in ("/healthz", "/health/../api/settings", "/api/v1/webhooks/../settings", "/api/v1/webhooks",
                     "//api/v1/webhooks/x", "/api/v1/app-conversations"):
            self.assertFalse(is_exempt(path), path)
            self.assertEqual(401, run(self.middleware, path)[0]["status"], path)

    def test_websocket_without_token_is_closed_before_accept(self):
        sent = run(self.middleware, "/socket.io/", kind="websocket")
        self.assertEqual([{"type": "websocket.close", "code": 1008}], sent)
        self.assertEqual([], self.app.calls)

    def test_lifespan_passes_through(self):
        seen = []

        async def app(scope, receive, send):
            seen.append(scope["type"])

        asyncio.run(AlbAuthMiddleware(app, None)({"type": "lifespan"}, None, None))
        self.assertEqual(["lifespan"], seen)


if __name__ == "__main__":
    unittest.main()
