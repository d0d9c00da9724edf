# openhands/app_server/app_conversation/live_status_app_conversation_service.py at All-Hands-AI/OpenHands 7fbb48c
# (0.62.0). The service is a dataclass there (fields reduced here to two); _build_start_conversation_request_for_user
# builds the V1 start request with get_default_agent's tools (BashTool, FileEditorTool, TaskTrackerTool,
# BrowserToolSet). The injector is a pydantic model whose inject() is an async generator yielding one service.
from dataclasses import dataclass

from openhands.agent_server.models import StartConversationRequest
from openhands.sdk.agent import Agent
from openhands.sdk.tool import Tool


@dataclass
class LiveStatusAppConversationService:
    web_url: str | None
    sandbox_startup_timeout: int

    async def _build_start_conversation_request_for_user(self, initial_message, git_provider, working_dir):
        agent = Agent(tools=[Tool(name="BashTool"), Tool(name="FileEditorTool"), Tool(name="TaskTrackerTool"),
                             Tool(name="BrowserToolSet")])
        return StartConversationRequest(agent=agent, workspace=working_dir, initial_message=initial_message)


class LiveStatusAppConversationServiceInjector:
    # pydantic fields there (BaseModel.__init__(**data)); defaults copied
    sandbox_startup_timeout: int = 120
    sandbox_startup_poll_frequency: int = 2
    init_git_in_empty_workspace: bool = True
    access_token_hard_timeout: int | None = 14 * 86400

    def __init__(self, **data):
        for name, value in data.items():
            setattr(self, name, value)
        self.closed = 0

    def model_dump(self, exclude=None):
        names = ("sandbox_startup_timeout", "sandbox_startup_poll_frequency", "init_git_in_empty_workspace",
                 "access_token_hard_timeout")
        return {name: getattr(self, name) for name in names if name not in (exclude or ())}

    async def inject(self, state, request=None):
        try:
            yield LiveStatusAppConversationService(web_url="https://openhands.example.com",
                                                   sandbox_startup_timeout=self.sandbox_startup_timeout)
        finally:
            # The real one leaves its `async with` of the other services here.
            self.closed += 1
