"""The derived sandbox image's entry: register the deny-list tool, then run the stock agent server as
`python -m openhands.agent_server` would (its command-line arguments unchanged). Needs the Python ("source") build of
the agent-server image: the PyInstaller binary cannot import a module from outside (plugin/README.md)."""
import runpy
import sys

from openhands_platform.sandbox_tool import register

# OpenHands' remote sandbox spec names the program as the sandbox command, Kubernetes-style
# (`/usr/local/bin/openhands-agent-server --port 60000`). On ECS the task template's entry point (`env --`) runs that
# command as written, and the image's program path runs this entry with `--port 60000`. A runtime that appends the
# command to the image's ENTRYPOINT instead (ECS without the template's entry point, `docker run <image> <command>`)
# hands the program path here as the first argument: it names the server this entry runs and is dropped, a tolerance
# that costs nothing. Every other argument is passed on.
STOCK_PROGRAM = "/usr/local/bin/openhands-agent-server"


def server_arguments(arguments: list[str]) -> list[str]:
    """The agent server's arguments: `arguments` without a leading stock program path."""
    return arguments[1:] if arguments[:1] == [STOCK_PROGRAM] else list(arguments)


if __name__ == "__main__":
    register()
    sys.argv[1:] = server_arguments(sys.argv[1:])
    runpy.run_module("openhands.agent_server", run_name="__main__", alter_sys=True)
