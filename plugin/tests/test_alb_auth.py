import time
import unittest

import alb_tokens as t
from conftest import ALB_ARN, CLIENT_ID, ISSUER
from openhands_platform.alb_auth import AlbKeyCache, AlbTokenVerifier, AuthError, header_value


class FakeFetcher:
    """Stands in for the ALB key endpoint: serves PEMs by URL and counts requests."""

    def __init__(self, keys: dict):
        self.keys = keys
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        if url not in self.keys:
            raise OSError("404")
        return self.keys[url]


KEY_URL = f"https://public-keys.auth.elb.eu-west-1.amazonaws.com/{t.KID}"


class AlbTokenVerifierTest(unittest.TestCase):
    def setUp(self):
        self.key = t.new_key()
        self.fetcher = FakeFetcher({KEY_URL: t.public_pem(self.key)})
        self.verifier = self._verifier()

    def _verifier(self, clock=time.time):
        return AlbTokenVerifier(alb_arn=ALB_ARN, issuer=ISSUER, client_id=CLIENT_ID,
                                keys=AlbKeyCache("eu-west-1", fetcher=self.fetcher), clock=clock)

    def assertRejected(self, token, reason):
        with self.assertRaises(AuthError) as caught:
            self.verifier.verify(token)
        self.assertIn(reason, str(caught.exception))

    def test_valid_token_gives_the_sub_as_user_id(self):
        identity = self.verifier.verify(t.alb_token(self.key))
        self.assertEqual("7c1e2a6e-aaaa-4bbb-8ccc-000000000001", identity.user_id)
        self.assertEqual("7c1e@example.com", identity.email)
        self.assertEqual([KEY_URL], self.fetcher.urls)

    def test_padding_as_alb_sends_it(self):
        token = t.alb_token(self.key, pad=True)
        header, payload, signature = token.split(".")
        self.assertTrue(header.endswith("=") and payload.endswith("=") and signature.endswith("="), token)
        self.assertEqual("7c1e2a6e-aaaa-4bbb-8ccc-000000000001", self.verifier.verify(token).user_id)

    def test_unpadded_token_from_a_strict_encoder_verifies_too(self):
        token = t.pyjwt_token(self.key)
        self.assertNotIn("=", token)
        self.assertEqual("7c1e2a6e-aaaa-4bbb-8ccc-000000000001", self.verifier.verify(token).user_id)

    def test_expired(self):
        past = int(time.time()) - 3600
        self.assertRejected(t.alb_token(self.key, hdr=t.header(exp=past)), "expired")
        self.assertRejected(t.alb_token(self.key, body=t.payload(exp=past)), "expired")

    def test_expiry_leeway_is_small(self):
        now = time.time()
        token = t.alb_token(self.key, hdr=t.header(exp=int(now)), body=t.payload(exp=int(now)))
        self.assertTrue(self._verifier(clock=lambda: now + 25).verify(token))
        with self.assertRaisesRegex(AuthError, "expired"):
            self._verifier(clock=lambda: now + 35).verify(token)

    def test_missing_exp(self):
        self.assertRejected(t.alb_token(self.key, hdr=t.header(exp=None)), "exp")

    def test_wrong_signer(self):
        other = ALB_ARN.replace("50dc6c495c0c9188", "0000000000000000")
        self.assertRejected(t.alb_token(self.key, hdr=t.header(signer=other)), "signer")
        self.assertEqual([], self.fetcher.urls, "a foreign signer must not cost a key fetch")

    def test_wrong_issuer(self):
        other = ISSUER.replace("AbCdEfGhI", "Other0000")
        self.assertRejected(t.alb_token(self.key, hdr=t.header(iss=other)), "issuer")
        self.assertRejected(t.alb_token(self.key, body=t.payload(iss=other)), "issuer")

    def test_wrong_client(self):
        self.assertRejected(t.alb_token(self.key, hdr=t.header(client="another-client")), "client")

    def test_tampered_payload(self):
        header, _, signature = t.alb_token(self.key).split(".")
        _, payload, _ = t.alb_token(self.key, body=t.payload(sub="ffffffff-aaaa-4bbb-8ccc-000000000002")).split(".")
        self.assertRejected(f"{header}.{payload}.{signature}", "signature")

    def test_tampered_signature(self):
        header, payload, signature = t.alb_token(self.key).split(".")
        flipped = ("A" if signature[5] != "A" else "B")
        self.assertRejected(f"{header}.{payload}.{signature[:5]}{flipped}{signature[6:]}", "signature")

    def test_signed_by_another_key(self):
        self.assertRejected(t.alb_token(t.new_key()), "signature")

    def test_missing_header(self):
        self.assertRejected(None, "missing")
        self.assertRejected("", "missing")

    def test_other_algorithms_are_refused(self):
        self.assertRejected(t.alb_token(self.key, hdr=t.header(alg="none")), "ES256")
        self.assertRejected(t.alb_token(self.key, hdr=t.header(alg="HS256")), "ES256")

    def test_garbage(self):
        self.assertRejected("a.b", "three segments")
        self.assertRejected("!!.e30.e30", "base64url")
        self.assertRejected("e30.e30.e30", "ES256")

    def test_kid_cannot_steer_the_key_url(self):
        self.assertRejected(t.alb_token(self.key, hdr=t.header(kid="../../evil.example/x")), "kid")
        self.assertEqual([], self.fetcher.urls)

    def test_unknown_kid_fails_closed(self):
        self.assertRejected(t.alb_token(self.key, hdr=t.header(kid="00000000-0000-4000-8000-000000000000")),
                            "cannot load")

    def test_keys_are_fetched_once_per_kid(self):
        self.verifier.verify(t.alb_token(self.key))
        self.verifier.verify(t.alb_token(self.key, body=t.payload(sub="ffffffff-aaaa-4bbb-8ccc-000000000002")))
        self.assertEqual([KEY_URL], self.fetcher.urls)

    def test_sub_must_be_a_user_id_usable_as_a_path_segment(self):
        self.assertRejected(t.alb_token(self.key, body=t.payload(sub="../admin")), "sub")
        self.assertRejected(t.alb_token(self.key, body=t.payload(sub=None)), "sub")

    def test_header_value_from_asgi_headers_and_mappings(self):
        self.assertEqual("tok", header_value([(b"host", b"x"), (b"X-Amzn-Oidc-Data", b"tok")]))
        self.assertEqual("tok", header_value({"x-amzn-oidc-data": "tok"}))
        self.assertIsNone(header_value([(b"host", b"x")]))


if __name__ == "__main__":
    unittest.main()
