"""The derived sandbox image's entry: register the deny-list tool, then run the stock agent server as
`python -m openhands.agent_server` would (its command-line arguments unchanged). Needs the Python ("source") build of
the agent-server image: the PyInstaller binary cannot import a module from outside (plugin/README.md)."""
import runpy

from openhands_platform.sandbox_tool import register

if __name__ == "__main__":
    register()
    runpy.run_module("openhands.agent_server", run_name="__main__", alter_sys=True)
