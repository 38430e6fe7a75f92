async def f(a, b):
    x = await a
    async for i in b:
        if i:
            break
        await i
    else:
        pass
    async with a as p, b:
        return await p
    return [await z for z in x]
async def g():
    yield 1
    async with x:
        pass
