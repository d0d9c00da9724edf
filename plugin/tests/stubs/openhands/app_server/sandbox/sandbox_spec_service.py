# openhands/app_server/sandbox/sandbox_spec_service.py at All-Hands-AI/OpenHands 7fbb48c (0.62.0): only the constant.

# The version of the agent server to use for deployments.
# Typically this will be the same as the values from the pyproject.toml
AGENT_SERVER_IMAGE = 'ghcr.io/openhands/agent-server:d5995c3-python'
