# Iterator types: type() names of builtin iterators and views, __iter__/__next__ slot wrappers (their errors, CALL_NON_PY_GENERAL).

d = {"a": 1, "b": 2}
samples = [
    iter([]), iter(()), iter(range(3)), iter("ab"), iter("\u00e9"), iter(b"xy"),
    iter(d), iter(d.values()), iter(d.items()), iter({1}), reversed([1]), reversed((1, 2)),
    reversed(range(2)), reversed("ab"), reversed(d), enumerate([]), zip(), map(abs, []),
    filter(None, []), d.keys(), d.values(), d.items(),
]
for s in samples:
    print(type(s).__name__, type(s) is type(s), repr(type(s)))
print(type(iter([])) is type(iter([1, 2])), type(iter([])) is type(iter(())))
print(isinstance(reversed((1, 2)), reversed), isinstance(reversed([1]), reversed))

L = type(iter([]))
print(L.__next__, L.__iter__, type(enumerate([])).__next__)


def gen():
    yield 1
    yield 2


G = type(gen())
print(G.__next__)
calls = [
    lambda: G.__next__(),
    lambda: G.__next__(5),
    lambda: G.__next__(gen(), 1),
    lambda: L.__next__(5),
    lambda: L.__iter__(),
    lambda: gen().__next__(x=1),
    lambda: L.__next__(iter(())),
    lambda: iter([]).__next__(1),
]
for call in calls:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)


def drain(its):
    total = 0
    for it in its:
        total += it.__next__()
        total += next(it)
        if it.__iter__() is not it:
            total = -1
    return total


print(drain([iter([i, i + 1, 0]) for i in range(50)]))
print(drain([gen() for _ in range(50)]))
it = iter([1])
print(it.__next__())
try:
    it.__next__()
except StopIteration as e:
    print("StopIteration", e.args)
for x in map(L.__next__, [iter("pq"), iter([3])]):
    print(x)
