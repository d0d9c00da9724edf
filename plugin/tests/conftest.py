"""Test set-up: the plugin and the OpenHands stubs (tests/stubs, signatures of OpenHands 0.62.0) on sys.path,
and the environment the app task sets (plugin/README.md, the contract)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stubs"))
sys.path.insert(0, os.path.dirname(HERE))

ALB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/openhands-staging/50dc6c495c0c9188"
ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI"
CLIENT_ID = "4r8ohpclientid0123456789"
# The example deny-list of plugin/README.md: rm of the root (any flags), mkfs, shutdown.
DENY_COMMANDS = [r"\brm\s+(-\S+\s+)*/(\s|\*|$)", r"\bmkfs(\.|\s)", r"\bshutdown\b"]
ENV = {
    "OPENHANDS_CONFIG_CLS": "openhands_platform.server_config.PlatformServerConfig",
    "OHP_AWS_REGION": "eu-west-1",
    "OHP_ALB_ARN": ALB_ARN,
    "OHP_OIDC_ISSUER": ISSUER,
    "OHP_OIDC_CLIENT_ID": CLIENT_ID,
    "OHP_DEFAULT_LLM_MODEL": "bedrock/eu.anthropic.claude-sonnet-4-20250514-v1:0",
    "OHP_CONFIRMATION_MODE": "true",
    "OHP_DENY_COMMANDS": json.dumps(DENY_COMMANDS),
}
os.environ.update(ENV)
