# openhands/storage/conversation/conversation_validator.py (0.62.0)
from openhands.core.config.utils import load_openhands_config
from openhands.server.config.server_config import ServerConfig
from openhands.storage.conversation.conversation_store import ConversationStore
from openhands.storage.data_models.conversation_metadata import ConversationMetadata
from openhands.utils.import_utils import get_impl


class ConversationValidator:
    async def validate(
        self,
        conversation_id: str,
        cookies_str: str,
        authorization_header: str | None = None,
    ) -> str | None:
        user_id = None
        metadata = await self._ensure_metadata_exists(conversation_id, user_id)
        return metadata.user_id

    async def _ensure_metadata_exists(
        self,
        conversation_id: str,
        user_id: str | None,
    ) -> ConversationMetadata:
        config = load_openhands_config()
        server_config = ServerConfig()
        conversation_store_class = get_impl(ConversationStore, server_config.conversation_store_class)
        conversation_store = await conversation_store_class.get_instance(config, user_id)
        try:
            metadata = await conversation_store.get_metadata(conversation_id)
        except FileNotFoundError:
            metadata = ConversationMetadata(conversation_id=conversation_id, user_id=user_id,
                                            selected_repository=None)
            await conversation_store.save_metadata(metadata)
        return metadata
