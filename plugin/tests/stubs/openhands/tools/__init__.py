# openhands-tools 1.0.0a6 (software-agent-sdk 679b644): openhands-tools/openhands/tools/__init__.py
