"""scripts/build-sandbox-image.sh in its dry-run mode (no container engine on these machines), against a throwaway
software-agent-sdk clone: the exact commands it would run, the tag it prints for sandbox.images, and its refusals of bad input."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "build-sandbox-image.sh")
REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"


SDK_DOCKERFILE = "openhands-agent-server/openhands/agent_server/docker/Dockerfile"
# The shape of software-agent-sdk at the pinned commit: the Dockerfile's source target and the workflow's variants
# (the python variant's base differs from the Dockerfile's default, as it did upstream; the script must take the
# workflow's).
DOCKERFILE = """ARG BASE_IMAGE=nikolaik/python-nodejs:python3.12-nodejs22
FROM python:3.12-bullseye AS builder
FROM ${BASE_IMAGE} AS base-image
FROM base-image AS source
ENTRYPOINT ["/agent-server/.venv/bin/python", "-m", "openhands.agent_server"]
FROM base-image AS binary
"""
WORKFLOW = """jobs:
    build-and-push-image:
        strategy:
            matrix:
                include:
                    - variant: golang
                      arch: arm64
                      base_image: golang:1.21-bookworm
                    - variant: python
                      arch: amd64
                      base_image: nikolaik/python-nodejs:python3.12-nodejs22-slim
                      platform: linux/amd64
                    - variant: java
                      base_image: eclipse-temurin:17-jdk
        env:
            TARGET: binary
"""


def git(checkout, *args):
    return subprocess.run(["git", "-C", checkout, *args], capture_output=True, text=True, check=True).stdout.strip()


def sdk_checkout(files):
    """A software-agent-sdk clone holding `files` at its one commit (returned with the checkout's path)."""
    checkout = tempfile.mkdtemp(prefix="sdk-")
    git(checkout, "init", "-q")
    for path, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(checkout, path)), exist_ok=True)
        with open(os.path.join(checkout, path), "w") as out:
            out.write(text)
    git(checkout, "add", ".")
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "sdk")
    return checkout, git(checkout, "rev-parse", "HEAD")


def build(*args, cli="podman"):
    env = {**os.environ, "CONTAINER_CLI": cli}
    return subprocess.run(["bash", SCRIPT, *args], env=env, cwd="/", capture_output=True, text=True, timeout=60)


def plugin_commit():
    return subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h", "--abbrev=7", "--", "plugin"],
                          capture_output=True, text=True, check=True).stdout.strip()


