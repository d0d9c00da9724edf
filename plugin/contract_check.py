#!/usr/bin/env python3
"""The plugin's contract with OpenHands, checked INSIDE the real app image (an operator step before a rollout and
after every OpenHands upgrade; plugin/README.md):

  podman run --rm --env-file <the task's OHP_* and OPENHANDS_* values> --entrypoint python <image> \
      /app/ohp/contract_check.py

1. Signatures: every OpenHands method the plugin overrides or calls, as the real classes define it, against the
   stubs the unit tests use (tests/stubs, copied from 0.62.0). A difference means the stubs and maybe the plugin
   need updating: the unit tests no longer prove anything about this image. Likewise the fields of the models the
   stubs reduce to dataclasses, and OpenHands' default sandbox spec (the plugin's specs copy its command,
   environment and working directory).
2. Two users: A and B through the plugin's UserAuth, stores (on a temporary local file store) and OpenHands' own
   V1 SQL services (on a temporary SQLite database): B cannot list or read A's conversations, settings, secrets or
   sandboxes.
Exit 0 when both pass, 1 with every difference or leak listed, 2 when OpenHands is not importable.
"""
from __future__ import annotations

import ast
import dataclasses
import importlib
import importlib.util
import inspect
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STUBS = os.path.join(HERE, "tests", "stubs") if os.path.isdir(os.path.join(HERE, "tests")) else os.path.join(HERE, "stubs")

# (stub file under tests/stubs, class name or None for module functions, members compared)
CONTRACT = (
    ("openhands/server/config/server_config.py", "ServerConfig", ("verify_config", "get_config")),
    ("openhands/server/user_auth/user_auth.py", "UserAuth",
     ("get_user_id", "get_user_email", "get_access_token", "get_provider_tokens", "get_user_settings_store",
      "get_user_settings", "get_secrets_store", "get_secrets", "get_instance", "get_for_user")),
    ("openhands/server/user_auth/default_user_auth.py", "DefaultUserAuth",
     ("get_user_id", "get_user_settings_store", "get_user_settings", "get_secrets_store", "get_secrets",
      "get_provider_tokens", "get_instance", "get_for_user")),
    ("openhands/storage/settings/file_settings_store.py", "FileSettingsStore", ("load", "store", "get_instance")),
    ("openhands/storage/secrets/file_secrets_store.py", "FileSecretsStore", ("load", "store", "get_instance")),
    ("openhands/storage/conversation/file_conversation_store.py", "FileConversationStore",
     ("save_metadata", "get_metadata", "delete_metadata", "exists", "search", "get_conversation_metadata_dir",
      "get_conversation_metadata_filename", "get_instance")),
    ("openhands/storage/conversation/conversation_validator.py", "ConversationValidator",
     ("validate", "_ensure_metadata_exists")),
    ("openhands/runtime/impl/remote/remote_runtime.py", "RemoteRuntime", ("run", "run_ipython")),
    ("openhands/storage/locations.py", None, ("get_conversation_metadata_filename",)),
    ("openhands/storage/__init__.py", None, ("get_file_store",)),
    # The V1 deny-list (v1_deny_list.py in the app, sandbox_tool.py in the agent server; the SDK is in both images).
    ("openhands/app_server/app_conversation/live_status_app_conversation_service.py", "LiveStatusAppConversationService",
     ("_build_start_conversation_request_for_user",)),
    ("openhands/app_server/app_conversation/live_status_app_conversation_service.py",
     "LiveStatusAppConversationServiceInjector", ("inject",)),
    ("openhands/tools/execute_bash/definition.py", "BashTool", ("create",)),
    ("openhands/sdk/tool/tool.py", "ToolExecutor", ("__call__", "close")),
    ("openhands/sdk/tool/tool.py", "ToolDefinition", ("set_executor",)),
    ("openhands/sdk/tool/registry.py", None, ("register_tool", "resolve_tool")),
    # The app's sandbox specs (sandbox_specs.py): OpenHands' default spec with the configured images as ids.
    ("openhands/app_server/sandbox/remote_sandbox_spec_service.py", None, ("get_default_sandbox_specs",)),
)
# Pydantic models the stubs reduce to keyword-only dataclasses: the fields, and which are required, must match.
MODELS = (
    ("openhands/app_server/sandbox/sandbox_spec_models.py", "SandboxSpecInfo"),
)
# Stub modules whose default sandbox specs must equal the real ones (command, environment, working directory; the id
# is replaced by the configured images).
DEFAULT_SPECS = "openhands/app_server/sandbox/remote_sandbox_spec_service.py"
# Attributes the plugin sets or reads that have no stub (the unit tests cannot see them): (module, class, names).
ATTRIBUTES = (
    ("openhands.server.config.server_config", "ServerConfig",
     ("config_cls", "settings_store_class", "secret_store_class", "conversation_store_class", "user_auth_class")),
    ("openhands.app_server.services.db_session_injector", "DbSessionInjector",
     ("get_db_engine", "get_async_db_engine", "_engine", "_async_engine", "pool_size", "max_overflow")),
    ("openhands.app_server.app_lifespan.oss_app_lifespan_service", "OssAppLifespanService", ("run_alembic",)),
    ("openhands.app_server.config", "AppServerConfig",
     ("db_session", "lifespan", "persistence_dir", "httpx", "sandbox", "sandbox_spec")),
    ("openhands.app_server.services.httpx_client_injector", "HttpxClientInjector", ("inject", "timeout")),
    ("openhands.app_server.sandbox.remote_sandbox_service", "RemoteSandboxService",
     ("_send_runtime_api_request", "_get_runtime", "_get_stored_sandbox")),
    ("openhands.app_server.sandbox.remote_sandbox_service", "StoredRemoteSandbox", ("id", "created_by_user_id")),
    ("openhands.runtime.base", "Runtime", ("run_action",)),
)

