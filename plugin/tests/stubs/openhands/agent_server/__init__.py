# openhands-agent-server 1.0.0a6 (software-agent-sdk 679b644)
