# openhands/utils/async_utils.py (0.62.0): call_sync_from_async(fn, *args, **kwargs)
import asyncio


async def call_sync_from_async(fn, *args, **kwargs):
    return await asyncio.get_running_loop().run_in_executor(None, lambda: fn(*args, **kwargs))
