# Generator details: laziness and evaluation order, return values in StopIteration, exceptions
# escaping a generator (which then is finished), generators of generators, pipelines.
log = []


def numbered(items):
    for i, item in enumerate(items):
        log.append(f"yield {i}")
        yield i, item
    log.append("done")
    return len(items)


g = numbered("ab")
log.append("created")
print(next(g), log)
print(list(g), log)


def fragile(n):
    for i in range(n):
        if i == 2:
            raise ValueError(f"broke at {i}")
        yield i


f = fragile(5)
got = []
try:
    for v in f:
        got.append(v)
except ValueError as e:
    print(got, e, next(f, "finished"))
squares = (x * x for x in range(10))
evens = (s for s in squares if s % 2 == 0)
pairs = ((a, b) for a in range(3) for b in "xy")
print(list(evens), list(squares), list(pairs))
order = []
lazy = (order.append(i) or i for i in range(3))
order.append("before")
print(sum(lazy), order)


def chunks(seq, size):
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


print([sum(c) for c in chunks(list(range(300)), 64)])
try:
    next(g)
except StopIteration as e:
    print("exhausted, value", e.value)
h = numbered("xyz")
while True:
    try:
        next(h)
    except StopIteration as e:
        print("returned", e.value)
        break
