# openhands/storage/settings/settings_store.py (0.62.0)
from __future__ import annotations

from abc import ABC, abstractmethod

from openhands.storage.data_models.settings import Settings


class SettingsStore(ABC):
    @abstractmethod
    async def load(self) -> Settings | None:
        """Load session init data."""

    @abstractmethod
    async def store(self, settings: Settings) -> None:
        """Store session init data."""

    @classmethod
    @abstractmethod
    async def get_instance(cls, config, user_id: str | None) -> SettingsStore:
        """Get a store for the user represented by the token given."""
