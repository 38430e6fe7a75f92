# Async comprehensions (listing only: the VM refuses `async for` when run): list, set and dict
# comprehensions are inlined even when asynchronous; a generator expression that awaits or
# has an `async for` is an async generator (CO_ASYNC_GENERATOR, INTRINSIC_ASYNC_GEN_WRAP).


async def inlined(xs, ys):
    a = [x async for x in xs]
    b = {x: y async for x in xs for y in ys if x}
    c = {x for x in ys async for y in xs if await y}
    d = [await x for x in xs]
    return a, b, c, d


async def nested(rows):
    return [[y async for y in row] for row in rows]


def generators(xs):
    g = (x async for x in xs)
    h = (await x for x in xs)
    i = [(y async for y in x) for x in xs]
    return g, h, i
