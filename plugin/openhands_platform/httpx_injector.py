"""V1's httpx client (AppServerConfig.httpx, a concrete HttpxClientInjector) with the orchestrator user hook: the
RemoteSandboxService sends only X-API-Key (app_server/sandbox/remote_sandbox_service.py _send_runtime_api_request)."""
from __future__ import annotations

from openhands.app_server.services.httpx_client_injector import HttpxClientInjector

from openhands_platform.orchestrator_user import request_hook


async def stored_sandbox_owner(sandbox_id: str) -> str | None:
    """The user OpenHands recorded as the sandbox's creator (v1_remote_sandbox.created_by_user_id)."""
    from sqlalchemy import select

    from openhands.app_server.config import get_global_config
    from openhands.app_server.sandbox.remote_sandbox_service import StoredRemoteSandbox

    maker = await get_global_config().db_session.get_async_session_maker()
    async with maker() as session:
        result = await session.execute(
            select(StoredRemoteSandbox.created_by_user_id).where(StoredRemoteSandbox.id == sandbox_id))
        return result.scalar_one_or_none()


class UserHeaderHttpxClientInjector(HttpxClientInjector):
    orchestrator_url: str = ""

    async def inject(self, state, request=None):
        async for client in super().inject(state, request):
            # One client per request state; hook it once.
            if not getattr(client, "_ohp_hooked", False):
                client.event_hooks["request"].append(request_hook(self.orchestrator_url, stored_sandbox_owner))
                client._ohp_hooked = True
            yield client
