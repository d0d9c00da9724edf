"""What of contract_check.py runs without OpenHands: the signature comparison (against the stubs themselves, and
against classes that drifted) and its clear failure when OpenHands is not importable."""
import os
import subprocess
import sys
import unittest

import contract_check
from contract_check import CONTRACT, STUBS, check_default_specs, check_models, check_signatures, compare

PLUGIN = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Drifted:
    """RemoteRuntime as a later release might have it."""

    def run(self, action, timeout=None):
        pass

    @classmethod
    def run_ipython(cls, action):
        pass


class ContractCheckTest(unittest.TestCase):
    def test_the_stubs_match_themselves(self):
        # With tests/stubs on sys.path the "real" classes are the stubs: any difference is a parser bug.
        self.assertEqual([], check_signatures())

    def test_the_stub_models_and_default_specs_match_themselves(self):
        self.assertEqual([], check_models())
        self.assertEqual([], check_default_specs())

    def test_a_drifted_model_or_default_spec_is_reported(self):
        import dataclasses
        import openhands.app_server.sandbox.sandbox_spec_models as models
        import openhands.app_server.sandbox.remote_sandbox_spec_service as specs

        @dataclasses.dataclass(kw_only=True)
        class Later:
            id: str
            command: list[str] | None = None
            working_dir: str = "/workspace"

        original_model, original_specs = models.SandboxSpecInfo, specs.get_default_sandbox_specs
        try:
            models.SandboxSpecInfo = Later
            self.assertEqual(["openhands.app_server.sandbox.sandbox_spec_models.SandboxSpecInfo: OpenHands has fields"
                              " (id, command=, working_dir=), the stub has"
                              " (id, command, created_at=, initial_env=, working_dir=)"], check_models())
            models.SandboxSpecInfo = original_model
            specs.get_default_sandbox_specs = lambda: [Later(id="x", command=["/bin/agent"], working_dir="/w")]
            Later.initial_env = {}
            differences = check_default_specs()
            self.assertEqual(1, len(differences), differences)
            self.assertIn("get_default_sandbox_specs: OpenHands returns [(['/bin/agent'], {}, '/w')]", differences[0])
        finally:
            models.SandboxSpecInfo, specs.get_default_sandbox_specs = original_model, original_specs

    def test_every_contract_member_exists_in_its_stub(self):
        for stub_file, class_name, members in CONTRACT:
            found = contract_check.stub_signatures(STUBS, stub_file, class_name)
            self.assertEqual([], [m for m in members if m not in found], stub_file)

    def test_drift_is_reported_with_both_signatures(self):
        differences = compare(STUBS, "openhands/runtime/impl/remote/remote_runtime.py", "RemoteRuntime",
                              ("run", "run_ipython"), Drifted)
        self.assertEqual(1, len(differences), differences)
        self.assertIn("RemoteRuntime.run: OpenHands has (action, timeout=), the stub has (action)", differences[0])

    def test_a_member_missing_from_openhands_is_reported(self):
        differences = compare(STUBS, "openhands/runtime/impl/remote/remote_runtime.py", "RemoteRuntime",
                              ("run",), object)
        self.assertEqual(["openhands.runtime.impl.remote.remote_runtime.RemoteRuntime.run: missing from OpenHands"],
                         differences)

    def test_without_openhands_it_fails_clearly(self):
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        result = subprocess.run([sys.executable, os.path.join(PLUGIN, "contract_check.py")], env=env,
                                capture_output=True, text=True, timeout=60, cwd="/")
        self.assertEqual(2, result.returncode, result.stderr)
        self.assertIn("OpenHands is not importable here", result.stderr)
        self.assertIn("inside the app image", result.stderr)


if __name__ == "__main__":
    unittest.main()
