# openhands/server/user_auth/default_user_auth.py (0.62.0)
from dataclasses import dataclass

from fastapi import Request

from openhands.server import shared
from openhands.server.user_auth.user_auth import UserAuth


@dataclass
class DefaultUserAuth(UserAuth):
    _settings: object | None = None
    _settings_store: object | None = None
    _secrets_store: object | None = None
    _secrets: object | None = None

    async def get_user_id(self) -> str | None:
        return None

    async def get_user_email(self) -> str | None:
        return None

    async def get_access_token(self):
        return None

    async def get_user_settings_store(self):
        settings_store = self._settings_store
        if settings_store:
            return settings_store
        user_id = await self.get_user_id()
        settings_store = await shared.SettingsStoreImpl.get_instance(shared.config, user_id)
        if settings_store is None:
            raise ValueError('Failed to get settings store instance')
        self._settings_store = settings_store
        return settings_store

    async def get_user_settings(self):
        settings = self._settings
        if settings:
            return settings
        settings_store = await self.get_user_settings_store()
        settings = await settings_store.load()
        if settings:
            settings = settings.merge_with_config_settings()
        self._settings = settings
        return settings

    async def get_secrets_store(self):
        secrets_store = self._secrets_store
        if secrets_store:
            return secrets_store
        user_id = await self.get_user_id()
        secret_store = await shared.SecretsStoreImpl.get_instance(shared.config, user_id)
        if secret_store is None:
            raise ValueError('Failed to get secrets store instance')
        self._secrets_store = secret_store
        return secret_store

    async def get_secrets(self):
        user_secrets = self._secrets
        if user_secrets:
            return user_secrets
        secrets_store = await self.get_secrets_store()
        user_secrets = await secrets_store.load()
        self._secrets = user_secrets
        return user_secrets

    async def get_provider_tokens(self):
        user_secrets = await self.get_secrets()
        if user_secrets is None:
            return None
        return user_secrets.provider_tokens

    @classmethod
    async def get_instance(cls, request: Request) -> UserAuth:
        return DefaultUserAuth()

    @classmethod
    async def get_for_user(cls, user_id: str) -> UserAuth:
        assert user_id == 'root'
        return DefaultUserAuth()
