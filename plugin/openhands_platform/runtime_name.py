"""The V0 runtime name (RUNTIME) of the deny-list runtime; its own module so app.py can compare it without
importing OpenHands' runtime package before the server config is in place."""
DENY_LIST_RUNTIME = "openhands_platform.runtime.DenyListRemoteRuntime"
