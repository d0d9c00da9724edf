"""The plugin's configuration, read once from OHP_* environment variables (see plugin/README.md: the contract)."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Mapping

# An ALB ARN as ELBv2 spells it; anything else can never equal the token's signer claim.
_ALB_ARN = re.compile(r"^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer/app/[^/]+/[0-9a-f]+$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
# A forward proxy as ProxyClientSettings writes it: plain http to the proxy, which tunnels TLS with CONNECT.
_PROXY_URL = re.compile(r"^http://[A-Za-z0-9.-]+:\d{1,5}$")


class ConfigError(ValueError):
    """A missing or malformed OHP_* variable; the message names the variable and the fix."""


@dataclass(frozen=True)
class PlatformSettings:
    region: str
    alb_arn: str
    oidc_issuer: str
    oidc_client_id: str
    default_llm_model: str
    confirmation_mode: bool
    deny_commands: tuple[str, ...]
    key_proxy: str | None = None
    # "off" (default): V1 conversations are guarded by confirmation mode only; "tool": their shell is the sandbox's
    # DenyListBashTool (needs the derived sandbox image, v1_deny_list.py).
    v1_deny_list: str = "off"

    @staticmethod
    def from_env(env: Mapping[str, str] | None = None) -> "PlatformSettings":
        env = os.environ if env is None else env
        region = _required(env, "OHP_AWS_REGION", "the ALB's region, e.g. eu-west-1")
        if not _REGION.match(region):
            raise ConfigError(f"OHP_AWS_REGION={region!r} is not an AWS region name (e.g. eu-west-1)")
        alb_arn = _required(env, "OHP_ALB_ARN", "the ARN of the ALB that authenticates users")
        if not _ALB_ARN.match(alb_arn):
            raise ConfigError(f"OHP_ALB_ARN={alb_arn!r} is not an application load balancer ARN "
                              "(arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>)")
        issuer = _required(env, "OHP_OIDC_ISSUER", "https://cognito-idp.<region>.amazonaws.com/<userPoolId>")
        if not issuer.startswith("https://"):
            raise ConfigError(f"OHP_OIDC_ISSUER={issuer!r} must be an https URL (the user pool's issuer)")
        return PlatformSettings(
            region=region,
            alb_arn=alb_arn,
            oidc_issuer=issuer,
            oidc_client_id=_required(env, "OHP_OIDC_CLIENT_ID", "the Cognito app client id the ALB uses"),
            default_llm_model=_required(env, "OHP_DEFAULT_LLM_MODEL",
                                        "the model new users start with, e.g. bedrock/<inference profile id>"),
            confirmation_mode=_bool(env, "OHP_CONFIRMATION_MODE", default=True),
            deny_commands=_string_list(env, "OHP_DENY_COMMANDS"),
            key_proxy=_proxy_url(env, "OHP_ALB_KEY_PROXY"),
            v1_deny_list=_choice(env, "OHP_V1_DENY_LIST", ("off", "tool"), "off"),
        )


def _required(env: Mapping[str, str], name: str, hint: str) -> str:
    value = (env.get(name) or "").strip()
    if not value:
        raise ConfigError(f"{name} is not set: set it to {hint}")
    return value


def _proxy_url(env: Mapping[str, str], name: str) -> str | None:
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    if not _PROXY_URL.match(raw):
        raise ConfigError(f"{name}={raw!r} is not a forward proxy URL: use http://<host>:<port> (the egress proxy), "
                          "or leave it unset when the task reaches the ALB key endpoint directly")
    return raw


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw not in allowed:
        raise ConfigError(f"{name}={raw!r}: use one of {', '.join(allowed)}")
    return raw


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("true", "false"):
        return raw == "true"
    raise ConfigError(f"{name}={raw!r}: use true or false")


def _string_list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = (env.get(name) or "").strip()
    if not raw:
        return ()
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ConfigError(f"{name} is not JSON ({e.msg} at {e.pos}): use a JSON array of strings") from e
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{name} must be a JSON array of strings (regular expressions)")
    return tuple(value)
