# openhands/storage/__init__.py (0.62.0): get_file_store(...). The stub's 'memory' store is one per process, as
# an S3 bucket is one for every task, so stores built for different users see the same objects.
from openhands.storage.files import FileStore
from openhands.storage.memory import InMemoryFileStore

SHARED_MEMORY_STORE = InMemoryFileStore()


def get_file_store(
    file_store_type: str,
    file_store_path: str | None = None,
    file_store_web_hook_url: str | None = None,
    file_store_web_hook_headers: dict | None = None,
    file_store_web_hook_batch: bool = False,
) -> FileStore:
    assert file_store_type == 'memory'
    return SHARED_MEMORY_STORE
