# openhands-tools/openhands/tools/execute_bash/__init__.py at software-agent-sdk 679b644
from openhands.tools.execute_bash.definition import BashTool, ExecuteBashAction, ExecuteBashObservation

__all__ = ["BashTool", "ExecuteBashAction", "ExecuteBashObservation"]
