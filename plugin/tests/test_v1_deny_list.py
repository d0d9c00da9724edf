"""The V1 deny-list end to end on the stubs (signatures from OpenHands 0.62.0 and openhands-sdk 1.0.0a6): the app's
conversation service names DenyListBashTool in the start request, the agent server resolves that name from its tool
registry, and the tool refuses a denied command before the shell sees it."""
import asyncio
import os
import types
import unittest

from conftest import DENY_COMMANDS
from openhands.app_server.app_conversation.live_status_app_conversation_service import (
    LiveStatusAppConversationServiceInjector,
)
from openhands.sdk.tool import registry
from openhands.sdk.tool.spec import Tool
from openhands.tools.execute_bash import ExecuteBashAction
from openhands_platform import sandbox_tool
from openhands_platform.runtime_name import DENY_LIST_TOOL
from openhands_platform.settings import ConfigError, PlatformSettings
from openhands_platform.v1_deny_list import (
    DenyListAppConversationService,
    DenyListAppConversationServiceInjector,
    with_deny_list_tool,
)

CONVERSATION = types.SimpleNamespace(workspace=types.SimpleNamespace(working_dir="/workspace/project"))


def start_request(injector):
    async def run():
        async for service in injector.inject(state=None):
            return service, await service._build_start_conversation_request_for_user(None, None, "/workspace/project")
    return asyncio.run(run())


class AppSideTest(unittest.TestCase):
    def test_the_start_request_asks_for_the_deny_list_shell_and_keeps_everything_else(self):
        stock = LiveStatusAppConversationServiceInjector(sandbox_startup_timeout=300)
        injector = DenyListAppConversationServiceInjector.replacing(stock, DENY_COMMANDS)
        self.assertEqual(300, injector.sandbox_startup_timeout)

        service, request = start_request(injector)

        self.assertIsInstance(service, DenyListAppConversationService)
        self.assertEqual(("https://openhands.example.com", 300), (service.web_url, service.sandbox_startup_timeout))
        self.assertEqual([DENY_LIST_TOOL, "FileEditorTool", "TaskTrackerTool", "BrowserToolSet"],
                         [t.name for t in request.agent.tools])
        self.assertEqual({"deny_commands": DENY_COMMANDS}, request.agent.tools[0].params)
        self.assertEqual("/workspace/project", request.workspace)
        # OpenHands' own injector still closes what it opened.
        self.assertEqual(1, injector.closed)

    def test_another_configured_conversation_service_is_refused_not_replaced(self):
        class Other(LiveStatusAppConversationServiceInjector):
            pass

        with self.assertRaisesRegex(ConfigError, "OH_APP_CONVERSATION_KIND"):
            DenyListAppConversationServiceInjector.replacing(Other(), DENY_COMMANDS)

    def test_an_agent_without_the_stock_shell_tool_does_not_start(self):
        from openhands.sdk.agent import Agent

        with self.assertRaisesRegex(RuntimeError, "no BashTool"):
            with_deny_list_tool(Agent(tools=[Tool(name="TerminalTool")]), DENY_COMMANDS)


class SandboxSideTest(unittest.TestCase):
    def setUp(self):
        registry._REG.pop(DENY_LIST_TOOL, None)
        self.addCleanup(registry._REG.pop, DENY_LIST_TOOL, None)
        stock = LiveStatusAppConversationServiceInjector()
        _, request = start_request(DenyListAppConversationServiceInjector.replacing(stock, DENY_COMMANDS))
        self.spec = request.agent.tools[0]

    def test_a_stock_agent_server_cannot_resolve_the_tool_so_the_conversation_fails_closed(self):
        with self.assertRaisesRegex(KeyError, DENY_LIST_TOOL):
            registry.resolve_tool(self.spec, CONVERSATION)

    def test_denied_commands_never_reach_the_shell_and_others_do(self):
        sandbox_tool.register()
        [tool] = registry.resolve_tool(self.spec, CONVERSATION)
        shell = tool.executor._inner
        self.assertEqual("/workspace/project", shell.options["working_dir"])

        for command in ("rm -rf /", 'r"m" -rf /', "sudo mkfs.ext4 /dev/xvda", "shutdown now"):
            observation = tool(ExecuteBashAction(command=command))
            self.assertTrue(observation.error, command)
            self.assertEqual(1, observation.exit_code)
            self.assertIn("was not run", observation.output)
        # Typed into a running program (is_input) is checked too.
        self.assertTrue(tool(ExecuteBashAction(command="rm -rf /", is_input=True)).error)
        self.assertEqual([], shell.ran)

        self.assertEqual("ran", tool(ExecuteBashAction(command="ls -la /workspace")).output)
        self.assertEqual(["ls -la /workspace"], shell.ran)
        tool.executor.close()
        self.assertTrue(shell.closed)

    def test_the_documented_limit_holds(self):
        # A command assembled at run time is not seen: the guard is for accidents and clumsy injections.
        sandbox_tool.register()
        [tool] = registry.resolve_tool(self.spec, CONVERSATION)
        self.assertFalse(tool(ExecuteBashAction(command="x=rm; $x -rf /")).error)

    def test_bad_parameters_name_what_is_wrong(self):
        with self.assertRaisesRegex(ValueError, "deny_commands must be a list"):
            sandbox_tool.create_deny_list_bash_tool(CONVERSATION, deny_commands="rm")
        with self.assertRaisesRegex(ConfigError, r"OHP_DENY_COMMANDS\[1\]"):
            sandbox_tool.create_deny_list_bash_tool(CONVERSATION, deny_commands=["ok", "("])


class SettingTest(unittest.TestCase):
    def test_off_by_default_tool_when_asked_and_anything_else_named(self):
        env = dict(os.environ)
        env.pop("OHP_V1_DENY_LIST", None)
        self.assertEqual("off", PlatformSettings.from_env(env).v1_deny_list)
        self.assertEqual("tool", PlatformSettings.from_env({**env, "OHP_V1_DENY_LIST": "tool"}).v1_deny_list)
        with self.assertRaisesRegex(ConfigError, "OHP_V1_DENY_LIST"):
            PlatformSettings.from_env({**env, "OHP_V1_DENY_LIST": "on"})


if __name__ == "__main__":
    unittest.main()
