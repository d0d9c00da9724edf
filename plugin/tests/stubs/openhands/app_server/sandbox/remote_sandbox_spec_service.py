# openhands/app_server/sandbox/remote_sandbox_spec_service.py at All-Hands-AI/OpenHands 7fbb48c (0.62.0):
# get_default_sandbox_specs verbatim (contract_check.py compares its specs with the real ones); the injector is not
# stubbed (app.py builds it in the real image only).
from openhands.app_server.sandbox.sandbox_spec_models import (
    SandboxSpecInfo,
)
from openhands.app_server.sandbox.sandbox_spec_service import (
    AGENT_SERVER_IMAGE,
)


def get_default_sandbox_specs():
    return [
        SandboxSpecInfo(
            id=AGENT_SERVER_IMAGE,
            command=['/usr/local/bin/openhands-agent-server', '--port', '60000'],
            initial_env={
                'OPENVSCODE_SERVER_ROOT': '/openhands/.openvscode-server',
                'LOG_JSON': 'true',
                'OH_ENABLE_VNC': '0',
                'OH_CONVERSATIONS_PATH': '/workspace/conversations',
                'OH_BASH_EVENTS_DIR': '/workspace/bash_events',
                'OH_VSCODE_PORT': '60001',
            },
            working_dir='/workspace/project',
        )
    ]
