"""How each new database connection authenticates: an RDS IAM token signed for that connection, over TLS that
verifies the proxy's certificate chain against the RDS CA bundle and its host name (libpq's verify-full).

OpenHands 0.62.0's DbSessionInjector builds its engines from a static password and no TLS options; db.py replaces
its engine builders and calls connect_params() from SQLAlchemy's do_connect event, so every pooled connection gets
a token minted when it opens (tokens live 15 minutes; connections outlive them, which RDS allows).
"""
from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from typing import Callable, Mapping

from openhands_platform.settings import ConfigError

# Where the Containerfile puts the RDS CA bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem).
DEFAULT_CA_BUNDLE = "/app/ohp/rds-global-bundle.pem"

TokenGenerator = Callable[..., str]


@dataclass(frozen=True)
class DbSettings:
    host: str
    port: int
    name: str
    user: str
    region: str
    iam_auth: bool
    ca_bundle: str

    @staticmethod
    def from_env(env: Mapping[str, str] | None = None) -> "DbSettings | None":
        """None when OHP_DB_HOST is unset (OpenHands then uses its local SQLite, as stock)."""
        env = os.environ if env is None else env
        host = (env.get("OHP_DB_HOST") or "").strip()
        if not host:
            return None
        port_raw = (env.get("OHP_DB_PORT") or "5432").strip()
        if not port_raw.isdigit() or not 0 < int(port_raw) < 65536:
            raise ConfigError(f"OHP_DB_PORT={port_raw!r} is not a TCP port")
        iam = (env.get("OHP_DB_IAM_AUTH") or "true").strip().lower()
        if iam not in ("true", "false"):
            raise ConfigError(f"OHP_DB_IAM_AUTH={iam!r}: use true or false")
        region = (env.get("OHP_AWS_REGION") or "").strip()
        if iam == "true" and not region:
            raise ConfigError("OHP_AWS_REGION is not set: IAM database auth signs its token for a region")
        return DbSettings(
            host=host,
            port=int(port_raw),
            name=(env.get("OHP_DB_NAME") or "openhands").strip(),
            user=(env.get("OHP_DB_USER") or "").strip() or _missing("OHP_DB_USER", "the database user"),
            region=region,
            iam_auth=iam == "true",
            ca_bundle=(env.get("OHP_DB_CA_BUNDLE") or DEFAULT_CA_BUNDLE).strip(),
        )


def _missing(name: str, what: str) -> str:
    raise ConfigError(f"{name} is not set: set it to {what}")


def verify_full_context(ca_bundle: str) -> ssl.SSLContext:
    """TLS that trusts only the given CA bundle and checks the server's host name."""
    if not os.path.isfile(ca_bundle):
        raise ConfigError(f"the RDS CA bundle {ca_bundle} does not exist: the image must contain it "
                          "(plugin/Containerfile) or OHP_DB_CA_BUNDLE must point at it")
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=ca_bundle)
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class IamTokenSource:
    def __init__(self, settings: DbSettings, generator: TokenGenerator | None = None):
        self._settings = settings
        self._generator = generator

    def token(self) -> str:
        generator = self._generator
        if generator is None:
            import boto3  # the app image ships boto3; imported late so the pure tests do not need it

            generator = boto3.client("rds", region_name=self._settings.region).generate_db_auth_token
            self._generator = generator
        return generator(DBHostname=self._settings.host, Port=self._settings.port,
                         DBUsername=self._settings.user, Region=self._settings.region)


def connect_params(cparams: dict, *, driver: str, context: ssl.SSLContext, tokens: IamTokenSource | None) -> dict:
    """Fills the DBAPI connect() keyword arguments for one new connection (SQLAlchemy's do_connect event)."""
    if driver == "asyncpg":
        cparams["ssl"] = context
    elif driver == "pg8000":
        cparams["ssl_context"] = context
    else:
        raise ValueError(f"unsupported driver {driver}")
    if tokens is not None:
        cparams["password"] = tokens.token()
    return cparams
