# openhands-tools/openhands/tools/execute_bash/definition.py at software-agent-sdk 679b644 (pydantic models there; the
# fields and BashTool.create's parameters are copied). The stub executor records what it would have run.
from openhands.sdk.tool.tool import ToolDefinition, ToolExecutor


class ExecuteBashAction:
    def __init__(self, command: str, is_input: bool = False, timeout: float | None = None, reset: bool = False):
        self.command = command
        self.is_input = is_input
        self.timeout = timeout
        self.reset = reset


class ExecuteBashObservation:
    def __init__(self, output: str, command: str | None = None, exit_code: int | None = None, error: bool = False,
                 timeout: bool = False):
        self.output = output
        self.command = command
        self.exit_code = exit_code
        self.error = error
        self.timeout = timeout


class _RecordingExecutor(ToolExecutor):
    def __init__(self, **options):
        self.options = options
        self.ran: list[str] = []
        self.closed = False

    def __call__(self, action, conversation=None):
        self.ran.append(action.command)
        return ExecuteBashObservation(output="ran", command=action.command, exit_code=0)

    def close(self) -> None:
        self.closed = True


class BashTool(ToolDefinition):
    @classmethod
    def create(cls, conv_state, username: str | None = None, no_change_timeout_seconds: int | None = None,
               terminal_type=None):
        executor = _RecordingExecutor(working_dir=conv_state.workspace.working_dir, username=username,
                                      no_change_timeout_seconds=no_change_timeout_seconds, terminal_type=terminal_type)
        return [cls("execute_bash", executor)]
