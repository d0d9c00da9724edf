# openhands/storage/conversation/conversation_store.py (0.62.0)
from __future__ import annotations

from abc import ABC, abstractmethod

from openhands.storage.data_models.conversation_metadata import ConversationMetadata
from openhands.storage.data_models.conversation_metadata_result_set import ConversationMetadataResultSet


class ConversationStore(ABC):
    @abstractmethod
    async def save_metadata(self, metadata: ConversationMetadata) -> None:
        """Store conversation metadata."""

    @abstractmethod
    async def get_metadata(self, conversation_id: str) -> ConversationMetadata:
        """Load conversation metadata."""

    async def validate_metadata(self, conversation_id: str, user_id: str) -> bool:
        """Validate that conversation belongs to the current user."""
        metadata = await self.get_metadata(conversation_id)
        if not metadata.user_id or metadata.user_id != user_id:
            return False
        else:
            return True

    @abstractmethod
    async def delete_metadata(self, conversation_id: str) -> None:
        """Delete conversation metadata."""

    @abstractmethod
    async def exists(self, conversation_id: str) -> bool:
        """Check if conversation exists."""

    @abstractmethod
    async def search(self, page_id: str | None = None, limit: int = 20) -> ConversationMetadataResultSet:
        """Search conversations."""

    @classmethod
    @abstractmethod
    async def get_instance(cls, config, user_id: str | None) -> ConversationStore:
        """Get a store for the user represented by the token given."""
