"""The ALB key fetch as the app task makes it in a private subnet: HTTPS through the egress proxy (CONNECT), the
server certificate verified through the tunnel, the PEM as the key endpoint serves it. A real CONNECT proxy and a
real TLS server on loopback: the proxy maps the key host to the local server, so a fetch that did not go through the
proxy could not find the key at all."""
import http.server
import os
import socket
import ssl
import tempfile
import threading
import time
import unittest

import alb_tokens as t
from conftest import ALB_ARN, CLIENT_ID, ISSUER
from openhands_platform.alb_auth import AlbKeyCache, AlbTokenVerifier, AuthError, https_fetcher, key_host
from openhands_platform.settings import ConfigError, PlatformSettings
from tls_fixtures import ca, pem, server_cert

KEY_HOST = key_host("eu-west-1")


class _KeyEndpoint(http.server.BaseHTTPRequestHandler):
    """Serves the PEM at /<kid> as public-keys.auth.elb.<region>.amazonaws.com does (text, no JSON, no JWKS)."""
    keys: dict = {}
    requests: list = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).requests.append((self.headers.get("Host"), self.path))
        body = type(self).keys.get(self.path.lstrip("/"))
        self.send_response(200 if body else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args):
        pass


class ConnectProxy:
    """A forward proxy that tunnels CONNECT <host>:443 for the hosts it maps (to a loopback port) and answers 403
    otherwise; it records the method and target of every request."""

    def __init__(self, routes: dict):
        self.routes = routes
        self.seen: list[str] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            line = head.split(b"\r\n", 1)[0].decode("latin-1")
            method, target, _ = line.split(" ", 2)
            self.seen.append(f"{method} {target}")
            port = self.routes.get(target) if method == "CONNECT" else None
            if port is None:
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            with socket.create_connection(("127.0.0.1", port)) as upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                pipe = threading.Thread(target=self._copy, args=(upstream, client), daemon=True)
                pipe.start()
                self._copy(client, upstream)
                pipe.join(5)

    @staticmethod
    def _copy(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self):
        self.listener.close()


def _tls_server(ca_key, ca_cert, name, directory):
    key, cert = server_cert(ca_key, ca_cert, name)
    chain = os.path.join(directory, f"{name}.pem")
    pem(chain, cert, key)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _KeyEndpoint)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class KeyFetchThroughTheProxyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        ca_key, ca_cert = ca("Test public root")
        bundle = os.path.join(cls.dir, "ca.pem")
        pem(bundle, ca_cert)
        cls.trust = ssl.create_default_context(cafile=bundle)
        cls.endpoint = _tls_server(ca_key, ca_cert, KEY_HOST, cls.dir)
        # Same CA, another name: what a tunnel to the wrong server would present.
        cls.impostor = _tls_server(ca_key, ca_cert, "impostor.example.com", cls.dir)

    @classmethod
    def tearDownClass(cls):
        for server in (cls.endpoint, cls.impostor):
            server.shutdown()
            server.server_close()

    def setUp(self):
        self.key = t.new_key()
        _KeyEndpoint.keys = {t.KID: t.public_pem(self.key)}
        _KeyEndpoint.requests = []
        self.proxy = ConnectProxy({f"{KEY_HOST}:443": self.endpoint.server_address[1]})
        self.addCleanup(self.proxy.close)

    def test_the_key_is_fetched_through_the_proxy_and_a_real_token_verifies(self):
        keys = AlbKeyCache("eu-west-1", https_fetcher(self.proxy.url, ssl_context=self.trust))
        verifier = AlbTokenVerifier(alb_arn=ALB_ARN, issuer=ISSUER, client_id=CLIENT_ID, keys=keys)

        identity = verifier.verify(t.alb_token(self.key))

        self.assertEqual("7c1e2a6e-aaaa-4bbb-8ccc-000000000001", identity.user_id)
        self.assertEqual([f"CONNECT {KEY_HOST}:443"], self.proxy.seen)
        self.assertEqual([(KEY_HOST, f"/{t.KID}")], _KeyEndpoint.requests)
        # Cached by kid: a second request costs no second trip.
        verifier.verify(t.alb_token(self.key))
        self.assertEqual(1, len(self.proxy.seen))

    def test_environment_proxy_variables_do_not_redirect_the_fetch(self):
        # HTTPS_PROXY naming another proxy must not win over the configured one (the task sets no such variable,
        # but OpenHands' own clients would otherwise send its traffic there too).
        other = ConnectProxy({})
        self.addCleanup(other.close)
        saved = {name: os.environ.get(name) for name in ("HTTPS_PROXY", "https_proxy")}
        os.environ.update({"HTTPS_PROXY": other.url, "https_proxy": other.url})
        try:
            AlbKeyCache("eu-west-1", https_fetcher(self.proxy.url, ssl_context=self.trust)).get(t.KID)
        finally:
            for name, value in saved.items():
                os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
        self.assertEqual([], other.seen)
        self.assertEqual(1, len(self.proxy.seen))

    def test_a_proxy_that_refuses_the_host_fails_closed(self):
        refusing = ConnectProxy({})
        self.addCleanup(refusing.close)
        with self.assertRaises(AuthError) as caught:
            AlbKeyCache("eu-west-1", https_fetcher(refusing.url, ssl_context=self.trust)).get(t.KID)
        self.assertIn(f"cannot load the ALB public key for kid {t.KID}", str(caught.exception))
        self.assertEqual([f"CONNECT {KEY_HOST}:443"], refusing.seen)

    def test_the_certificate_is_checked_through_the_tunnel(self):
        misrouted = ConnectProxy({f"{KEY_HOST}:443": self.impostor.server_address[1]})
        self.addCleanup(misrouted.close)
        with self.assertRaises(AuthError) as caught:
            AlbKeyCache("eu-west-1", https_fetcher(misrouted.url, ssl_context=self.trust)).get(t.KID)
        self.assertIn("cannot load the ALB public key", str(caught.exception))
        self.assertEqual([], _KeyEndpoint.requests)

    def test_an_unknown_kid_is_refused(self):
        started = time.monotonic()
        with self.assertRaises(AuthError):
            AlbKeyCache("eu-west-1", https_fetcher(self.proxy.url, ssl_context=self.trust)).get(
                "00000000-0000-4000-8000-000000000000")
        self.assertLess(time.monotonic() - started, 5)


class KeyProxySettingTest(unittest.TestCase):
    def test_the_proxy_url_is_read_and_a_malformed_one_named(self):
        env = dict(os.environ)
        self.assertIsNone(PlatformSettings.from_env({**env, "OHP_ALB_KEY_PROXY": ""}).key_proxy)
        url = "http://proxy.egress.openhands-prod.internal:3128"
        self.assertEqual(url, PlatformSettings.from_env({**env, "OHP_ALB_KEY_PROXY": url}).key_proxy)
        for bad in ("proxy.egress:3128", "https://proxy:3128", "http://user:pw@proxy:3128", "http://proxy"):
            with self.assertRaisesRegex(ConfigError, "OHP_ALB_KEY_PROXY"):
                PlatformSettings.from_env({**env, "OHP_ALB_KEY_PROXY": bad})


if __name__ == "__main__":
    unittest.main()
