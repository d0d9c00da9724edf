# openhands-sdk/openhands/sdk/tool/__init__.py at software-agent-sdk 679b644 (openhands-sdk 1.0.0a6): the names the plugin imports
from openhands.sdk.tool.registry import register_tool, resolve_tool
from openhands.sdk.tool.spec import Tool
from openhands.sdk.tool.tool import ToolDefinition, ToolExecutor

__all__ = ["Tool", "ToolDefinition", "ToolExecutor", "register_tool", "resolve_tool"]