class DryRunTest(unittest.TestCase):
    def setUp(self):
        self.sdk, self.sdk_commit = sdk_checkout({SDK_DOCKERFILE: DOCKERFILE, ".github/workflows/server.yml": WORKFLOW})
        self.addCleanup(shutil.rmtree, self.sdk)

    def test_tests_then_the_sdk_source_target_then_the_derived_image_then_the_push(self):
        done = build("--account", "123456789012", "--region", "eu-west-1", "--sdk-checkout", self.sdk,
                     "--sdk-ref", self.sdk_commit, "--push", "--dry-run", cli="docker")
        self.assertEqual(0, done.returncode, done.stderr)

        lines = done.stdout.splitlines()
        work = os.path.dirname(re.fullmatch(r"\+ docker build .* (\S+)", lines[2]).group(1))
        short = self.sdk_commit[:7]
        base = f"localhost/openhands-agent-server:{short}-source"
        target = f"{REGISTRY}/openhands/agent-server:{short}-source-ohp-{plugin_commit()}"
        self.assertEqual([
            f"+ /usr/bin/python3 -m pytest -q -p no:cacheprovider {ROOT}/plugin/tests",
            f"+ aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin {REGISTRY}",
            # The Python build, from the sdk at the commit, on the base its workflow gives the python variant.
            f"+ docker build --platform linux/arm64 --target source"
            f" --build-arg BASE_IMAGE=nikolaik/python-nodejs:python3.12-nodejs22-slim"
            f" --build-arg OPENHANDS_BUILD_GIT_SHA={self.sdk_commit}"
            f" -f {work}/sdk/{SDK_DOCKERFILE} -t {base} {work}/sdk",
            f"+ docker build --platform linux/arm64 --build-arg BASE_IMAGE={base}"
            f" -f {ROOT}/plugin/sandbox.Containerfile -t {target} {work}/plugin",
            f"+ docker push {target}",
            target,
        ], lines)
        # Both contexts were committed trees, and they are gone.
        self.assertFalse(os.path.exists(work))
        self.assertIn('sandbox.denyList "tool"', done.stderr)

    def test_without_push_nothing_logs_in_or_pushes_and_the_repository_can_be_named(self):
        done = build("--account", "123456789012", "--region", "eu-west-1", "--sdk-checkout", self.sdk,
                     "--sdk-ref", "HEAD", "--repository", "sandboxes/agent", "--dry-run")
        self.assertEqual(0, done.returncode, done.stderr)
        commands = [line.split()[1] + " " + line.split()[2] for line in done.stdout.splitlines() if line.startswith("+ ")]
        self.assertEqual(["/usr/bin/python3 -m", "podman build", "podman build"], commands)
        self.assertEqual(f"{REGISTRY}/sandboxes/agent:{self.sdk_commit[:7]}-source-ohp-{plugin_commit()}",
                         done.stdout.splitlines()[-1])

    def test_without_an_sdk_ref_it_asks_for_the_one_the_apps_release_names(self):
        # No default: the agent server must match the app's OpenHands release (0.62.0 names d5995c3).
        done = build("--account", "123456789012", "--region", "eu-west-1", "--sdk-checkout", self.sdk, "--dry-run")
        self.assertEqual(2, done.returncode)
        self.assertIn("--sdk-ref must name the agent-server commit the app's OpenHands release names", done.stderr)
        self.assertIn("AGENT_SERVER_IMAGE in openhands/app_server/sandbox/sandbox_spec_service.py", done.stderr)
        self.assertEqual("", done.stdout)


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.sdk, _ = sdk_checkout({SDK_DOCKERFILE: DOCKERFILE, ".github/workflows/server.yml": WORKFLOW})
        self.addCleanup(shutil.rmtree, self.sdk)
        self.good = {"--account": "123456789012", "--region": "eu-west-1", "--sdk-checkout": self.sdk,
                     "--sdk-ref": "HEAD"}

    def refused(self, message, **changes):
        options = {**self.good, **changes}
        args = [part for name, value in options.items() if value is not None for part in (name, value)]
        done = build(*args, "--dry-run")
        self.assertEqual(2, done.returncode, done.stdout)
        self.assertIn(message, done.stderr)
        self.assertEqual("", done.stdout)

    def test_each_option_is_checked_by_name(self):
        self.refused("--account must be a 12-digit AWS account id", **{"--account": "12345"})
        self.refused("--region must be an AWS region", **{"--region": "Ireland"})
        self.refused("--repository must be an ECR repository name", **{"--repository": "Bad Name"})
        self.refused("--sdk-checkout must name a software-agent-sdk clone", **{"--sdk-checkout": None})
        self.refused("--sdk-checkout /nonexistent is not a git checkout", **{"--sdk-checkout": "/nonexistent"})
        self.refused("--sdk-ref v9.9.9 is not a commit of", **{"--sdk-ref": "v9.9.9"})

    def test_an_sdk_tree_without_the_source_target_or_the_python_base_is_refused(self):
        for files, message in [
            ({"README.md": "x"}, f"has no {SDK_DOCKERFILE}: not an agent-server source tree"),
            ({SDK_DOCKERFILE: DOCKERFILE.replace(" AS source", " AS src"), ".github/workflows/server.yml": WORKFLOW},
             "has no 'source' target"),
            ({SDK_DOCKERFILE: DOCKERFILE, ".github/workflows/server.yml": WORKFLOW.replace("variant: python", "variant: py")},
             "names no base_image for the python variant"),
        ]:
            with self.subTest(message=message):
                checkout, _ = sdk_checkout(files)
                self.addCleanup(shutil.rmtree, checkout)
                self.refused(message, **{"--sdk-checkout": checkout})

    def test_a_real_build_needs_the_container_engine(self):
        args = [part for item in self.good.items() for part in item]
        done = build(*args, cli="no-such-engine")
        self.assertEqual(1, done.returncode)
        self.assertIn("no-such-engine is missing: apt-get install podman (or set CONTAINER_CLI=docker)", done.stderr)


if __name__ == "__main__":
    unittest.main()
