"""X-OpenHands-User on V1's calls to the orchestrator, from the identity the ALB middleware verified."""
import asyncio
import unittest

from openhands_platform.alb_auth import Identity
from openhands_platform.middleware import current_identity
from openhands_platform.orchestrator_user import HEADER, request_hook, user_headers

API = "http://orchestrator.openhands.internal:8080"
A = "aaaaaaaa-1111-4111-8111-000000000001"


class FakeRequest:
    """The two attributes of httpx.Request the hook uses (url, a mutable headers mapping)."""

    def __init__(self, url, headers=None):
        self.url = url
        self.headers = dict(headers or {})


def send(url, identity, headers=None, owner_of=None):
    request = FakeRequest(url, headers)

    async def scenario():
        token = current_identity.set(identity)
        try:
            await request_hook(API + "/", owner_of)(request)
        finally:
            current_identity.reset(token)

    asyncio.run(scenario())
    return request.headers


class OrchestratorUserTest(unittest.TestCase):
    def test_orchestrator_calls_carry_the_user(self):
        self.assertEqual({HEADER: A, "X-API-Key": "k"}, send(API + "/start", Identity(A, None), {"X-API-Key": "k"}))

    def test_other_hosts_never_see_the_user(self):
        self.assertEqual({}, send("https://api.github.com/user", Identity(A, None)))
        self.assertEqual({}, send(API + ".evil.example/start", Identity(A, None)))

    def test_without_identity_no_user_is_claimed_and_a_forged_one_is_removed(self):
        self.assertEqual({}, send(API + "/list", None, {HEADER: "someone-else"}))

    def test_webhook_reads_of_one_sandbox_name_its_recorded_owner(self):
        owners = {"sb-1": A}
        lookups = []

        async def owner_of(sandbox_id):
            lookups.append(sandbox_id)
            return owners.get(sandbox_id)

        self.assertEqual({HEADER: A}, send(API + "/sessions/sb-1", None, owner_of=owner_of))
        self.assertEqual({}, send(API + "/sessions/unknown", None, owner_of=owner_of))
        self.assertEqual({}, send(API + "/list", None, owner_of=owner_of))
        self.assertEqual({}, send(API + "/sessions/sb-1/../../x", None, owner_of=owner_of))
        self.assertEqual(["sb-1", "unknown"], lookups)

    def test_a_missing_or_malformed_user_is_refused(self):
        for bad in (None, "", "a b", "../x"):
            with self.assertRaises(PermissionError, msg=repr(bad)):
                user_headers(bad)


if __name__ == "__main__":
    unittest.main()
