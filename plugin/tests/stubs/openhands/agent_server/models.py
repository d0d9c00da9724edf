# openhands-agent-server/openhands/agent_server/models.py at software-agent-sdk 679b644: StartConversationRequest (pydantic
# there; the fields the plugin touches)
class StartConversationRequest:
    def __init__(self, agent, workspace=None, conversation_id=None, confirmation_policy=None, initial_message=None,
                 secrets=None):
        self.agent = agent
        self.workspace = workspace
        self.conversation_id = conversation_id
        self.confirmation_policy = confirmation_policy
        self.initial_message = initial_message
        self.secrets = dict(secrets or {})

    def model_copy(self, update: dict | None = None):
        copy = StartConversationRequest(self.agent, self.workspace, self.conversation_id, self.confirmation_policy,
                                        self.initial_message, self.secrets)
        for key, value in (update or {}).items():
            setattr(copy, key, value)
        return copy
