"""The database connection's TLS and IAM parts, against a real TLS server on loopback with a CA made here."""
import os
import socket
import ssl
import tempfile
import threading
import unittest

from openhands_platform.db_auth import DbSettings, IamTokenSource, connect_params, verify_full_context
from openhands_platform.settings import ConfigError
from tls_fixtures import ca as _ca, pem as _pem, server_cert as _server_cert

DB_ENV = {"OHP_DB_HOST": "openhands-staging.proxy-abc.eu-west-1.rds.amazonaws.com", "OHP_DB_PORT": "5432",
          "OHP_DB_NAME": "openhands", "OHP_DB_USER": "openhands_app", "OHP_DB_IAM_AUTH": "true",
          "OHP_AWS_REGION": "eu-west-1"}


class VerifyFullTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        ca_key, ca_cert = _ca("Test RDS root")
        server_key, server_cert = _server_cert(ca_key, ca_cert, "proxy.test")
        cls.bundle = os.path.join(cls.dir, "bundle.pem")
        _pem(cls.bundle, ca_cert)
        other_key, other_ca = _ca("Someone else")
        cls.other_bundle = os.path.join(cls.dir, "other.pem")
        _pem(cls.other_bundle, other_ca)
        chain = os.path.join(cls.dir, "server.pem")
        _pem(chain, server_cert, server_key)
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(chain)
        cls.listener = socket.create_server(("127.0.0.1", 0))
        cls.port = cls.listener.getsockname()[1]

        def serve():
            while True:
                try:
                    conn, _ = cls.listener.accept()
                except OSError:
                    return
                try:
                    with server_context.wrap_socket(conn, server_side=True) as tls:
                        tls.recv(1)
                except (ssl.SSLError, OSError):
                    pass

        threading.Thread(target=serve, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.listener.close()

    def handshake(self, context, server_hostname):
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname=server_hostname) as tls:
                return tls.version()

    def test_the_right_host_behind_the_bundle_connects(self):
        self.assertIn(self.handshake(verify_full_context(self.bundle), "proxy.test"), ("TLSv1.2", "TLSv1.3"))

    def test_another_host_name_is_refused(self):
        with self.assertRaises(ssl.SSLCertVerificationError) as caught:
            self.handshake(verify_full_context(self.bundle), "other.test")
        self.assertIn("match", str(caught.exception))

    def test_a_certificate_from_another_ca_is_refused(self):
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.handshake(verify_full_context(self.other_bundle), "proxy.test")

    def test_missing_bundle_is_a_clear_error(self):
        with self.assertRaisesRegex(ConfigError, "RDS CA bundle /nonexistent.pem does not exist"):
            verify_full_context("/nonexistent.pem")


class IamConnectTest(unittest.TestCase):
    def test_every_connection_gets_a_fresh_token_and_tls(self):
        settings = DbSettings.from_env(DB_ENV)
        calls = []

        def generate(**kwargs):
            calls.append(kwargs)
            return f"token-{len(calls)}"

        tokens = IamTokenSource(settings, generator=generate)
        context = ssl.create_default_context()
        first = connect_params({}, driver="asyncpg", context=context, tokens=tokens)
        second = connect_params({}, driver="pg8000", context=context, tokens=tokens)
        self.assertEqual({"ssl": context, "password": "token-1"}, first)
        self.assertEqual({"ssl_context": context, "password": "token-2"}, second)
        self.assertEqual({"DBHostname": DB_ENV["OHP_DB_HOST"], "Port": 5432, "DBUsername": "openhands_app",
                          "Region": "eu-west-1"}, calls[0])

    def test_without_iam_no_password_is_touched(self):
        cparams = connect_params({"password": "from-url"}, driver="asyncpg", context=ssl.create_default_context(),
                                 tokens=None)
        self.assertEqual("from-url", cparams["password"])

    def test_settings_parse_and_name_what_is_wrong(self):
        self.assertIsNone(DbSettings.from_env({}))
        settings = DbSettings.from_env(DB_ENV)
        self.assertTrue(settings.iam_auth)
        self.assertEqual("/app/ohp/rds-global-bundle.pem", settings.ca_bundle)
        for name, value, message in (("OHP_DB_PORT", "99999", "OHP_DB_PORT"), ("OHP_DB_USER", "", "OHP_DB_USER"),
                                     ("OHP_DB_IAM_AUTH", "yes", "OHP_DB_IAM_AUTH"),
                                     ("OHP_AWS_REGION", "", "OHP_AWS_REGION")):
            with self.assertRaisesRegex(ConfigError, message):
                DbSettings.from_env({**DB_ENV, name: value})


if __name__ == "__main__":
    unittest.main()
