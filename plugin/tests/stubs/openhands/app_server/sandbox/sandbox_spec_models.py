# openhands/app_server/sandbox/sandbox_spec_models.py at All-Hands-AI/OpenHands 7fbb48c (0.62.0). A pydantic model
# there; here a keyword-only dataclass with the same fields, defaults and required ones (contract_check.py compares
# them with the real model_fields).
from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass(kw_only=True)
class SandboxSpecInfo:
    """A template for creating a Sandbox (e.g: A Docker Image vs Container)."""

    id: str
    command: list[str] | None
    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    initial_env: dict[str, str] = field(default_factory=dict)
    working_dir: str = '/home/openhands/workspace'
