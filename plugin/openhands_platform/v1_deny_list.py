"""The deny-list for V1 conversations, app side: the start request asks the sandbox for the deny-list shell tool.

In V1 the agent runs inside the sandbox (the agent server); its commands never pass through the app server, so the
app cannot filter them the way `runtime.py` does for V0. What the app does control is the start request it sends
(`LiveStatusAppConversationService._build_start_conversation_request_for_user`, OpenHands 0.62.0): the agent's tools
are named there (`Tool(name="BashTool")`) and resolved by name inside the agent server (openhands-sdk 1.0.0a6
`tool/registry.py`). This module renames the shell tool to `DenyListBashTool` with the patterns as its parameters;
`sandbox_tool.py`, loaded into the agent server by the derived sandbox image, registers that name as the stock shell
tool whose executor refuses a denied command before it runs.

Fail closed: an agent server without `DenyListBashTool` (the stock image) cannot resolve the tool, so the
conversation does not start rather than run without the deny-list. That is why it is switched on explicitly
(`OHP_V1_DENY_LIST=tool`, once the sandboxes run the derived image); without it V1 is guarded by confirmation mode
only (plugin/README.md).
"""
from __future__ import annotations

import dataclasses

from openhands.app_server.app_conversation.live_status_app_conversation_service import (
    LiveStatusAppConversationService,
    LiveStatusAppConversationServiceInjector,
)

from openhands_platform.runtime_name import BASH_TOOL, DENY_LIST_TOOL, DENY_PARAM
from openhands_platform.settings import ConfigError


def with_deny_list_tool(agent, patterns: tuple[str, ...] | list[str]):
    """The agent with its shell tool replaced by the deny-list one (the other tools and the tool's own params kept)."""
    tools = []
    replaced = False
    for tool in agent.tools:
        if tool.name == BASH_TOOL:
            tool = tool.model_copy(update={"name": DENY_LIST_TOOL, "params": {**tool.params, DENY_PARAM: list(patterns)}})
            replaced = True
        tools.append(tool)
    if not replaced:
        # A release that renamed the shell tool: refuse to start rather than run an unguarded shell.
        raise RuntimeError(f"the V1 agent has no {BASH_TOOL} to put the deny-list on (tools: "
                           f"{[t.name for t in agent.tools]}); re-check plugin/README.md's facts for this release")
    return agent.model_copy(update={"tools": tools})


@dataclasses.dataclass
class DenyListAppConversationService(LiveStatusAppConversationService):
    deny_commands: tuple[str, ...] = ()

    async def _build_start_conversation_request_for_user(self, initial_message, git_provider, working_dir):
        request = await super()._build_start_conversation_request_for_user(initial_message, git_provider, working_dir)
        return request.model_copy(update={"agent": with_deny_list_tool(request.agent, self.deny_commands)})


class DenyListAppConversationServiceInjector(LiveStatusAppConversationServiceInjector):
    """OpenHands' own injector (its dependencies, its settings), yielding the same service with the deny-list added."""

    deny_commands: list[str] = []

    @classmethod
    def replacing(cls, current, patterns):
        """Takes over the configured stock injector's settings; anything else configured is refused (it would be lost)."""
        if type(current) is not LiveStatusAppConversationServiceInjector:
            raise ConfigError(f"OHP_V1_DENY_LIST=tool needs OpenHands' LiveStatusAppConversationServiceInjector as "
                              f"app_conversation, found {type(current).__name__}: unset OH_APP_CONVERSATION_KIND")
        return cls(**current.model_dump(exclude={"kind"}), deny_commands=list(patterns))

    async def inject(self, state, request=None):
        async for service in super().inject(state, request):
            # Every field copied by name, so fields a later release adds are carried over too.
            values = {f.name: getattr(service, f.name) for f in dataclasses.fields(service) if f.init}
            yield DenyListAppConversationService(**values, deny_commands=tuple(self.deny_commands))
