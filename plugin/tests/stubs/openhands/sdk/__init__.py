# openhands-sdk 1.0.0a6 (software-agent-sdk 679b64494a35c7dfc01f9a48b2c1b881eb17009f): openhands-sdk/openhands/sdk/__init__.py
