"""ES256 tokens shaped as an ALB signs x-amzn-oidc-data: claims about the signer in the JWS header, the user's in
the payload, every segment base64url *with* '=' padding (which strict decoders reject), the signature over the
padded segments. Built with PyJWT's own ES256 algorithm and cryptography keys, not with the code under test."""
import base64
import json
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from conftest import ALB_ARN, CLIENT_ID, ISSUER

KID = "f1b2c3d4-0000-4000-8000-0123456789ab"


def new_key():
    return ec.generate_private_key(ec.SECP256R1())


def public_pem(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _b64(data: bytes, pad: bool) -> str:
    text = base64.urlsafe_b64encode(data).decode("ascii")
    return text if pad else text.rstrip("=")


def header(**overrides):
    now = int(time.time())
    value = {"alg": "ES256", "kid": KID, "signer": ALB_ARN, "iss": ISSUER, "client": CLIENT_ID, "exp": now + 120,
             "typ": "JWT"}
    value.update(overrides)
    return {k: v for k, v in value.items() if v is not None}


def payload(sub="7c1e2a6e-aaaa-4bbb-8ccc-000000000001", **overrides):
    now = int(time.time())
    value = {"sub": sub, "email": f"{(sub or '')[:4]}@example.com", "username": sub, "exp": now + 120, "iss": ISSUER}
    value.update(overrides)
    return {k: v for k, v in value.items() if v is not None}


def alb_token(key, hdr=None, body=None, pad=True) -> str:
    hdr = header() if hdr is None else hdr
    body = payload() if body is None else body
    # The tests assert that header and payload really end in '=' here (test_padding_as_alb_sends_it).
    signing_input = f"{_b64(json.dumps(hdr).encode(), pad)}.{_b64(json.dumps(body).encode(), pad)}"
    der = ECAlgorithm(ECAlgorithm.SHA256).sign(signing_input.encode("ascii"), key)
    return f"{signing_input}.{_b64(der, pad)}"


def pyjwt_token(key, hdr=None, body=None) -> str:
    """The same claims through jwt.encode (unpadded, as strict producers make them)."""
    hdr = header() if hdr is None else hdr
    body = payload() if body is None else body
    return jwt.encode(body, key, algorithm="ES256", headers={k: v for k, v in hdr.items() if k != "alg"})
