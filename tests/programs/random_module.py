# The random module: CPython's Mersenne Twister sequences for several seeds (random, getrandbits, randrange, randint, choice, shuffle, sample, choices, uniform, triangular, gauss and every other variate), Random objects, getstate/setstate, int/float/str/bytes seeds, and the error messages.
# randint, choice, shuffle, ... are Python methods of random.Random here as in CPython (over the
# Rust _random.Random), so hot calls specialize alike: see the loops at the end.
import random

for seed in [0, 1, 42, -7, 2**40 + 3, 2**100 + 1, True]:
    random.seed(a=seed)
    print("seed", seed)
    print(" random", random.random(), random.random(), random.random())
    print(" bits", random.getrandbits(1), random.getrandbits(32), random.getrandbits(33), random.getrandbits(64), random.getrandbits(100))
    print(" randrange", list(map(random.randrange, [10] * 8)), random.randrange(start=3, stop=1000, step=7), random.randrange(start=10, stop=0, step=-3), random.randrange(start=2**70))
    print(" randint", list(map(random.randint, [1] * 10, [6] * 10)), random.randint(a=-5, b=5), random.randint(a=10**20, b=10**21))
    print(" choice", list(map(random.choice, ["abcdef"] * 6)), random.choice(seq=[1, 2, 3]), random.choice(seq=range(100)))
    deck = list(range(12))
    random.shuffle(x=deck)
    print(" shuffle", deck)
    print(" sample", random.sample(range(100), k=10), random.sample("abcdefghij", k=3), random.sample(range(10**9), k=6))
    print(" counts", random.sample(["red", "blue", "green"], k=5, counts=[1, 3, 2]))
    print(" uniform", random.uniform(a=1, b=10), random.uniform(a=2.5, b=-1.0), random.triangular(low=0.0), random.triangular(low=0, high=10, mode=3), random.triangular(low=5, high=5, mode=5))
    print(" gauss", random.gauss(mu=0.0), random.gauss(mu=10, sigma=2), random.gauss(sigma=1.0), random.normalvariate(mu=0.0), random.normalvariate(mu=5, sigma=0.5))
    print(" expo", random.expovariate(lambd=1.0), random.expovariate(lambd=2), random.lognormvariate(mu=0, sigma=1), random.paretovariate(alpha=3), random.weibullvariate(alpha=1, beta=2), random.vonmisesvariate(mu=1, kappa=4))
    print(" choices", random.choices("abc", k=5), random.choices(range(5), weights=[1, 2, 3, 4, 5], k=6), random.choices("xyz", cum_weights=[1, 1.5, 4], k=4))
    print(" bytes", random.randbytes(n=5))

# Hot loops over the draws CPython implements in C (their call sites specialize alike).
random.seed(2024)
total = 0.0
for i in range(500):
    total += random.random()
print("sum of 500 randoms", total)
bits = 0
for i in range(300):
    bits ^= random.getrandbits(16)
print("xor of 300 16-bit draws", bits)

# A Monte Carlo estimate of pi, as seeded programs do.
random.seed(7)
inside = 0
for i in range(2000):
    x = random.random()
    y = random.random()
    if x * x + y * y <= 1.0:
        inside += 1
print("pi ~", 4 * inside / 2000)

# Independent generators.
r1 = random.Random(5)
r2 = random.Random(5)
print(type(r1).__name__, isinstance(r1, random.Random), r1.random() == r2.random())
print(r1.randint(0, 100), r1.choice("xyz"), r1.sample(range(20), 4), r1.gauss(0, 1), r1.gauss(0, 1))
print(list(map(r2.randrange, [1000] * 5)))
r3 = random.Random()
r3.seed(5)
print(r3.random(), random.Random(5).random())

# getstate/setstate replays a sequence, gauss's cached value included.
random.seed(11)
random.gauss()
state = random.getstate()
first = (random.gauss(), random.random(), random.random())
random.setstate(state)
print(first == (random.gauss(), random.random(), random.random()), state[0], len(state[1]), state[2] is not None)

# The gamma-based variates and the binomial, once per site.
random.seed(99)
print("gamma", random.gammavariate(0.5, 1), random.gammavariate(1, 2), random.gammavariate(2.5, 0.5), random.gammavariate(30, 2))
print("beta", random.betavariate(0.5, 0.5), random.betavariate(2, 5))
print("binomial", random.binomialvariate(1, 0.3), random.binomialvariate(20, 0.1), random.binomialvariate(1000, 0.7), random.binomialvariate(10**6, 0.5), random.binomialvariate())

# str and bytes seeds (SHA-512 for version 2, Python 2's string hash for version 1).
random.seed("hello world")
print("str seed", random.random(), random.randint(1, 100))
random.seed(b"bytes\x00\xff")
print("bytes seed", random.random())
random.seed("h\xe9llo \u2713", version=1)
print("version 1 seed", random.random())

# Seeds of other types: a float seeds from its hash.
random.seed(3.25)
print("float seed", random.random())
random.seed(-2.5)
print("float seed", random.random())

# Errors, with CPython's messages.
for bad in [
    lambda: random.randrange(0),
    lambda: random.randrange(5, 2),
    lambda: random.randrange(1, 10, 0),
    lambda: random.randrange(5, 2, 2),
    lambda: random.randrange(1.5),
    lambda: random.randrange(5, step=2),
    lambda: random.randint(3, 1),
    lambda: random.choice([]),
    lambda: random.sample({1, 2}, 1),
    lambda: random.sample([1, 2], 3),
    lambda: random.sample([1, 2], -1),
    lambda: random.getrandbits(-1),
    lambda: random.seed([1]),
    lambda: random.choices([1], [1], cum_weights=[1]),
    lambda: random.choices([1, 2], [1]),
    lambda: random.choices([1, 2], 5),
    lambda: random.choices([1, 2], [0, 0]),
    lambda: random.expovariate(0),
    lambda: random.setstate((1, (), None)),
    lambda: random.gammavariate(0, 1),
    lambda: random.binomialvariate(3, 1.5),
]:
    try:
        print(bad())
    except (ValueError, TypeError, IndexError, ZeroDivisionError) as e:
        print(type(e).__name__, e)

# Hot calls of the Python-level methods: CALL_BOUND_METHOD_EXACT_ARGS (randint, choice) and
# CALL_BOUND_METHOD_GENERAL (randrange, with defaults) in CPython's adaptive listing and ours.
random.seed(99)
hits = 0
for i in range(200):
    hits += random.randint(1, 6) + random.randrange(10) + len(random.choice(["a", "bb"]))
print("hot calls", hits)


class Dice(random.Random):
    """A subclass of random.Random, as programs make for their own generators."""

    def roll(self):
        return self.randint(1, 6)


d = Dice(3)
print("dice", [d.roll() for _ in range(10)], type(d).__mro__)
r3 = random.Random(3)
print("same as Random(3)", [r3.randint(1, 6) for _ in range(10)])
