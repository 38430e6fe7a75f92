# itertools: every iterator type lazily (inputs stepped only when asked), their type names, reprs of count/repeat, groupby's shared cursor, tee buffers, islice bounds, combinatorics order, argument errors.
import itertools
from itertools import count, islice, chain, groupby


def show(it, n=None):
    return list(it) if n is None else list(islice(it, n))


print(show(count(), 5), show(count(10, 5), 4), show(count(1.5, 0.25), 3), show(count(-3, -2), 3))
c = count(7)
next(c)
print(repr(c), repr(count(2, 3)), repr(count(0.5)), repr(count(1, 1.0)))
print(show(itertools.cycle("abc"), 7), show(itertools.cycle([]), 3))
print(show(itertools.repeat("x", 3)), show(itertools.repeat(0), 4), repr(itertools.repeat(1, 2)),
      repr(itertools.repeat("a")), show(itertools.repeat(1, -5)))
print(show(itertools.accumulate([1, 2, 3, 4])), show(itertools.accumulate([3, 1, 4, 1, 5], max)),
      show(itertools.accumulate([1, 2, 3], initial=100)), show(itertools.accumulate([], initial=7)),
      show(itertools.accumulate("abc")), show(itertools.accumulate([2, 3, 4], lambda a, b: a * b)))
print(show(chain("ab", [1, 2], (), range(2))), show(chain()),
      show(chain.from_iterable(["xy", "z", ""])), show(chain.from_iterable([[1], [2, [3]]])))
print(show(itertools.compress("ABCDEF", [1, 0, 1, 0, 1, 1])), show(itertools.compress("ABC", [0, 1])))
print(show(itertools.dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])),
      show(itertools.takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])),
      show(itertools.filterfalse(lambda x: x % 2, range(10))), show(itertools.filterfalse(None, [0, 1, "", "a"])))
print(show(itertools.starmap(pow, [(2, 5), (3, 2), (10, 3)])), show(itertools.starmap(max, [[1, 5], "ab"])))
print(show(islice("ABCDEFG", 2)), show(islice("ABCDEFG", 2, 4)), show(islice("ABCDEFG", 2, None)),
      show(islice("ABCDEFG", 0, None, 2)), show(islice(count(), 1, 10, 3)), show(islice("ab", None)))
for args in [("x", -1), ("x", 1, 2, 0), ("x", "a"), ("x", 1, 2, 3, 4), ("x",)]:
    try:
        islice(*args)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

pulled = []


def source(n):
    for i in range(n):
        pulled.append(i)
        yield i


it = islice(source(10), 2, 6, 2)
print(next(it), pulled, list(it), pulled)
pulled.clear()
tw = itertools.takewhile(lambda v: v < 3, source(10))
print(list(tw), pulled)
pulled.clear()
z = zip(chain(source(2), source(2)), "abc")
print(list(z), pulled)

data = "AAAABBBCCDAABBB"
print([(k, "".join(g)) for k, g in groupby(data)])
print([k for k, g in groupby(data)], [(k, len(list(g))) for k, g in groupby(sorted(data))])
words = ["apple", "avocado", "banana", "blueberry", "cherry", "akee"]
print([(k, list(g)) for k, g in groupby(words, key=lambda w: w[0])])
gb = groupby([1, 1, 2, 2, 3])
k1, g1 = next(gb)
k2, g2 = next(gb)
print(k1, list(g1), k2, next(g2), [k for k, _ in gb], list(g2))
gb = groupby("aabbc")
groups = [g for k, g in gb]
print([list(g) for g in groups])

a, b = itertools.tee(iter([1, 2, 3, 4]))
print(next(a), next(a), list(b), list(a))
t1, t2, t3 = itertools.tee("xyz", 3)
print(list(t1), list(t2), next(t3), type(t1).__name__, itertools.tee([1], 0))
u, v = itertools.tee(t3)
print(u is t3, list(u), list(v))

print(show(itertools.zip_longest("ABCD", "xy", fillvalue="-")), show(itertools.zip_longest()),
      show(itertools.zip_longest([1], [2, 3], [4, 5, 6])))
print(show(itertools.pairwise("ABCDE")), show(itertools.pairwise("A")), show(itertools.pairwise([])))
print(show(itertools.batched("ABCDEFG", 3)), show(itertools.batched([], 2)), show(itertools.batched(range(4), 2)))
try:
    list(itertools.batched("ABCDE", 2, strict=True))
except ValueError as e:
    print("ValueError", e)
try:
    itertools.batched("AB", 0)
except ValueError as e:
    print("ValueError", e)

print(show(itertools.product("AB", [0, 1])), show(itertools.product([1, 2], repeat=2)),
      show(itertools.product()), show(itertools.product("ab", [])))
print(show(itertools.permutations("ABC")), show(itertools.permutations(range(4), 2))[:7],
      show(itertools.permutations("AB", 3)), show(itertools.permutations([], 0)))
print(show(itertools.combinations("ABCD", 2)), show(itertools.combinations(range(5), 3))[-3:],
      show(itertools.combinations("AB", 3)), show(itertools.combinations("AB", 0)))
print(show(itertools.combinations_with_replacement("ABC", 2)),
      show(itertools.combinations_with_replacement([], 2)), show(itertools.combinations_with_replacement("A", 0)))
print(len(list(itertools.permutations(range(6)))), len(list(itertools.combinations(range(10), 4))),
      len(list(itertools.product(range(3), repeat=5))), sum(1 for _ in itertools.combinations_with_replacement(range(5), 3)))
for bad in [lambda: itertools.permutations("a", -1), lambda: itertools.combinations("a", -1),
            lambda: itertools.product("a", repeat=-1), lambda: itertools.permutations("a", "x"),
            lambda: itertools.combinations("a"), lambda: itertools.chain(a=1)]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

names = ["count", "cycle", "repeat", "accumulate", "chain", "compress", "dropwhile", "takewhile",
         "filterfalse", "groupby", "islice", "starmap", "zip_longest", "product", "permutations",
         "combinations", "combinations_with_replacement", "pairwise", "batched"]
print([getattr(itertools, n).__name__ for n in names])
print(type(chain()).__name__, type(groupby("a")).__name__, iter(c) is c, isinstance(c, count),
      repr(itertools.chain), repr(itertools.count))
total = 0
for x, y in itertools.product(range(30), range(30)):
    total += x * y
for i, v in zip(count(), itertools.cycle([1, -1])):
    if i >= 500:
        break
    total += v * i
print(total)
