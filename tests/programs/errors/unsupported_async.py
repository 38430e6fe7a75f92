# Coroutines run, but `async with` (like `async for` and async generators) is outside the
# supported subset.
async def fetch(lock):
    async with lock:
        return 1
