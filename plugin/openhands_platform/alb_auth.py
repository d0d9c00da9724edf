"""Verification of the ALB's `x-amzn-oidc-data` header (the user claims an ALB signs after Cognito login).

An ALB token is a JWS signed with ES256 by the load balancer. Its *header* names the key (`kid`), the ALB that
signed it (`signer`), the issuer (`iss`), the app client (`client`) and the expiry (`exp`); the payload holds the
user's claims (`sub`, `email`, ...). The public key is served per region and key id by the ALB key endpoint.

ALB keeps base64url padding ('=') on its segments, which strict JWT decoders reject, and the signature covers the
segments exactly as sent. So the token is decoded here by hand (padding tolerated) and the ES256 signature is
checked with `cryptography` over the bytes as received; nothing is re-encoded.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
import ssl
import threading
import time
import urllib.request
from dataclasses import dataclass
from typing import Callable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import load_pem_public_key

HEADER = "x-amzn-oidc-data"
# Key ids are UUIDs; anything else would change the key URL's path.
_KID = re.compile(r"^[A-Za-z0-9-]{1,128}$")
# The user id becomes a path segment of the per-user stores (users/<sub>/...): Cognito subs are UUIDs.
_SUB = re.compile(r"^[A-Za-z0-9-]{1,128}$")
_MAX_TOKEN = 16 * 1024


class AuthError(Exception):
    """The request does not carry a valid ALB token; the message says which check failed (no token content)."""


@dataclass(frozen=True)
class Identity:
    user_id: str
    email: str | None


KeyFetcher = Callable[[str], bytes]


def key_host(region: str) -> str:
    """The regional ALB public-key endpoint; the egress proxy's allow-list names exactly this host."""
    return f"public-keys.auth.elb.{region}.amazonaws.com"


def https_fetcher(proxy: str | None = None, ssl_context: ssl.SSLContext | None = None) -> KeyFetcher:
    """GETs over HTTPS, through the given forward proxy (CONNECT) or, without one, directly.

    The proxy is passed, not read from HTTPS_PROXY: the app task's private subnets reach the key endpoint only
    through the egress proxy (OHP_ALB_KEY_PROXY), while the rest of OpenHands (Bedrock, S3, the orchestrator and
    the sandboxes) keeps its direct VPC paths. Environment proxy variables are ignored either way, so what the task
    definition says is what happens. The server certificate is verified through the tunnel (system CAs by default).
    """
    context = ssl_context if ssl_context is not None else ssl.create_default_context()
    handlers = [urllib.request.ProxyHandler({"https": proxy} if proxy else {}),
                urllib.request.HTTPSHandler(context=context)]
    opener = urllib.request.build_opener(*handlers)

    def fetch(url: str) -> bytes:
        if not url.startswith("https://"):
            raise AuthError("the ALB key URL is not https")
        with opener.open(url, timeout=5) as response:  # noqa: S310 - https URL built by AlbKeyCache
            return response.read(64 * 1024)

    return fetch


class AlbKeyCache:
    """Public keys by kid, fetched once from the regional ALB key endpoint (keys do not change for a kid)."""

    def __init__(self, region: str, fetcher: KeyFetcher | None = None, max_keys: int = 64):
        self._base = f"https://{key_host(region)}/"
        self._fetcher = fetcher if fetcher is not None else https_fetcher()
        self._max = max_keys
        self._keys: dict[str, ec.EllipticCurvePublicKey] = {}
        self._lock = threading.Lock()

    def get(self, kid: str) -> ec.EllipticCurvePublicKey:
        if not _KID.match(kid):
            raise AuthError("token header kid is not a key id")
        with self._lock:
            key = self._keys.get(kid)
        if key is not None:
            return key
        try:
            pem = self._fetcher(self._base + kid)
            key = load_pem_public_key(pem)
        except AuthError:
            raise
        except Exception as e:  # network or PEM errors: the request fails closed
            raise AuthError(f"cannot load the ALB public key for kid {kid}: {type(e).__name__}") from e
        if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
            raise AuthError("the ALB public key is not a P-256 key")
        with self._lock:
            if len(self._keys) >= self._max:
                self._keys.pop(next(iter(self._keys)))
            self._keys[kid] = key
        return key


