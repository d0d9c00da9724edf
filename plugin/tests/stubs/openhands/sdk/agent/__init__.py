# openhands-sdk/openhands/sdk/agent/base.py at software-agent-sdk 679b644: AgentBase.tools (list[Tool]); frozen pydantic there
class Agent:
    def __init__(self, tools, llm=None, security_analyzer=None):
        self.tools = list(tools)
        self.llm = llm
        self.security_analyzer = security_analyzer

    def model_copy(self, update: dict | None = None):
        copy = Agent(self.tools, self.llm, self.security_analyzer)
        for key, value in (update or {}).items():
            setattr(copy, key, value)
        return copy
