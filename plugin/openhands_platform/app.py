"""The container's ASGI entry: `uvicorn openhands_platform.app:app --host 0.0.0.0 --port 3000`.

Order matters. OpenHands builds its AppServerConfig once (app_server/config.py get_global_config) and its routers
capture the injectors' `depends` functions when they are imported, so the plugin's injectors must be in that
config before `openhands.server.listen` is imported; V1's OH_<FIELD>_KIND variables can only name classes already
imported at that point. Then the ALB middleware wraps the whole ASGI app, Socket.IO included.
"""
from __future__ import annotations

import os

from openhands_platform.alb_auth import AlbKeyCache, AlbTokenVerifier, https_fetcher
from openhands_platform.db_auth import DbSettings
from openhands_platform.middleware import AlbAuthMiddleware
from openhands_platform.runtime_name import DENY_LIST_RUNTIME
from openhands_platform.server_config import CONFIG_CLS
from openhands_platform.settings import ConfigError, PlatformSettings

if os.environ.get("OPENHANDS_CONFIG_CLS") != CONFIG_CLS:
    raise ConfigError(f"OPENHANDS_CONFIG_CLS must be {CONFIG_CLS} for this entry point")
_settings = PlatformSettings.from_env()
_db = DbSettings.from_env()

# Imported for their side effect: the classes become resolvable by OH_*_KIND before the config is built.
import openhands_platform.runtime  # noqa: E402,F401
from openhands.app_server import config as app_server_config  # noqa: E402
from openhands.app_server.sandbox.remote_sandbox_service import RemoteSandboxServiceInjector  # noqa: E402

_config = app_server_config.get_global_config()
if os.environ.get("RUNTIME") == DENY_LIST_RUNTIME and "OH_SANDBOX_KIND" not in os.environ:
    # OpenHands' legacy fallback picks remote V1 sandboxes only for RUNTIME=remote (app_server/config.py
    # config_from_env); the deny-list runtime is a remote runtime too, so V1 gets the same remote sandboxes.
    for _name in ("SANDBOX_API_KEY", "SANDBOX_REMOTE_RUNTIME_API_URL"):
        if not os.environ.get(_name):
            raise ConfigError(f"{_name} is not set: remote sandboxes need the orchestrator's API "
                              "(SANDBOX_REMOTE_RUNTIME_API_URL) and its key (SANDBOX_API_KEY)")
    _config.sandbox = RemoteSandboxServiceInjector(api_key=os.environ["SANDBOX_API_KEY"],
                                                   api_url=os.environ["SANDBOX_REMOTE_RUNTIME_API_URL"])
if isinstance(_config.sandbox, RemoteSandboxServiceInjector):
    # OpenHands' default spec names its own ghcr.io image, which the orchestrator refuses: offer the configured images
    # (fails closed without them), whatever spec the environment or the legacy fallback chose.
    from openhands.app_server.sandbox.remote_sandbox_spec_service import RemoteSandboxSpecServiceInjector
    from openhands_platform.sandbox_specs import configured_sandbox_specs, sandbox_images

    _config.sandbox_spec = RemoteSandboxSpecServiceInjector(specs=configured_sandbox_specs(sandbox_images(os.environ)))
if os.environ.get("SANDBOX_REMOTE_RUNTIME_API_URL"):
    from openhands_platform.httpx_injector import UserHeaderHttpxClientInjector

    _config.httpx = UserHeaderHttpxClientInjector(timeout=_config.httpx.timeout,
                                                  orchestrator_url=os.environ["SANDBOX_REMOTE_RUNTIME_API_URL"])
if _settings.deny_commands and _settings.v1_deny_list == "tool":
    from openhands_platform.v1_deny_list import DenyListAppConversationServiceInjector

    _config.app_conversation = DenyListAppConversationServiceInjector.replacing(_config.app_conversation,
                                                                                _settings.deny_commands)
if _db is not None:
    from openhands_platform.db import IamDbSessionInjector
    from openhands_platform.lifespan import LockedMigrationsLifespanService

    _config.db_session = IamDbSessionInjector.from_settings(_db, _config.persistence_dir)
    if _config.lifespan is not None:
        _config.lifespan = LockedMigrationsLifespanService()

from openhands.server.listen import app as _openhands_app  # noqa: E402

app = AlbAuthMiddleware(
    _openhands_app,
    AlbTokenVerifier(alb_arn=_settings.alb_arn, issuer=_settings.oidc_issuer, client_id=_settings.oidc_client_id,
                     keys=AlbKeyCache(_settings.region, https_fetcher(_settings.key_proxy))),
)
