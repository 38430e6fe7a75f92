# Coroutines are outside the supported subset.
async def fetch():
    return 1
