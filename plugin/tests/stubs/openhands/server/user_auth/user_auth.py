# openhands/server/user_auth/user_auth.py (0.62.0)
from __future__ import annotations

from abc import ABC, abstractmethod
from enum import Enum

from fastapi import Request


class AuthType(Enum):
    COOKIE = 'cookie'
    BEARER = 'bearer'


class UserAuth(ABC):
    _settings = None

    @abstractmethod
    async def get_user_id(self) -> str | None:
        """Get the unique identifier for the current user"""

    @abstractmethod
    async def get_user_email(self) -> str | None:
        """Get the email for the current user"""

    @abstractmethod
    async def get_access_token(self):
        """Get the access token for the current user"""

    @abstractmethod
    async def get_provider_tokens(self):
        """Get the provider tokens for the current user."""

    @abstractmethod
    async def get_user_settings_store(self):
        """Get the settings store for the current user."""

    async def get_user_settings(self):
        settings = self._settings
        if settings:
            return settings
        settings_store = await self.get_user_settings_store()
        settings = await settings_store.load()
        self._settings = settings
        return settings

    @abstractmethod
    async def get_secrets_store(self):
        """Get secrets store"""

    @abstractmethod
    async def get_secrets(self):
        """Get the user's secrets"""

    def get_auth_type(self) -> AuthType | None:
        return None

    @classmethod
    @abstractmethod
    async def get_instance(cls, request: Request) -> UserAuth:
        """Get an instance of UserAuth from the request given"""

    @classmethod
    @abstractmethod
    async def get_for_user(cls, user_id: str) -> UserAuth:
        """Get an instance of UserAuth for the user given"""
