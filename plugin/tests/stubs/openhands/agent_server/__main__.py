# openhands-agent-server/openhands/agent_server/__main__.py at software-agent-sdk 679b644 parses --host, --port,
# --reload, --check-browser with argparse (an unknown argument is an error) and starts uvicorn. The stub parses the
# same options and, instead of serving, reports what it was started with and which tools the registry holds.
import argparse
import json
import sys

from openhands.sdk.tool import registry

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="OpenHands Agent Server App")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--reload", dest="reload", default=False, action="store_true")
    parser.add_argument("--check-browser", action="store_true")
    args = parser.parse_args()
    print(json.dumps({"argv": sys.argv[1:], "port": args.port, "host": args.host, "tools": sorted(registry.list_registered_tools())}))
