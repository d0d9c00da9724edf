"""The deny-list for V1 conversations, sandbox side: `DenyListBashTool`, the stock shell tool whose executor refuses a
denied command before it runs. Loaded into the agent server by the derived sandbox image (`agent_server_entry.py`);
the app names it in the start request with the patterns as parameters (`v1_deny_list.py`).

It checks what the agent sends to the shell (`ExecuteBashAction.command`, also input typed into a running program),
with the same variants as V0 (`deny_list.py`). The limits are the same too: a command built at run time, a script
written first and run later, or the file editor tool writing one are not seen. A refused command returns an error
observation the agent reads; nothing reaches the shell.
"""
from __future__ import annotations

from openhands.sdk.tool import ToolExecutor, register_tool
from openhands.tools.execute_bash import BashTool, ExecuteBashObservation

from openhands_platform.deny_list import DenyList
from openhands_platform.runtime_name import DENY_LIST_TOOL


class DenyListExecutor(ToolExecutor):
    def __init__(self, inner: ToolExecutor, deny: DenyList):
        self._inner = inner
        self._deny = deny

    def __call__(self, action, conversation=None):
        denied = self._deny.check(action.command or "")
        if denied is not None:
            return ExecuteBashObservation(output=self._deny.refusal(denied), command=action.command, exit_code=1, error=True)
        return self._inner(action, conversation)

    def close(self) -> None:
        self._inner.close()


def create_deny_list_bash_tool(conv_state, deny_commands: list[str], **bash_params):
    """The registered factory: `deny_commands` from the start request, the rest passed to `BashTool.create`."""
    if not isinstance(deny_commands, list) or not all(isinstance(p, str) for p in deny_commands):
        raise ValueError(f"{DENY_LIST_TOOL}: deny_commands must be a list of regular expressions")
    deny = DenyList(deny_commands)
    return [tool.set_executor(DenyListExecutor(tool.executor, deny)) for tool in BashTool.create(conv_state, **bash_params)]


def register() -> None:
    register_tool(DENY_LIST_TOOL, create_deny_list_bash_tool)
