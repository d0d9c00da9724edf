# openhands-sdk/openhands/sdk/tool/tool.py at software-agent-sdk 679b644: ToolExecutor, ToolDefinition (frozen pydantic
# there: set_executor returns a copy with the executor replaced)
from abc import ABC, abstractmethod


class ToolExecutor(ABC):
    @abstractmethod
    def __call__(self, action, conversation=None):
        """Execute the tool with the given action and return an observation."""

    def close(self) -> None:
        return


class ToolDefinition:
    def __init__(self, name: str, executor=None, **fields):
        self.name = name
        self.executor = executor
        self.fields = fields

    @classmethod
    def create(cls, *args, **kwargs):
        raise NotImplementedError

    def set_executor(self, executor):
        return type(self)(self.name, executor, **self.fields)

    def __call__(self, action, conversation=None):
        if self.executor is None:
            raise NotImplementedError(f"Tool '{self.name}' has no executor")
        return self.executor(action, conversation)
