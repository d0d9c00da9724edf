"""Per-user settings, secrets and conversation metadata on OpenHands' own file stores (S3 in the app task).

The stock file stores (openhands/storage/*/file_*_store.py at 0.62.0) ignore the user id and share one
settings.json, one secrets.json and one sessions/ folder. These subclasses keep their code and file formats and
only move the paths under users/<user id>/, the layout OpenHands itself uses for a user's events
(openhands/storage/locations.py). A store is never built without a user id: that would be the shared one.
"""
from __future__ import annotations

from dataclasses import dataclass

from openhands.storage import get_file_store
from openhands.storage.conversation.file_conversation_store import FileConversationStore
from openhands.storage.data_models.settings import Settings
from openhands.storage.locations import get_conversation_metadata_filename
from openhands.storage.secrets.file_secrets_store import FileSecretsStore
from openhands.storage.settings.file_settings_store import FileSettingsStore

from openhands_platform.alb_auth import _SUB
from openhands_platform.settings import PlatformSettings


def user_prefix(user_id: str | None) -> str:
    if not user_id or not _SUB.match(user_id):
        # Fail closed: the stock stores treat None as "the one shared user", i.e. everyone's data.
        raise PermissionError("no authenticated user id: refusing to open a shared store")
    return f"users/{user_id}/"


def _file_store(config):
    return get_file_store(
        file_store_type=config.file_store,
        file_store_path=config.file_store_path,
        file_store_web_hook_url=config.file_store_web_hook_url,
        file_store_web_hook_headers=config.file_store_web_hook_headers,
        file_store_web_hook_batch=config.file_store_web_hook_batch,
    )


def default_settings(platform: PlatformSettings) -> Settings:
    """What a new user starts with, so the first page works without a settings round trip (Bedrock needs no key:
    the task role signs)."""
    return Settings(llm_model=platform.default_llm_model, confirmation_mode=platform.confirmation_mode)


@dataclass
class PerUserFileSettingsStore(FileSettingsStore):
    platform: PlatformSettings | None = None

    async def load(self) -> Settings | None:
        settings = await super().load()
        if settings is None and self.platform is not None:
            return default_settings(self.platform)
        return settings

    @classmethod
    async def get_instance(cls, config, user_id: str | None) -> "PerUserFileSettingsStore":
        return cls(_file_store(config), path=user_prefix(user_id) + "settings.json",
                   platform=PlatformSettings.from_env())


@dataclass
class PerUserFileSecretsStore(FileSecretsStore):
    @classmethod
    async def get_instance(cls, config, user_id: str | None) -> "PerUserFileSecretsStore":
        return cls(_file_store(config), path=user_prefix(user_id) + "secrets.json")


@dataclass
class PerUserFileConversationStore(FileConversationStore):
    user_id: str = ""

    def get_conversation_metadata_dir(self) -> str:
        return user_prefix(self.user_id) + "conversations"

    def get_conversation_metadata_filename(self, conversation_id: str) -> str:
        user_prefix(self.user_id)
        return get_conversation_metadata_filename(conversation_id, self.user_id)

    @classmethod
    async def get_instance(cls, config, user_id: str | None) -> "PerUserFileConversationStore":
        user_prefix(user_id)
        return cls(_file_store(config), user_id=user_id)
