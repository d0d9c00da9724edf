"""Who may join a V0 conversation's Socket.IO stream (OPENHANDS_CONVERSATION_VALIDATOR_CLS). The stock validator
answers user None for everyone and reads the shared store (storage/conversation/conversation_validator.py)."""
from __future__ import annotations

from openhands.core.config.utils import load_openhands_config
from openhands.storage.conversation.conversation_validator import ConversationValidator
from openhands.storage.data_models.conversation_metadata import ConversationMetadata

from openhands_platform.middleware import current_identity
from openhands_platform.stores import PerUserFileConversationStore


class PlatformConversationValidator(ConversationValidator):
    async def validate(self, conversation_id: str, cookies_str: str,
                       authorization_header: str | None = None) -> str | None:
        identity = current_identity.get()
        if identity is None:
            raise ConnectionRefusedError("no verified ALB identity for this connection")
        metadata = await self._ensure_metadata_exists(conversation_id, identity.user_id)
        if metadata.user_id != identity.user_id:
            raise ConnectionRefusedError("conversation belongs to another user")
        return identity.user_id

    async def _ensure_metadata_exists(self, conversation_id: str, user_id: str | None) -> ConversationMetadata:
        # Only a conversation already in this user's own store may be joined (the app creates it through the
        # authenticated REST call first). The stock validator creates a stub for any unknown id; with running V0
        # sessions keyed by conversation id alone, a stub would let a user attach to another user's session.
        store = await PerUserFileConversationStore.get_instance(load_openhands_config(), user_id)
        try:
            return await store.get_metadata(conversation_id)
        except FileNotFoundError:
            raise ConnectionRefusedError("no such conversation for this user") from None
