# openhands/storage/secrets/secrets_store.py (0.62.0)
from __future__ import annotations

from abc import ABC, abstractmethod

from openhands.storage.data_models.secrets import Secrets


class SecretsStore(ABC):
    @abstractmethod
    async def load(self) -> Secrets | None:
        """Load secrets."""

    @abstractmethod
    async def store(self, secrets: Secrets) -> None:
        """Store secrets."""

    @classmethod
    @abstractmethod
    async def get_instance(cls, config, user_id: str | None) -> SecretsStore:
        """Get a store for the user represented by the token given."""
