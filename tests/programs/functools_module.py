# functools: reduce, partial (flattening, repr, attributes), lru_cache/cache (hits, misses, eviction order, typed, kwargs, methods, cache_clear), wraps/update_wrapper onto functions, cmp_to_key, total_ordering.
import functools
import operator
from functools import reduce, partial, lru_cache, wraps

print(reduce(operator.add, [1, 2, 3, 4]), reduce(operator.mul, range(1, 6), 10), reduce(max, ["a"]),
      reduce(lambda acc, x: acc + [x * 2], [1, 2], []))
for bad in [lambda: reduce(operator.add, []), lambda: reduce(operator.add), lambda: reduce(operator.add, 5)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)


def power(base, exp, *, mod=None):
    return pow(base, exp, mod)


square = partial(power, exp=2)
cube_mod = partial(power, exp=3, mod=7)
two_to = partial(power, 2)
print(square(5), cube_mod(4), two_to(10), two_to(exp=3), square(3, exp=3))
p2 = partial(partial(max, 1), 5, key=abs)
print(p2.func is max, p2.args, p2.keywords, p2(-9), repr(partial(max, 1, key=abs)), repr(partial(min)))
print(type(square).__name__, isinstance(square, partial), callable(square), list(map(partial(operator.sub, 10), [1, 2])))
try:
    partial(5)
except TypeError as e:
    print("TypeError", e)

calls = []


@lru_cache(maxsize=3)
def slow(n):
    calls.append(n)
    return n * n


for n in [1, 2, 3, 1, 4, 2, 1, 5, 3]:
    slow(n)
print(calls, slow.cache_info(), slow.cache_parameters())
slow.cache_clear()
print(slow.cache_info(), slow(2), calls[-1], slow.__name__, slow.__wrapped__(7), calls[-1])


@lru_cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info(), fib.__qualname__)


@functools.cache
def ways(n, coins=(1, 2, 5)):
    if n == 0:
        return 1
    if n < 0 or not coins:
        return 0
    return ways(n - coins[0], coins) + ways(n, coins[1:])


print(ways(50), ways.cache_info().currsize > 0)


@lru_cache(maxsize=None, typed=True)
def kind(x, scale=1):
    calls.append(("kind", x))
    return type(x).__name__ * scale


calls.clear()
print(kind(1), kind(1.0), kind(1), kind(1, scale=2), kind(1, scale=2), kind(x=1), len(calls), kind.cache_info())
zero = lru_cache(maxsize=0)(lambda v: v + 1)
print(zero(1), zero(1), zero.cache_info())


class Grid:
    def __init__(self, w):
        self.w = w

    @lru_cache(maxsize=16)
    def cell(self, x, y):
        return y * self.w + x


g = Grid(10)
print(g.cell(3, 4), g.cell(3, 4), Grid.cell.cache_info(), Grid(5).cell(3, 4))


def logged(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        """wrapper doc"""
        return ("logged", func(*args, **kwargs))
    return wrapper


@logged
def add(a, b):
    """Add two numbers."""
    return a + b


print(add(2, 3), add.__name__, add.__doc__, add.__wrapped__(1, 1), add.__module__, add.__qualname__)


def plain():
    pass


plain.tag = "t"
plain.__name__ = "renamed"
print(plain.__name__, plain.tag, plain.__dict__, plain.__doc__, logged.__doc__)
functools.update_wrapper(plain, add)
print(plain.__name__, plain.__doc__, plain.__wrapped__ is add, sorted(plain.__dict__))


def compare_len(a, b):
    return len(a) - len(b)


words = ["ccc", "a", "bb", "dddd", "ee"]
print(sorted(words, key=functools.cmp_to_key(compare_len)), max(words, key=functools.cmp_to_key(compare_len)))
K = functools.cmp_to_key(lambda a, b: (a > b) - (a < b))
print(K(1) < K(2), K(2) <= K(2), K(3) == K(3), K(1) != K(1), K(5).obj, type(K(1)).__name__)
try:
    K(1) < 5
except TypeError as e:
    print("TypeError", e)


@functools.total_ordering
class Version:
    def __init__(self, *parts):
        self.parts = parts

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


a, b = Version(1, 2), Version(1, 10)
print(a < b, a > b, a <= b, a >= b, b >= a, sorted([b, a, Version(0, 9)]), Version.__gt__.__name__)
try:
    functools.total_ordering(type("Nothing", (), {}))
except ValueError as e:
    print("ValueError", e)
total = 0
inc = partial(operator.add, 1)
for i in range(300):
    total = inc(total) + slow(i % 5)
print(total)
