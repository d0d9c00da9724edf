"""The V1 deny-list end to end on the stubs (signatures from OpenHands 0.62.0 and openhands-sdk 1.0.0a6): the app's
conversation service names DenyListBashTool in the start request, the agent server resolves that name from its tool
registry, and the tool refuses a denied command before the shell sees it."""
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
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


PLUGIN = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUBS = os.path.join(PLUGIN, "tests", "stubs")


class EntryTest(unittest.TestCase):
    """The derived image's ENTRYPOINT, run as a process in the image's layout (plugin/sandbox.Containerfile:
    /opt/ohp/agent_server_entry.py beside /opt/ohp/openhands_platform, OpenHands installed in the agent server's
    Python; here the stubs, whose `openhands.agent_server` reports its arguments and the registered tools)."""

    @classmethod
    def setUpClass(cls):
        cls.opt = tempfile.mkdtemp(prefix="ohp-opt-")
        shutil.copytree(os.path.join(PLUGIN, "openhands_platform"), os.path.join(cls.opt, "openhands_platform"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(os.path.join(PLUGIN, "openhands_platform", "agent_server_entry.py"), cls.opt)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.opt)

    def run_server(self, *command):
        # Only the stubs on the path, as only OpenHands is in the agent server's environment: the entry must find
        # openhands_platform beside itself.
        env = {"PATH": os.environ.get("PATH", "/usr/bin"), "PYTHONPATH": STUBS}
        return subprocess.run([sys.executable, *command], env=env, cwd="/", capture_output=True, text=True, timeout=60)

    def started(self, *command):
        done = self.run_server(*command)
        self.assertEqual(0, done.returncode, done.stderr)
        return json.loads(done.stdout)

    def test_the_entry_registers_the_tool_then_runs_the_stock_server_with_its_arguments_unchanged(self):
        server = self.started(os.path.join(self.opt, "agent_server_entry.py"), "--port", "60000", "--host", "0.0.0.0")

        self.assertEqual(["--port", "60000", "--host", "0.0.0.0"], server["argv"])
        self.assertEqual(60000, server["port"])
        self.assertIn(DENY_LIST_TOOL, server["tools"])

    def test_as_ecs_starts_it_the_specs_command_through_the_templates_entry_point_reaches_the_entry(self):
        # The task template's entryPoint (SandboxTaskTemplate.ENTRY_POINT) with OpenHands' spec command: the program
        # path is the image's script (made here exactly as sandbox.Containerfile writes it), which runs the entry.
        with open(os.path.join(PLUGIN, "sandbox.Containerfile")) as f:
            script = re.search(r"printf '(#!/bin/sh\\n[^']*)' > /usr/local/bin/openhands-agent-server", f.read()).group(1)
        script = (script.replace("\\n", "\n").replace("/agent-server/.venv/bin/python", sys.executable)
                  .replace("/opt/ohp", self.opt))
        program = os.path.join(self.opt, "openhands-agent-server")
        with open(program, "w") as f:
            f.write(script)
        os.chmod(program, 0o755)
        env = {"PATH": os.environ.get("PATH", "/usr/bin"), "PYTHONPATH": STUBS}
        done = subprocess.run(["/usr/bin/env", "--", program, "--port", "60000"], env=env, cwd="/",
                              capture_output=True, text=True, timeout=60)

        self.assertEqual(0, done.returncode, done.stderr)
        server = json.loads(done.stdout)
        self.assertEqual(["--port", "60000"], server["argv"])
        self.assertIn(DENY_LIST_TOOL, server["tools"])

    def test_a_leading_stock_program_path_is_tolerated_and_not_passed_on(self):
        # A runtime that appends the command to the image's ENTRYPOINT (ECS without the template's entry point,
        # docker run <image> <command>) hands the entry /usr/local/bin/openhands-agent-server --port 60000.
        server = self.started(os.path.join(self.opt, "agent_server_entry.py"), "/usr/local/bin/openhands-agent-server",
                              "--port", "60000")

        self.assertEqual(["--port", "60000"], server["argv"])
        self.assertIn(DENY_LIST_TOOL, server["tools"])

    def test_the_stock_server_alone_has_no_deny_list_tool_and_other_arguments_still_fail(self):
        self.assertNotIn(DENY_LIST_TOOL, self.started("-m", "openhands.agent_server", "--port", "60000")["tools"])
        refused = self.run_server(os.path.join(self.opt, "agent_server_entry.py"), "/bin/sh", "--port", "60000")
        self.assertEqual(2, refused.returncode)
        self.assertIn("unrecognized arguments: /bin/sh", refused.stderr)

    def test_the_image_runs_this_entry_and_the_stock_program_path_runs_it_too(self):
        with open(os.path.join(PLUGIN, "sandbox.Containerfile")) as f:
            containerfile = f.read()
        self.assertIn('ENTRYPOINT ["/agent-server/.venv/bin/python", "/opt/ohp/agent_server_entry.py"]', containerfile)
        self.assertIn("COPY --chown=root:root openhands_platform/agent_server_entry.py /opt/ohp/agent_server_entry.py",
                      containerfile)
        # Whatever runs the stock program by its path (a runtime that treats the command as the entrypoint) gets the
        # entry as well.
        self.assertIn("> /usr/local/bin/openhands-agent-server", containerfile)
        self.assertIn('exec /agent-server/.venv/bin/python /opt/ohp/agent_server_entry.py "$@"', containerfile)


if __name__ == "__main__":
    unittest.main()
