# openhands/storage/data_models/conversation_metadata.py (0.62.0), fields the plugin and tests use
from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass
class ConversationMetadata:
    conversation_id: str
    selected_repository: str | None
    user_id: str | None = None
    title: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
