# openhands/runtime/impl/remote/remote_runtime.py (0.62.0): RemoteRuntime(ActionExecutionClient); run and
# run_ipython come from action_execution_client.py and send the action to the sandbox.
from openhands.events.action import CmdRunAction, IPythonRunCellAction
from openhands.events.observation import Observation


class RemoteRuntime:
    def __init__(self):
        self.sent: list = []

    def send_action_for_execution(self, action) -> Observation:
        self.sent.append(action)
        return Observation(content='ran')

    def run(self, action: CmdRunAction) -> Observation:
        return self.send_action_for_execution(action)

    def run_ipython(self, action: IPythonRunCellAction) -> Observation:
        return self.send_action_for_execution(action)
