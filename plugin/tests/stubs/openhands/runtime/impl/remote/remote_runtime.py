# openhands/runtime/impl/remote/remote_runtime.py (0.62.0): RemoteRuntime(ActionExecutionClient); run and
# run_ipython come from action_execution_client.py and send the action to the sandbox.
from openhands.events.action import CmdRunAction, IPythonRunCellAction
from openhands.events.observation import Observation


class _Session:
    def __init__(self):
        self.headers: dict = {}


class RemoteRuntime:
    # The real __init__(config, event_stream, llm_registry, sid='default', ..., user_id=None, ...) stores user_id on
    # the runtime (runtime/base.py) and sets self.session.headers['X-API-Key'].
    def __init__(self, user_id: str | None = None):
        self.user_id = user_id
        self.session = _Session()
        self.session.headers.update({'X-API-Key': 'stub-key'})
        self.sent: list = []

    def send_action_for_execution(self, action) -> Observation:
        self.sent.append(action)
        return Observation(content='ran')

    def run(self, action: CmdRunAction) -> Observation:
        return self.send_action_for_execution(action)

    def run_ipython(self, action: IPythonRunCellAction) -> Observation:
        return self.send_action_for_execution(action)
