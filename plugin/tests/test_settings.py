import os
import unittest
from unittest import mock

from conftest import ENV
from openhands_platform.settings import ConfigError, PlatformSettings


class PlatformSettingsTest(unittest.TestCase):
    def test_the_contract_environment_parses(self):
        settings = PlatformSettings.from_env(ENV)
        self.assertEqual("eu-west-1", settings.region)
        self.assertTrue(settings.confirmation_mode)
        self.assertEqual(3, len(settings.deny_commands))

    def test_each_missing_variable_is_named(self):
        for name in ("OHP_AWS_REGION", "OHP_ALB_ARN", "OHP_OIDC_ISSUER", "OHP_OIDC_CLIENT_ID", "OHP_DEFAULT_LLM_MODEL"):
            env = {k: v for k, v in ENV.items() if k != name}
            with self.assertRaisesRegex(ConfigError, f"^{name} is not set"):
                PlatformSettings.from_env(env)

    def test_malformed_values_are_named(self):
        cases = {
            "OHP_ALB_ARN": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/1",
            "OHP_OIDC_ISSUER": "http://cognito-idp.eu-west-1.amazonaws.com/pool",
            "OHP_AWS_REGION": "Ireland",
            "OHP_CONFIRMATION_MODE": "yes",
            "OHP_DENY_COMMANDS": '["ok", 3]',
        }
        for name, value in cases.items():
            with self.assertRaisesRegex(ConfigError, name, msg=name):
                PlatformSettings.from_env({**ENV, name: value})
        with self.assertRaisesRegex(ConfigError, "OHP_DENY_COMMANDS is not JSON"):
            PlatformSettings.from_env({**ENV, "OHP_DENY_COMMANDS": "rm -rf /"})

    def test_confirmation_mode_defaults_to_on_and_can_be_turned_off(self):
        env = {k: v for k, v in ENV.items() if k != "OHP_CONFIRMATION_MODE"}
        self.assertTrue(PlatformSettings.from_env(env).confirmation_mode)
        self.assertFalse(PlatformSettings.from_env({**env, "OHP_CONFIRMATION_MODE": "false"}).confirmation_mode)
        self.assertEqual((), PlatformSettings.from_env({**env, "OHP_DENY_COMMANDS": ""}).deny_commands)


class PlatformServerConfigTest(unittest.TestCase):
    def test_verify_config_accepts_the_contract(self):
        from openhands_platform.server_config import PlatformServerConfig

        PlatformServerConfig().verify_config()

    def test_verify_config_stops_the_start_with_the_variable_name(self):
        from openhands_platform.server_config import PlatformServerConfig

        with mock.patch.dict(os.environ, {"OHP_ALB_ARN": ""}):
            with self.assertRaisesRegex(ConfigError, "OHP_ALB_ARN"):
                PlatformServerConfig().verify_config()
        with mock.patch.dict(os.environ, {"OHP_DENY_COMMANDS": '["("]'}):
            with self.assertRaisesRegex(ConfigError, r"OHP_DENY_COMMANDS\[0\]"):
                PlatformServerConfig().verify_config()

    def test_the_base_class_would_refuse_the_variable(self):
        # Why the subclass overrides verify_config (openhands/server/config/server_config.py at 0.62.0).
        from openhands.server.config.server_config import ServerConfig

        with self.assertRaisesRegex(ValueError, "Unexpected config path"):
            ServerConfig().verify_config()

    def test_class_path_has_no_saas_so_openhands_runs_its_migrations(self):
        # app_server/config.py _get_default_lifespan skips the OSS Alembic migrations for a "saas" class path.
        from openhands_platform.server_config import CONFIG_CLS

        self.assertNotIn("saas", CONFIG_CLS.lower())
        self.assertEqual(CONFIG_CLS, ENV["OPENHANDS_CONFIG_CLS"])


if __name__ == "__main__":
    unittest.main()
