# Comprehensions that await inside a coroutine: inlined like any list/set/dict comprehension (PEP 709), each `await` a SEND loop driven by send(None).
class Box:
    def __init__(self, v):
        self.v = v

    def __await__(self):
        yield ("waiting", self.v)
        return self.v * 10


async def gather(xs):
    d = {k: await Box(k) for k in xs}
    odd = [await Box(x) for x in xs if x % 2]
    s = {await Box(x) % 7 for x in xs}
    return d, odd, sorted(s)


def run(coro):
    """A plain coroutine runner: send None until StopIteration, logging what is yielded."""
    seen = []
    while True:
        try:
            seen.append(coro.send(None))
        except StopIteration as e:
            return seen, e.args[0]


for n in (3, 6):
    seen, value = run(gather(list(range(1, n + 1))))
    print(len(seen), seen[:4], value)

total = 0
for i in range(200):
    _, (d, odd, s) = run(gather([i, i + 1]))
    total += sum(d.values()) + sum(odd) + sum(s)
print(total)
