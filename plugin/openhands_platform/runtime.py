"""V0 conversations' runtime with the deny-list (RUNTIME=openhands_platform.runtime.DenyListRemoteRuntime; the
runtime name may be a class path: openhands/runtime/__init__.py get_runtime_cls). In V0 the agent loop runs in the
app server and sends every action to the sandbox through this class, so a denied command never leaves the app."""
from __future__ import annotations

from openhands.events.action import CmdRunAction, IPythonRunCellAction
from openhands.events.observation import ErrorObservation, Observation
from openhands.runtime.impl.remote.remote_runtime import RemoteRuntime

from openhands_platform.deny_list import DenyList
from openhands_platform.orchestrator_user import user_headers
from openhands_platform.settings import PlatformSettings

_deny_list: DenyList | None = None


def deny_list() -> DenyList:
    global _deny_list
    if _deny_list is None:
        _deny_list = DenyList(PlatformSettings.from_env().deny_commands)
    return _deny_list


class DenyListRemoteRuntime(RemoteRuntime):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The orchestrator's owner header on every call of this runtime's HTTP session (the stock RemoteRuntime
        # sends only X-API-Key); a runtime without a user would act for the orchestrator's default owner.
        self.session.headers.update(user_headers(self.user_id))

    def run(self, action: CmdRunAction) -> Observation:
        denied = deny_list().check(action.command)
        if denied is not None:
            return ErrorObservation(content=deny_list().refusal(denied))
        return super().run(action)

    def run_ipython(self, action: IPythonRunCellAction) -> Observation:
        # A cell's `!cmd` lines and literal os.system("cmd") strings are shell text too.
        denied = deny_list().check(action.code)
        if denied is not None:
            return ErrorObservation(content=deny_list().refusal(denied))
        return super().run_ipython(action)
