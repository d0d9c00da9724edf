"""The ServerConfig OpenHands loads from OPENHANDS_CONFIG_CLS (openhands/server/config/server_config.py)."""
from __future__ import annotations

from openhands.server.config.server_config import ServerConfig

from openhands_platform.deny_list import DenyList
from openhands_platform.settings import PlatformSettings

CONFIG_CLS = "openhands_platform.server_config.PlatformServerConfig"


class PlatformServerConfig(ServerConfig):
    settings_store_class = "openhands_platform.stores.PerUserFileSettingsStore"
    secret_store_class = "openhands_platform.stores.PerUserFileSecretsStore"
    conversation_store_class = "openhands_platform.stores.PerUserFileConversationStore"
    user_auth_class = "openhands_platform.user_auth.AlbUserAuth"

    def verify_config(self):
        # The base raises whenever OPENHANDS_CONFIG_CLS is set; this one checks what it depends on instead, so a
        # task with a missing or malformed variable stops at start with the variable's name.
        if self.config_cls != CONFIG_CLS:
            raise ValueError(f"OPENHANDS_CONFIG_CLS is {self.config_cls!r}, expected {CONFIG_CLS}")
        settings = PlatformSettings.from_env()
        DenyList(settings.deny_commands)
