"""The V1 sandbox specs the app offers: OpenHands' default spec (its command, initial environment and working
directory) once per configured image, in order, the first being the default. OpenHands' own default names a
ghcr.io image (`AGENT_SERVER_IMAGE`), which the orchestrator refuses: it starts only `sandbox.images`, which AppTier
passes as OHP_SANDBOX_IMAGES (a JSON array)."""
from __future__ import annotations

import json
from collections.abc import Mapping

from openhands.app_server.sandbox.remote_sandbox_spec_service import get_default_sandbox_specs
from openhands.app_server.sandbox.sandbox_spec_models import SandboxSpecInfo

from openhands_platform.settings import ConfigError

IMAGES_VARIABLE = "OHP_SANDBOX_IMAGES"


def sandbox_images(environ: Mapping[str, str]) -> list[str]:
    """The configured sandbox images; fails closed: without them the app would ask for an image nobody serves."""
    raw = environ.get(IMAGES_VARIABLE, "")
    fix = (f"set {IMAGES_VARIABLE} to the JSON array of sandbox.images (AppTier does), e.g. "
           '["123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/agent-server:d5995c3-source-ohp-1c4ad58"]')
    if not raw.strip():
        raise ConfigError(f"{IMAGES_VARIABLE} is not set: remote sandboxes need the images the orchestrator starts; {fix}")
    try:
        images = json.loads(raw)
    except ValueError as error:
        raise ConfigError(f"{IMAGES_VARIABLE} is not JSON ({error}); {fix}") from None
    if (not isinstance(images, list) or not images
            or not all(isinstance(image, str) and image.strip() == image and image for image in images)):
        raise ConfigError(f"{IMAGES_VARIABLE} must be a non-empty JSON array of image references; {fix}")
    if len(set(images)) != len(images):
        raise ConfigError(f"{IMAGES_VARIABLE} names an image twice; {fix}")
    return images


def configured_sandbox_specs(images: list[str]) -> list[SandboxSpecInfo]:
    """OpenHands' default spec with each image as its id (the spec id is the image the sandbox service starts)."""
    default = get_default_sandbox_specs()[0]
    return [SandboxSpecInfo(id=image, command=list(default.command) if default.command is not None else None,
                            initial_env=dict(default.initial_env), working_dir=default.working_dir)
            for image in images]
