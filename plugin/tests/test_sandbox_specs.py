"""The app's V1 sandbox specs (openhands_platform/sandbox_specs.py) on the 0.62.0 stubs: OpenHands' default spec
once per configured image, in order, and a clear refusal of a missing or malformed OHP_SANDBOX_IMAGES."""
import json
import unittest

from openhands.app_server.sandbox.remote_sandbox_spec_service import get_default_sandbox_specs
from openhands.app_server.sandbox.sandbox_spec_service import AGENT_SERVER_IMAGE

from openhands_platform.sandbox_specs import IMAGES_VARIABLE, configured_sandbox_specs, sandbox_images
from openhands_platform.settings import ConfigError

DERIVED = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/agent-server:d5995c3-source-ohp-1c4ad58"
OTHER = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/agent-server:a612c0a-source-ohp-1c4ad58"


class ConfiguredSpecsTest(unittest.TestCase):
    def test_each_image_gets_openhands_default_spec_in_the_configured_order(self):
        specs = configured_sandbox_specs(sandbox_images({IMAGES_VARIABLE: json.dumps([OTHER, DERIVED])}))

        default = get_default_sandbox_specs()[0]
        self.assertEqual([OTHER, DERIVED], [spec.id for spec in specs])  # the first is the app's default spec
        for spec in specs:
            self.assertEqual(['/usr/local/bin/openhands-agent-server', '--port', '60000'], spec.command)
            self.assertEqual(default.command, spec.command)
            self.assertEqual(default.initial_env, spec.initial_env)
            self.assertEqual('/workspace/project', spec.working_dir)
        self.assertNotIn(AGENT_SERVER_IMAGE, [spec.id for spec in specs])

    def test_the_specs_do_not_share_their_lists(self):
        first, second = configured_sandbox_specs([OTHER, DERIVED])
        first.command.append("--debug")
        first.initial_env["X"] = "1"
        self.assertEqual(['/usr/local/bin/openhands-agent-server', '--port', '60000'], second.command)
        self.assertNotIn("X", second.initial_env)
        self.assertNotIn("X", get_default_sandbox_specs()[0].initial_env)


class ImagesVariableTest(unittest.TestCase):
    def refused(self, environ, message):
        with self.assertRaises(ConfigError) as raised:
            sandbox_images(environ)
        self.assertIn(IMAGES_VARIABLE, str(raised.exception))
        self.assertIn(message, str(raised.exception))
        self.assertIn("sandbox.images", str(raised.exception))

    def test_missing_or_empty_fails_closed(self):
        self.refused({}, "is not set")
        self.refused({IMAGES_VARIABLE: "  "}, "is not set")
        self.refused({IMAGES_VARIABLE: "[]"}, "non-empty JSON array")

    def test_malformed_values_are_refused(self):
        self.refused({IMAGES_VARIABLE: DERIVED}, "is not JSON")
        self.refused({IMAGES_VARIABLE: json.dumps({"image": DERIVED})}, "non-empty JSON array")
        self.refused({IMAGES_VARIABLE: json.dumps([DERIVED, 7])}, "non-empty JSON array")
        self.refused({IMAGES_VARIABLE: json.dumps([DERIVED, ""])}, "non-empty JSON array")
        self.refused({IMAGES_VARIABLE: json.dumps([" " + DERIVED])}, "non-empty JSON array")
        self.refused({IMAGES_VARIABLE: json.dumps([DERIVED, DERIVED])}, "names an image twice")

    def test_the_order_is_kept(self):
        self.assertEqual([OTHER, DERIVED], sandbox_images({IMAGES_VARIABLE: json.dumps([OTHER, DERIVED])}))


if __name__ == "__main__":
    unittest.main()
