"""Two users through the plugin's UserAuth and stores, on the stub of OpenHands 0.62.0's file stores and one shared
file store (as S3 is shared by every task): neither can list or read the other's conversations, settings or
secrets, and nothing ever answers a user id of None."""
import asyncio
import unittest

from fastapi import Request

from openhands.core.config.utils import load_openhands_config
from openhands.server import shared
from openhands.storage import SHARED_MEMORY_STORE
from openhands.storage.data_models.conversation_metadata import ConversationMetadata
from openhands.storage.data_models.secrets import Secrets
from openhands.storage.data_models.settings import Settings
from openhands_platform.alb_auth import AuthError, Identity
from openhands_platform.conversation_validator import PlatformConversationValidator
from openhands_platform.middleware import STATE_KEY, current_identity
from openhands_platform.stores import PerUserFileConversationStore, PerUserFileSecretsStore, PerUserFileSettingsStore
from openhands_platform.user_auth import AlbUserAuth

A = "aaaaaaaa-1111-4111-8111-000000000001"
B = "bbbbbbbb-2222-4222-8222-000000000002"


def run(coro):
    return asyncio.run(coro)


async def auth_for(user_id):
    return await AlbUserAuth.get_instance(Request({"state": {STATE_KEY: Identity(user_id, None)}}))


class UserIsolationTest(unittest.TestCase):
    def setUp(self):
        SHARED_MEMORY_STORE.files.clear()

    def test_openhands_loads_the_plugin_classes_from_the_server_config(self):
        self.assertIs(shared.SettingsStoreImpl, PerUserFileSettingsStore)
        self.assertIs(shared.SecretsStoreImpl, PerUserFileSecretsStore)
        self.assertIs(shared.ConversationStoreImpl, PerUserFileConversationStore)
        self.assertEqual("openhands_platform.user_auth.AlbUserAuth", shared.server_config.user_auth_class)

    def test_settings_are_per_user_and_new_users_get_the_defaults(self):
        async def scenario():
            a, b = await auth_for(A), await auth_for(B)
            await (await a.get_user_settings_store()).store(Settings(llm_model="bedrock/a-private-model",
                                                                     confirmation_mode=False))
            return await (await auth_for(A)).get_user_settings(), await b.get_user_settings()

        a_settings, b_settings = run(scenario())
        self.assertEqual("bedrock/a-private-model", a_settings.llm_model)
        self.assertEqual("bedrock/eu.anthropic.claude-sonnet-4-20250514-v1:0", b_settings.llm_model)
        self.assertTrue(b_settings.confirmation_mode)
        self.assertEqual({f"users/{A}/settings.json"}, set(SHARED_MEMORY_STORE.files))

    def test_secrets_are_per_user(self):
        async def scenario():
            a, b = await auth_for(A), await auth_for(B)
            await (await a.get_secrets_store()).store(Secrets(custom_secrets={"GITHUB": "a-secret"}))
            return await (await auth_for(A)).get_secrets(), await b.get_secrets()

        a_secrets, b_secrets = run(scenario())
        self.assertEqual({"GITHUB": "a-secret"}, a_secrets.custom_secrets)
        self.assertIsNone(b_secrets)
        self.assertNotIn("secrets.json", SHARED_MEMORY_STORE.files, "the shared secrets file must stay unused")

    def test_conversations_are_per_user(self):
        config = load_openhands_config()

        async def scenario():
            store_a = await PerUserFileConversationStore.get_instance(config, A)
            store_b = await PerUserFileConversationStore.get_instance(config, B)
            await store_a.save_metadata(ConversationMetadata("conv-a", None, user_id=A, title="A's"))
            await store_b.save_metadata(ConversationMetadata("conv-b", None, user_id=B, title="B's"))
            listed_a = [c.conversation_id for c in (await store_a.search()).results]
            listed_b = [c.conversation_id for c in (await store_b.search()).results]
            with self.assertRaises(FileNotFoundError):
                await store_b.get_metadata("conv-a")
            self.assertFalse(await store_b.exists("conv-a"))
            await store_b.delete_metadata("conv-a")
            self.assertTrue(await store_a.exists("conv-a"), "B's delete must not touch A's conversation")
            return listed_a, listed_b

        listed_a, listed_b = run(scenario())
        self.assertEqual(["conv-a"], listed_a)
        self.assertEqual(["conv-b"], listed_b)
        # The metadata sits where OpenHands writes the same user's events (storage/locations.py).
        self.assertIn(f"users/{A}/conversations/conv-a/metadata.json", SHARED_MEMORY_STORE.files)

    def test_user_id_is_never_none(self):
        with self.assertRaises(AuthError):
            run(AlbUserAuth.get_instance(Request({})))
        with self.assertRaises(PermissionError):
            run(AlbUserAuth(user_id="").get_user_id())
        config = load_openhands_config()
        for store in (PerUserFileSettingsStore, PerUserFileSecretsStore, PerUserFileConversationStore):
            with self.assertRaises(PermissionError, msg=store.__name__):
                run(store.get_instance(config, None))
            with self.assertRaises(PermissionError, msg=store.__name__):
                run(store.get_instance(config, "../" + A))

    def test_get_for_user_serves_the_named_user(self):
        self.assertEqual(B, run(_user_id_of(AlbUserAuth.get_for_user(B))))
        with self.assertRaises(PermissionError):
            run(AlbUserAuth.get_for_user(""))


async def _user_id_of(auth_coro):
    return await (await auth_coro).get_user_id()


class ConversationValidatorTest(unittest.TestCase):
    """V0's Socket.IO join: only the owner of an existing conversation gets in."""

    def setUp(self):
        SHARED_MEMORY_STORE.files.clear()
        store = run(PerUserFileConversationStore.get_instance(load_openhands_config(), A))
        run(store.save_metadata(ConversationMetadata("conv-a", None, user_id=A)))

    def validate_as(self, identity, conversation_id):
        async def scenario():
            token = current_identity.set(identity)
            try:
                return await PlatformConversationValidator().validate(conversation_id, "")
            finally:
                current_identity.reset(token)

        return run(scenario())

    def test_owner_joins(self):
        self.assertEqual(A, self.validate_as(Identity(A, None), "conv-a"))

    def test_other_user_is_refused_and_no_stub_is_created(self):
        before = dict(SHARED_MEMORY_STORE.files)
        with self.assertRaises(ConnectionRefusedError):
            self.validate_as(Identity(B, None), "conv-a")
        self.assertEqual(before, SHARED_MEMORY_STORE.files)

    def test_metadata_naming_another_owner_is_refused_even_in_the_users_folder(self):
        # E.g. metadata copied between folders by hand: the recorded owner wins over the path.
        store = run(PerUserFileConversationStore.get_instance(load_openhands_config(), B))
        run(store.save_metadata(ConversationMetadata("conv-moved", None, user_id=A)))
        with self.assertRaises(ConnectionRefusedError):
            self.validate_as(Identity(B, None), "conv-moved")

    def test_no_identity_is_refused(self):
        with self.assertRaises(ConnectionRefusedError):
            self.validate_as(None, "conv-a")


if __name__ == "__main__":
    unittest.main()
