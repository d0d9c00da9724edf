import json
import os
import unittest

from openhands.events.action import CmdRunAction, IPythonRunCellAction
from openhands.events.observation import ErrorObservation
from openhands_platform.deny_list import DenyList
from openhands_platform.runtime import DenyListRemoteRuntime
from openhands_platform.settings import ConfigError

# The same list the tests' environment gives the runtime (conftest.py): rm -rf of the root, mkfs, shutdown.
PATTERNS = json.loads(os.environ["OHP_DENY_COMMANDS"])


class DenyListTest(unittest.TestCase):
    def setUp(self):
        self.deny = DenyList(PATTERNS)

    def test_plain_commands_are_denied(self):
        for command in ("rm -rf /", "sudo rm -fr / --no-preserve-root", "mkfs.ext4 /dev/xvda", "shutdown -h now",
                        "cd /tmp && rm -rf / ; echo done"):
            self.assertIsNotNone(self.deny.check(command), command)

    def test_cosmetic_variants_are_denied(self):
        for command in ('r"m" -rf /', "rm  \t -rf   /", "r\\m -rf /", "rm -rf \\\n /", "'shutdown' now",
                        "rm -r'f' /"):
            self.assertIsNotNone(self.deny.check(command), command)

    def test_ordinary_commands_pass(self):
        for command in ("rm -rf ./build", "rm -rf /tmp/x", "ls -la /", "echo rm", "git status"):
            self.assertIsNone(self.deny.check(command), command)

    def test_the_documented_limit_built_at_run_time_is_not_caught(self):
        # plugin/README.md says so: a regex over shell text cannot see what a command computes.
        for command in ("eval $(echo cm0gLXJmIC8= | base64 -d)", "x=rm; $x -rf /", "sh ./script-written-before.sh"):
            self.assertIsNone(self.deny.check(command), command)

    def test_the_match_names_the_entry(self):
        denied = self.deny.check("shutdown now")
        self.assertEqual(2, denied.index)
        self.assertIn("entry 2", self.deny.refusal(denied))

    def test_invalid_pattern_names_the_variable_and_index(self):
        with self.assertRaisesRegex(ConfigError, r"OHP_DENY_COMMANDS\[1\]"):
            DenyList(["ok", "(unclosed"])

    def test_empty_list_denies_nothing(self):
        self.assertFalse(DenyList(()))
        self.assertIsNone(DenyList(()).check("rm -rf /"))


class DenyListRemoteRuntimeTest(unittest.TestCase):
    """V0: a denied action never reaches the sandbox (RemoteRuntime.send_action_for_execution, stubbed)."""

    def setUp(self):
        self.runtime = DenyListRemoteRuntime(user_id="aaaaaaaa-1111-4111-8111-000000000001")

    def test_every_call_names_the_user_to_the_orchestrator(self):
        self.assertEqual({"X-API-Key": "stub-key", "X-OpenHands-User": "aaaaaaaa-1111-4111-8111-000000000001"},
                         self.runtime.session.headers)

    def test_a_runtime_without_a_user_is_refused(self):
        # The orchestrator would otherwise act for its default owner.
        with self.assertRaises(PermissionError):
            DenyListRemoteRuntime(user_id=None)

    def test_denied_command_is_answered_with_an_error_and_not_sent(self):
        observation = self.runtime.run(CmdRunAction("sudo rm -rf /"))
        self.assertIsInstance(observation, ErrorObservation)
        self.assertIn("deny-list", observation.content)
        self.assertEqual([], self.runtime.sent)

    def test_allowed_command_is_sent(self):
        observation = self.runtime.run(CmdRunAction("ls"))
        self.assertEqual("ran", observation.content)
        self.assertEqual([CmdRunAction("ls")], self.runtime.sent)

    def test_ipython_shell_escapes_are_checked(self):
        self.assertIsInstance(self.runtime.run_ipython(IPythonRunCellAction("!rm -rf /")), ErrorObservation)
        self.assertIsInstance(self.runtime.run_ipython(IPythonRunCellAction('import os\nos.system("shutdown now")')),
                              ErrorObservation)
        self.assertEqual([], self.runtime.sent)
        self.runtime.run_ipython(IPythonRunCellAction("print(1)"))
        self.assertEqual(1, len(self.runtime.sent))


if __name__ == "__main__":
    unittest.main()
