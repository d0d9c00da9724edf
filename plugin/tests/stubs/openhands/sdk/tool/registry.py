# openhands-sdk/openhands/sdk/tool/registry.py at software-agent-sdk 679b644: tools are resolved by name only, a callable
# factory is called as factory(conv_state=..., **params)
_REG: dict = {}


def register_tool(name, factory):
    if not isinstance(name, str) or not name.strip():
        raise ValueError("ToolDefinition name must be a non-empty string")
    _REG[name] = factory


def resolve_tool(tool_spec, conv_state):
    factory = _REG.get(tool_spec.name)
    if factory is None:
        raise KeyError(f"ToolDefinition '{tool_spec.name}' is not registered")
    return factory(conv_state=conv_state, **tool_spec.params)


def list_registered_tools():
    return list(_REG.keys())
