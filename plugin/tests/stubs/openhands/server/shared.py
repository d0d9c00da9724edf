# openhands/server/shared.py (0.62.0): config, server_config and the store classes it names, nothing else.
from openhands.core.config.utils import load_openhands_config
from openhands.server.config.server_config import load_server_config
from openhands.storage.conversation.conversation_store import ConversationStore
from openhands.storage.secrets.secrets_store import SecretsStore
from openhands.storage.settings.settings_store import SettingsStore
from openhands.utils.import_utils import get_impl

config = load_openhands_config()
server_config = load_server_config()
SettingsStoreImpl = get_impl(SettingsStore, server_config.settings_store_class)
SecretsStoreImpl = get_impl(SecretsStore, server_config.secret_store_class)
ConversationStoreImpl = get_impl(ConversationStore, server_config.conversation_store_class)
