# openhands/core/config/utils.py (0.62.0): load_openhands_config() -> OpenHandsConfig (file store fields only here)
from dataclasses import dataclass


@dataclass
class OpenHandsConfig:
    file_store: str = 'memory'
    file_store_path: str = '/tmp/file_store'
    file_store_web_hook_url: str | None = None
    file_store_web_hook_headers: dict | None = None
    file_store_web_hook_batch: bool = False


def load_openhands_config(set_logging_levels: bool = True, config_file: str = 'config.toml') -> OpenHandsConfig:
    return OpenHandsConfig()
