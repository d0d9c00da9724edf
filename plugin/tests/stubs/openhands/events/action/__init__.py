# openhands/events/action/commands.py (0.62.0): CmdRunAction(command, ...), IPythonRunCellAction(code, ...)
from dataclasses import dataclass


@dataclass
class CmdRunAction:
    command: str


@dataclass
class IPythonRunCellAction:
    code: str
