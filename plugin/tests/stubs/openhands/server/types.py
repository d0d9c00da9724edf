# openhands/server/types.py (0.62.0)
from abc import ABC, abstractmethod
from enum import Enum


class AppMode(Enum):
    OSS = 'oss'
    SAAS = 'saas'


class ServerConfigInterface(ABC):
    CONFIG_PATH: str | None
    APP_MODE: AppMode

    @abstractmethod
    def verify_config(self) -> None:
        """Verify configuration settings."""

    @abstractmethod
    def get_config(self) -> dict:
        """Configure attributes for frontend"""