def _b64decode(segment: str) -> bytes:
    # ALB pads with '='; unpadded input (other JWT producers) gets the padding back. Strict alphabet only.
    stripped = segment.rstrip("=")
    if not re.fullmatch(r"[A-Za-z0-9_-]*", stripped):
        raise AuthError("token segment is not base64url")
    try:
        return base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))
    except (binascii.Error, ValueError) as e:
        raise AuthError("token segment is not base64url") from e


def _json_object(raw: bytes, what: str) -> dict:
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise AuthError(f"token {what} is not JSON") from e
    if not isinstance(value, dict):
        raise AuthError(f"token {what} is not a JSON object")
    return value


class AlbTokenVerifier:
    def __init__(self, *, alb_arn: str, issuer: str, client_id: str, keys: AlbKeyCache,
                 leeway_seconds: int = 30, clock: Callable[[], float] = time.time):
        self._alb_arn = alb_arn
        self._issuer = issuer
        self._client_id = client_id
        self._keys = keys
        self._leeway = leeway_seconds
        self._clock = clock

    def verify(self, token: str | None) -> Identity:
        if not token:
            raise AuthError(f"missing {HEADER} header")
        if len(token) > _MAX_TOKEN:
            raise AuthError("token too large")
        parts = token.split(".")
        if len(parts) != 3:
            raise AuthError("token is not a JWS (three segments)")
        header = _json_object(_b64decode(parts[0]), "header")
        if header.get("alg") != "ES256":
            raise AuthError("token alg is not ES256")
        # The header is checked before any key fetch so a forged kid from a foreign signer costs no request.
        if header.get("signer") != self._alb_arn:
            raise AuthError("token signer is not this load balancer")
        if header.get("client") != self._client_id:
            raise AuthError("token client is not this app client")
        if header.get("iss") != self._issuer:
            raise AuthError("token issuer is not this user pool")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise AuthError("token header has no kid")
        payload = _json_object(_b64decode(parts[1]), "payload")
        self._check_signature(self._keys.get(kid), parts)
        now = self._clock()
        for source, claims in (("header", header), ("payload", payload)):
            exp = claims.get("exp")
            if exp is None and source == "payload":
                continue
            if not isinstance(exp, (int, float)) or isinstance(exp, bool):
                raise AuthError(f"token {source} exp is missing or not a number")
            if now > exp + self._leeway:
                raise AuthError("token expired")
        if "iss" in payload and payload["iss"] != self._issuer:
            raise AuthError("token payload issuer is not this user pool")
        sub = payload.get("sub")
        if not isinstance(sub, str) or not _SUB.match(sub):
            raise AuthError("token sub is missing or not a user id")
        email = payload.get("email")
        return Identity(user_id=sub, email=email if isinstance(email, str) else None)

    @staticmethod
    def _check_signature(key: ec.EllipticCurvePublicKey, parts: list[str]) -> None:
        raw = _b64decode(parts[2])
        if len(raw) != 64:
            raise AuthError("token signature is not an ES256 signature")
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
        try:
            key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature as e:
            raise AuthError("token signature does not verify") from e


def header_value(headers: Mapping[str, str] | list[tuple[bytes, bytes]]) -> str | None:
    """The token from a header mapping or an ASGI header list (ALB sends the header once)."""
    if isinstance(headers, list):
        wanted = HEADER.encode("ascii")
        for name, value in headers:
            if name.lower() == wanted:
                return value.decode("latin-1")
        return None
    for name, value in headers.items():
        if name.lower() == HEADER:
            return value
    return None