Param = tuple  # (name, kind, has_default)


def _module_name(stub_file: str) -> str:
    name = stub_file[:-3].replace("/", ".")
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


def _ast_params(fn: ast.FunctionDef | ast.AsyncFunctionDef, drop_first: bool) -> list[Param]:
    a = fn.args
    positional = [(p.arg, "POSITIONAL_ONLY") for p in a.posonlyargs] + [(p.arg, "POSITIONAL_OR_KEYWORD")
                                                                        for p in a.args]
    first_default = len(positional) - len(a.defaults)
    params = [(name, kind, i >= first_default) for i, (name, kind) in enumerate(positional)]
    if a.vararg:
        params.append((a.vararg.arg, "VAR_POSITIONAL", False))
    params += [(p.arg, "KEYWORD_ONLY", d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        params.append((a.kwarg.arg, "VAR_KEYWORD", False))
    return params[1:] if drop_first else params


def stub_signatures(stub_root: str, stub_file: str, class_name: str | None) -> dict[str, list[Param]]:
    with open(os.path.join(stub_root, stub_file), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    body = tree.body
    if class_name is not None:
        body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name).body
    result = {}
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            decorators = {d.id for d in node.decorator_list if isinstance(d, ast.Name)}
            result[node.name] = _ast_params(node, drop_first=class_name is not None and
                                            "staticmethod" not in decorators)
    return result


def real_params(owner, name: str, is_class: bool) -> list[Param]:
    raw = inspect.getattr_static(owner, name) if is_class else getattr(owner, name)
    fn = raw.__func__ if isinstance(raw, (classmethod, staticmethod)) else raw
    fn = inspect.unwrap(getattr(fn, "__wrapped__", fn))
    params = [(p.name, p.kind.name, p.default is not inspect.Parameter.empty)
              for p in inspect.signature(fn).parameters.values()]
    return params[1:] if is_class and not isinstance(raw, staticmethod) else params


def compare(stub_root: str, stub_file: str, class_name: str | None, members, real_owner) -> list[str]:
    where = f"{_module_name(stub_file)}.{class_name}" if class_name else _module_name(stub_file)
    stubs = stub_signatures(stub_root, stub_file, class_name)
    differences = []
    for member in members:
        if member not in stubs:
            differences.append(f"{where}.{member}: missing from the stub {stub_file}")
            continue
        try:
            real = real_params(real_owner, member, class_name is not None)
        except AttributeError:
            differences.append(f"{where}.{member}: missing from OpenHands")
            continue
        if real != stubs[member]:
            differences.append(f"{where}.{member}: OpenHands has {_fmt(real)}, the stub has {_fmt(stubs[member])}")
    return differences


def _fmt(params: list[Param]) -> str:
    return "(" + ", ".join(f"{n}{'=' if d else ''}" + ("" if k == "POSITIONAL_OR_KEYWORD" else f"[{k}]")
                           for n, k, d in params) + ")"


def check_signatures(stub_root: str = STUBS) -> list[str]:
    differences = []
    for stub_file, class_name, members in CONTRACT:
        module = importlib.import_module(_module_name(stub_file))
        owner = getattr(module, class_name) if class_name else module
        differences += compare(stub_root, stub_file, class_name, members, owner)
    return differences


def stub_fields(stub_root: str, stub_file: str, class_name: str) -> dict[str, bool]:
    """A stub dataclass's fields: name -> required (no default)."""
    with open(os.path.join(stub_root, stub_file), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name).body
    return {n.target.id: n.value is None for n in body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}


def model_fields(cls) -> dict[str, bool]:
    """A class's fields: name -> required; a pydantic model's (OpenHands) or a dataclass's (the stubs themselves)."""
    if hasattr(cls, "model_fields"):
        return {name: f.is_required() for name, f in cls.model_fields.items()}
    return {f.name: f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            for f in dataclasses.fields(cls)}


def check_models(stub_root: str = STUBS) -> list[str]:
    differences = []
    for stub_file, class_name in MODELS:
        real = getattr(importlib.import_module(_module_name(stub_file)), class_name)
        real_fields = model_fields(real)
        stub = stub_fields(stub_root, stub_file, class_name)
        if real_fields != stub:
            differences.append(f"{_module_name(stub_file)}.{class_name}: OpenHands has fields {_fmt_fields(real_fields)},"
                               f" the stub has {_fmt_fields(stub)}")
    return differences


def _fmt_fields(fields: dict[str, bool]) -> str:
    return "(" + ", ".join(name + ("" if required else "=") for name, required in fields.items()) + ")"


def _spec_shape(specs) -> list[tuple]:
    return [(spec.command, dict(spec.initial_env), spec.working_dir) for spec in specs]


def check_default_specs(stub_root: str = STUBS) -> list[str]:
    """The stub's get_default_sandbox_specs, run here (its imports resolve to whatever OpenHands is importable), against
    the real one: the plugin builds its specs from that default."""
    loaded = importlib.util.spec_from_file_location("_ohp_stub_default_specs", os.path.join(stub_root, DEFAULT_SPECS))
    stub = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(stub)
    real = _spec_shape(importlib.import_module(_module_name(DEFAULT_SPECS)).get_default_sandbox_specs())
    stubbed = _spec_shape(stub.get_default_sandbox_specs())
    if real != stubbed:
        return [f"{_module_name(DEFAULT_SPECS)}.get_default_sandbox_specs: OpenHands returns {real}, the stub {stubbed}"]
    return []


def check_attributes() -> list[str]:
    differences = []
    for module_name, class_name, names in ATTRIBUTES:
        cls = getattr(importlib.import_module(module_name), class_name)
        fields = getattr(cls, "model_fields", {})
        private = getattr(cls, "__private_attributes__", {})
        for name in names:
            if not (hasattr(cls, name) or name in fields or name in private):
                differences.append(f"{module_name}.{class_name}.{name}: missing from OpenHands")
    return differences


async def two_user_check() -> list[str]:
    """A writes one of everything; B must see none of it. Runs only inside the image."""
    import tempfile
    import uuid

    from openhands.app_server.app_conversation.app_conversation_models import AppConversationInfo
    from openhands.app_server.app_conversation.sql_app_conversation_info_service import (
        SQLAppConversationInfoService,
    )
    from openhands.app_server.sandbox.remote_sandbox_service import RemoteSandboxService, StoredRemoteSandbox
    from openhands.app_server.user.auth_user_context import AuthUserContext
    from openhands.app_server.utils.sql_utils import Base
    from openhands.core.config.openhands_config import OpenHandsConfig
    from openhands.storage.data_models.conversation_metadata import ConversationMetadata
    from openhands.storage.data_models.secrets import Secrets
    from openhands.storage.data_models.settings import Settings
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

    from openhands_platform.stores import PerUserFileConversationStore, PerUserFileSecretsStore, \
        PerUserFileSettingsStore
    from openhands_platform.user_auth import AlbUserAuth

    leaks = []
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    config = OpenHandsConfig(file_store="local", file_store_path=tempfile.mkdtemp(prefix="ohp-contract-"))

    settings_a = await PerUserFileSettingsStore.get_instance(config, a)
    await settings_a.store(Settings(llm_model="contract-check/a-only"))
    if (await (await PerUserFileSettingsStore.get_instance(config, b)).load()).llm_model == "contract-check/a-only":
        leaks.append("settings: B reads A's settings")
    await (await PerUserFileSecretsStore.get_instance(config, a)).store(Secrets())
    if await (await PerUserFileSecretsStore.get_instance(config, b)).load() is not None:
        leaks.append("secrets: B reads A's secrets")
    conv_a = await PerUserFileConversationStore.get_instance(config, a)
    await conv_a.save_metadata(ConversationMetadata(conversation_id="contract-a", selected_repository=None,
                                                    user_id=a))
    conv_b = await PerUserFileConversationStore.get_instance(config, b)
    if [c for c in (await conv_b.search()).results if c.conversation_id == "contract-a"]:
        leaks.append("V0 conversations: B lists A's conversation")
    if await conv_b.exists("contract-a"):
        leaks.append("V0 conversations: B reads A's conversation")
    # Positive controls: a check that cannot see A's own data proves nothing about B.
    if (await settings_a.load()).llm_model != "contract-check/a-only" or not await conv_a.exists("contract-a"):
        leaks.append("CHECK BROKEN: A cannot read its own settings or conversation")

    engine = create_async_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
    context_a = AuthUserContext(user_auth=AlbUserAuth(user_id=a))
    context_b = AuthUserContext(user_auth=AlbUserAuth(user_id=b))
    conversation_id = uuid.uuid4()
    async with sessions() as session:
        await SQLAppConversationInfoService(session, context_a).save_app_conversation_info(
            AppConversationInfo(id=conversation_id, sandbox_id="contract-sandbox-a", created_by_user_id=a))
        session.add(StoredRemoteSandbox(id="contract-sandbox-a", created_by_user_id=a, sandbox_spec_id="spec"))
        await session.commit()
    async with sessions() as session:
        service_b = SQLAppConversationInfoService(session, context_b)
        if await service_b.get_app_conversation_info(conversation_id) is not None:
            leaks.append("V1 conversations: B reads A's conversation")
        if (await service_b.search_app_conversation_info()).items:
            leaks.append("V1 conversations: B lists A's conversation")
        sandboxes_b = RemoteSandboxService(
            sandbox_spec_service=None, api_url="http://unused.invalid", api_key="unused", web_url=None,
            resource_factor=1, runtime_class=None, start_sandbox_timeout=1, max_num_sandboxes=1,
            user_context=context_b, httpx_client=None, db_session=session)
        # The stored row is what every sandbox route reads first (get/pause/resume/delete); HTTP is not reached.
        if await sandboxes_b._get_stored_sandbox("contract-sandbox-a") is not None:
            leaks.append("V1 sandboxes: B reads A's sandbox")
        if await SQLAppConversationInfoService(session, context_a).get_app_conversation_info(conversation_id) is None:
            leaks.append("CHECK BROKEN: A cannot read its own V1 conversation")
    await engine.dispose()
    return leaks


def main() -> int:
    try:
        import openhands.server  # noqa: F401
        import openhands.app_server  # noqa: F401
    except ImportError as e:
        print(f"contract_check: OpenHands is not importable here ({e}). Run it inside the app image, e.g.\n"
              "  podman run --rm --env-file task.env --entrypoint python <account>.dkr.ecr.<region>.amazonaws.com/"
              "openhands-<env>/openhands:<version>-ohp /app/ohp/contract_check.py", file=sys.stderr)
        return 2
    if STUBS in sys.path:
        sys.path.remove(STUBS)
    import asyncio

    problems = check_signatures() + check_models() + check_default_specs() + check_attributes()
    for line in problems:
        print(f"SIGNATURE {line}")
    leaks = asyncio.run(two_user_check())
    for line in leaks:
        print(f"LEAK {line}")
    print(f"contract_check: {len(problems)} signature difference(s), {len(leaks)} leak(s)")
    return 1 if problems or leaks else 0


if __name__ == "__main__":
    sys.exit(main())
