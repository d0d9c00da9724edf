"""scripts/build-sandbox-image.sh in its dry-run mode (no container engine on these machines): the exact commands it
would run, the tag it prints for sandbox.images, and its refusals of bad input."""
import os
import re
import subprocess
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "build-sandbox-image.sh")
REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"


def build(*args, cli="podman"):
    env = {**os.environ, "CONTAINER_CLI": cli}
    return subprocess.run(["bash", SCRIPT, *args], env=env, cwd="/", capture_output=True, text=True, timeout=60)


def plugin_commit():
    return subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h", "--abbrev=7", "--", "plugin"],
                          capture_output=True, text=True, check=True).stdout.strip()


class DryRunTest(unittest.TestCase):
    def test_tests_then_an_arm64_build_from_the_mirrored_python_build_then_the_push(self):
        done = build("--account", "123456789012", "--region", "eu-west-1", "--base-tag", "1.0.0-python", "--push",
                     "--dry-run", cli="docker")
        self.assertEqual(0, done.returncode, done.stderr)

        lines = done.stdout.splitlines()
        context = re.fullmatch(r"\+ docker build .* (\S+)", lines[2]).group(1)
        target = f"{REGISTRY}/openhands/agent-server:1.0.0-python-ohp-{plugin_commit()}"
        self.assertEqual([
            f"+ /usr/bin/python3 -m pytest -q -p no:cacheprovider {ROOT}/plugin/tests",
            f"+ aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin {REGISTRY}",
            f"+ docker build --platform linux/arm64 --build-arg BASE_IMAGE={REGISTRY}/openhands/agent-server:1.0.0-python"
            f" -f {ROOT}/plugin/sandbox.Containerfile -t {target} {context}",
            f"+ docker push {target}",
            target,
        ], lines)
        # The context was the committed package, and it is gone.
        self.assertFalse(os.path.exists(context))
        self.assertIn('sandbox.denyList "tool"', done.stderr)

    def test_without_push_nothing_logs_in_or_pushes_and_the_repository_can_be_named(self):
        done = build("--account", "123456789012", "--region", "eu-west-1", "--base-tag", "1.0.0-python",
                     "--repository", "sandboxes/agent", "--dry-run")
        self.assertEqual(0, done.returncode, done.stderr)
        commands = [line.split()[1] + " " + line.split()[2] for line in done.stdout.splitlines() if line.startswith("+ ")]
        self.assertEqual(["/usr/bin/python3 -m", "podman build"], commands)
        self.assertEqual(f"{REGISTRY}/sandboxes/agent:1.0.0-python-ohp-{plugin_commit()}", done.stdout.splitlines()[-1])


class BadInputTest(unittest.TestCase):
    GOOD = {"--account": "123456789012", "--region": "eu-west-1", "--base-tag": "1.0.0-python"}

    def refused(self, message, **changes):
        options = {**self.GOOD, **changes}
        args = [part for name, value in options.items() if value is not None for part in (name, value)]
        done = build(*args, "--dry-run")
        self.assertEqual(2, done.returncode, done.stdout)
        self.assertIn(message, done.stderr)
        self.assertEqual("", done.stdout)

    def test_each_option_is_checked_by_name(self):
        self.refused("--account must be a 12-digit AWS account id", **{"--account": "12345"})
        self.refused("--region must be an AWS region", **{"--region": "Ireland"})
        self.refused("--base-tag must name the mirrored agent-server image's Python build", **{"--base-tag": None})
        self.refused("--repository must be an ECR repository name", **{"--repository": "Bad Name"})

    def test_a_derived_image_is_not_a_base(self):
        self.refused("is already a derived image", **{"--base-tag": "1.0.0-python-ohp-cab8da1"})

    def test_a_real_build_needs_the_container_engine(self):
        done = build("--account", "123456789012", "--region", "eu-west-1", "--base-tag", "1.0.0-python",
                     cli="no-such-engine")
        self.assertEqual(1, done.returncode)
        self.assertIn("no-such-engine is missing: apt-get install podman (or set CONTAINER_CLI=docker)", done.stderr)


if __name__ == "__main__":
    unittest.main()
