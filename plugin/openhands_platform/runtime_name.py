"""Names the plugin's pieces share without importing each other's dependencies: the V0 runtime name (RUNTIME), compared
by app.py before OpenHands' runtime package may be imported, and the V1 deny-list tool, named by the app in the start
request and registered under that name inside the agent server."""
DENY_LIST_RUNTIME = "openhands_platform.runtime.DenyListRemoteRuntime"
# The stock shell tool's registered name (openhands-tools 1.0.0a6 tools/preset/default.py) and the plugin's.
BASH_TOOL = "BashTool"
DENY_LIST_TOOL = "DenyListBashTool"
# The tool parameter that carries the patterns into the sandbox.
DENY_PARAM = "deny_commands"
