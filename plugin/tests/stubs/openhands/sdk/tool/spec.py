# openhands-sdk/openhands/sdk/tool/spec.py at software-agent-sdk 679b644: Tool (a pydantic model there; fields kept)


class Tool:
    def __init__(self, name: str, params: dict | None = None):
        if not name or not name.strip():
            raise ValueError("Tool name cannot be empty")
        self.name = name
        self.params = dict(params or {})

    def model_copy(self, update: dict | None = None):
        copy = Tool(self.name, self.params)
        for key, value in (update or {}).items():
            setattr(copy, key, value)
        return copy
