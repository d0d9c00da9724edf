# openhands/app_server/sandbox/__init__.py at All-Hands-AI/OpenHands 7fbb48c (0.62.0)
