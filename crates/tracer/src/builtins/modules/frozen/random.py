"""Pseudo-random numbers, as CPython's random module gives them (this VM's own source).

The generator is _random.Random (Rust: builtins/modules/random.rs), CPython's Mersenne
Twister, which offers random() and getrandbits(k). Everything else is Python here as it is
in CPython: each method below consumes those two draws in the same order as Lib/random.py,
so a program that seeds gets python3.13's numbers, and a hot call of randint() or choice()
specializes as a call of a Python method, as it does in CPython.
"""

from math import log as _log, exp as _exp, pi as _pi, e as _e, ceil as _ceil
from math import sqrt as _sqrt, acos as _acos, cos as _cos, sin as _sin
from math import tau as TWOPI, floor as _floor, isfinite as _isfinite
from math import lgamma as _lgamma, fabs as _fabs, log2 as _log2
from operator import index as _index
from itertools import accumulate as _accumulate, repeat as _repeat
from bisect import bisect as _bisect
import _random

__all__ = [
    "Random", "SystemRandom", "betavariate", "binomialvariate", "choice", "choices",
    "expovariate", "gammavariate", "gauss", "getrandbits", "getstate", "lognormvariate",
    "normalvariate", "paretovariate", "randbytes", "randint", "random", "randrange",
    "sample", "seed", "setstate", "shuffle", "triangular", "uniform", "vonmisesvariate",
    "weibullvariate",
]

NV_MAGICCONST = 4 * _exp(-0.5) / _sqrt(2.0)
LOG4 = _log(4.0)
SG_MAGICCONST = 1.0 + _log(4.5)
BPF = 53  # bits in a float's mantissa
RECIP_BPF = 2 ** -BPF
# randrange() tells "no step given" from step=1 by identity with this object.
_ONE = 1
_U64 = 0xFFFFFFFFFFFFFFFF
# collections.abc.Sequence, imported by the first sample(): loading collections.abc costs more
# than the rest of this module, and most programs never call sample().
_Sequence = None
_SEED_TYPES_ERROR = ("The only supported seed types are:\n"
                     "None, int, float, str, bytes, and bytearray.")


class Random(_random.Random):
    """A generator with its own state: random.Random(seed).

    The module-level functions are the methods of one hidden instance. A subclass may bring
    its own random() (and getrandbits()): __init_subclass__ picks how integers are drawn.
    """

    VERSION = 3  # of the getstate() tuple

    def __init__(self, x=None):
        self.seed(x)
        self.gauss_next = None

    def seed(self, a=None, version=2):
        """Start the generator again from a (None: from the OS's entropy)."""
        text_like = isinstance(a, (str, bytes))
        if text_like and version == 1:
            # Python 2's hash of the string, kept for reproducing old sequences.
            s = a.decode("latin-1") if isinstance(a, bytes) else a
            h = ord(s[0]) << 7 if s else 0
            for ch in s:
                h = ((1000003 * h) ^ ord(ch)) & _U64
            h ^= len(s)
            a = -2 if h == -1 else h
        elif text_like and version != 2:
            # _random hashes what is not an int (as an unsigned word).
            a = hash(a) & _U64
        elif not text_like and a is not None and not isinstance(a, (int, float)):
            raise TypeError(_SEED_TYPES_ERROR)
        # A str or bytes with version 2: _random applies the SHA-512 rule (see its docs).
        super().seed(a)
        self.gauss_next = None

    def getstate(self):
        """The state, for setstate() to restore."""
        return self.VERSION, super().getstate(), self.gauss_next

    def setstate(self, state):
        """Restore a state getstate() returned (version 2 states are converted)."""
        version = state[0]
        if version not in (2, 3):
            raise ValueError(f"state with version {version} passed to "
                             f"Random.setstate() of version {self.VERSION}")
        _, words, self.gauss_next = state
        if version == 2:
            # Version 2 kept the words as possibly negative C longs.
            try:
                words = tuple(w % (2 ** 32) for w in words)
            except ValueError as err:
                raise TypeError from err
        super().setstate(words)

    def __init_subclass__(cls, /, **kwargs):
        # The nearest class along the MRO that defines one of these decides.
        for klass in cls.__mro__:
            own = klass.__dict__
            if "_randbelow" in own:
                return
            if "getrandbits" in own:
                cls._randbelow = cls._randbelow_with_getrandbits
                return
            if "random" in own:
                cls._randbelow = cls._randbelow_without_getrandbits
                return

    def _randbelow_with_getrandbits(self, n):
        """An int in [0, n) for n > 0: as many bits as n has, redrawn until below n."""
        draw = self.getrandbits
        width = n.bit_length()
        r = draw(width)
        while r >= n:
            r = draw(width)
        return r

    def _randbelow_without_getrandbits(self, n, maxsize=1 << BPF):
        """An int in [0, n) from random() alone (a subclass without getrandbits)."""
        draw = self.random
        if n >= maxsize:
            # CPython also warns here that random() has too few bits for such a range; this
            # VM has no warnings module yet, so the warning is not given.
            return _floor(draw() * n)
        # Reject the top sliver so that every residue is equally likely.
        cutoff = (maxsize - maxsize % n) / maxsize
        r = draw()
        while r >= cutoff:
            r = draw()
        return _floor(r * maxsize) % n

    _randbelow = _randbelow_with_getrandbits

    def randbytes(self, n):
        """n random bytes."""
        return self.getrandbits(n * 8).to_bytes(n, "little")

    def randrange(self, start, stop=None, step=_ONE):
        """A random item of range(start, stop, step), without building the range."""
        lo = _index(start)
        if stop is None:
            if step is not _ONE:
                raise TypeError("Missing a non-None stop argument")
            if lo <= 0:
                raise ValueError("empty range for randrange()")
            return self._randbelow(lo)
        width = _index(stop) - lo
        stride = _index(step)
        if stride == 1:
            if width <= 0:
                raise ValueError(f"empty range in randrange({start}, {stop})")
            return lo + self._randbelow(width)
        if stride == 0:
            raise ValueError("zero step for randrange()")
        # The number of items, rounding away from zero in the step's direction.
        count = (width + stride - 1) // stride if stride > 0 else (width + stride + 1) // stride
        if count <= 0:
            raise ValueError(f"empty range in randrange({start}, {stop}, {step})")
        return lo + stride * self._randbelow(count)

    def randint(self, a, b):
        """A random int N with a <= N <= b."""
        return self.randrange(a, b + 1)

    def choice(self, seq):
        """A random item of a non-empty sequence."""
        size = len(seq)
        if not size:
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(size)]

    def shuffle(self, x):
        """Shuffle the list x in place (Fisher-Yates, from the end)."""
        below = self._randbelow
        for i in range(len(x) - 1, 0, -1):
            j = below(i + 1)
            x[i], x[j] = x[j], x[i]

    def sample(self, population, k, *, counts=None):
        """k distinct picks from a sequence, in the order they were drawn."""
        global _Sequence
        if _Sequence is None:
            from collections.abc import Sequence as _Sequence
        if not isinstance(population, _Sequence):
            raise TypeError("Population must be a sequence.  "
                            "For dicts or sets, use sorted(d).")
        n = len(population)
        if counts is not None:
            bounds = list(_accumulate(counts))
            if len(bounds) != n:
                raise ValueError("The number of counts does not match the population")
            total = bounds.pop()
            if not isinstance(total, int):
                raise TypeError("Counts must be integers")
            if total <= 0:
                raise ValueError("Total of counts must be greater than zero")
            picks = self.sample(range(total), k=k)
            return [population[_bisect(bounds, p)] for p in picks]
        below = self._randbelow
        if not 0 <= k <= n:
            raise ValueError("Sample larger than population or is negative")
        picked = [None] * k
        # CPython's rule for choosing between a copied pool and a set of taken indices.
        set_cost = 21
        if k > 5:
            set_cost += 4 ** _ceil(_log(k * 3, 4))
        if n <= set_cost:
            pool = list(population)
            for i in range(k):
                j = below(n - i)
                picked[i] = pool[j]
                pool[j] = pool[n - i - 1]
        else:
            taken = set()
            for i in range(k):
                j = below(n)
                while j in taken:
                    j = below(n)
                taken.add(j)
                picked[i] = population[j]
        return picked

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        """k picks with replacement, optionally weighted."""
        draw = self.random
        n = len(population)
        if cum_weights is None:
            if weights is None:
                size = n + 0.0
                return [population[_floor(draw() * size)] for _ in _repeat(None, k)]
            try:
                cum_weights = list(_accumulate(weights))
            except TypeError:
                if not isinstance(weights, int):
                    raise
                k = weights
                raise TypeError(
                    f"The number of choices must be a keyword argument: {k=}"
                ) from None
        elif weights is not None:
            raise TypeError("Cannot specify both weights and cumulative weights")
        if len(cum_weights) != n:
            raise ValueError("The number of weights does not match the population")
        total = cum_weights[-1] + 0.0
        if total <= 0.0:
            raise ValueError("Total of weights must be greater than zero")
        if not _isfinite(total):
            raise ValueError("Total of weights must be finite")
        last = n - 1
        return [population[_bisect(cum_weights, draw() * total, 0, last)]
                for _ in _repeat(None, k)]

    # Real-valued distributions.

    def uniform(self, a, b):
        """A float between a and b."""
        return a + (b - a) * self.random()

    def triangular(self, low=0.0, high=1.0, mode=None):
        """Triangular distribution on [low, high] peaking at mode (default: the middle)."""
        u = self.random()
        try:
            c = 0.5 if mode is None else (mode - low) / (high - low)
        except ZeroDivisionError:
            return low
        if u > c:
            u, c = 1.0 - u, 1.0 - c
            low, high = high, low
        return low + (high - low) * _sqrt(u * c)

    def normalvariate(self, mu=0.0, sigma=1.0):
        """Normal distribution (Kinderman and Monahan's ratio method)."""
        draw = self.random
        while True:
            u1 = draw()
            u2 = 1.0 - draw()
            z = NV_MAGICCONST * (u1 - 0.5) / u2
            if z * z / 4.0 <= -_log(u2):
                return mu + z * sigma

    def gauss(self, mu=0.0, sigma=1.0):
        """Normal distribution by Box-Muller; every other call uses the pair's spare value."""
        draw = self.random
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            angle = draw() * TWOPI
            radius = _sqrt(-2.0 * _log(1.0 - draw()))
            z = _cos(angle) * radius
            self.gauss_next = _sin(angle) * radius
        return mu + z * sigma

    def lognormvariate(self, mu, sigma):
        """Log-normal distribution: exp of a normal variate."""
        return _exp(self.normalvariate(mu, sigma))

    def expovariate(self, lambd=1.0):
        """Exponential distribution with rate lambd."""
        return -_log(1.0 - self.random()) / lambd

    def vonmisesvariate(self, mu, kappa):
        """Von Mises distribution: angle mu, concentration kappa (Best and Fisher)."""
        draw = self.random
        if kappa <= 1e-6:
            return TWOPI * draw()
        s = 0.5 / kappa
        r = s + _sqrt(1.0 + s * s)
        while True:
            z = _cos(_pi * draw())
            d = z / (r + z)
            u2 = draw()
            if u2 < 1.0 - d * d or u2 <= (1.0 - d) * _exp(d):
                break
        q = 1.0 / r
        f = (q + z) / (1.0 + q * z)
        if draw() > 0.5:
            return (mu + _acos(f)) % TWOPI
        return (mu - _acos(f)) % TWOPI

    def gammavariate(self, alpha, beta):
        """Gamma distribution with shape alpha and scale beta (both > 0)."""
        if alpha <= 0.0 or beta <= 0.0:
            raise ValueError("gammavariate: alpha and beta must be > 0.0")
        draw = self.random
        if alpha > 1.0:
            # Cheng's rejection method (R. C. H. Cheng, 1977).
            ainv = _sqrt(2.0 * alpha - 1.0)
            bbb = alpha - LOG4
            ccc = alpha + ainv
            while True:
                u1 = draw()
                if not 1e-7 < u1 < 0.9999999:
                    continue
                u2 = 1.0 - draw()
                v = _log(u1 / (1.0 - u1)) / ainv
                x = alpha * _exp(v)
                z = u1 * u1 * u2
                r = bbb + ccc * v - x
                if r + SG_MAGICCONST - 4.5 * z >= 0.0 or r >= _log(z):
                    return x * beta
        if alpha == 1.0:
            return -_log(1.0 - draw()) * beta
        # alpha below 1: Ahrens and Dieter's method GS.
        while True:
            b = (_e + alpha) / _e
            p = b * draw()
            x = p ** (1.0 / alpha) if p <= 1.0 else -_log((b - p) / alpha)
            u1 = draw()
            if p > 1.0:
                if u1 <= x ** (alpha - 1.0):
                    return x * beta
            elif u1 <= _exp(-x):
                return x * beta

    def betavariate(self, alpha, beta):
        """Beta distribution, from two gamma variates."""
        y = self.gammavariate(alpha, 1.0)
        if not y:
            return 0.0
        return y / (y + self.gammavariate(beta, 1.0))

    def paretovariate(self, alpha):
        """Pareto distribution with shape alpha."""
        return (1.0 - self.random()) ** (-1.0 / alpha)

    def weibullvariate(self, alpha, beta):
        """Weibull distribution: scale alpha, shape beta."""
        return alpha * (-_log(1.0 - self.random())) ** (1.0 / beta)

    def binomialvariate(self, n=1, p=0.5):
        """Number of successes in n trials of probability p."""
        if n < 0:
            raise ValueError("n must be non-negative")
        if p <= 0.0 or p >= 1.0:
            if p == 0.0:
                return 0
            if p == 1.0:
                return n
            raise ValueError("p must be in the range 0.0 <= p <= 1.0")
        draw = self.random
        if n == 1:
            return _index(draw() < p)
        if p > 0.5:
            return n - self.binomialvariate(n, 1.0 - p)
        if n * p < 10.0:
            # Geometric skips between successes.
            successes = trials = 0
            c = _log2(1.0 - p)
            if not c:
                return successes
            while True:
                trials += _floor(_log2(draw()) / c) + 1
                if trials > n:
                    return successes
                successes += 1
        # Hormann's BTRS (transformed rejection with squeeze).
        spq = _sqrt(n * p * (1.0 - p))
        b = 1.15 + 2.53 * spq
        a = -0.0873 + 0.0248 * b + 0.01 * p
        c = n * p + 0.5
        vr = 0.92 - 4.2 / b
        ready = False
        while True:
            u = draw() - 0.5
            us = 0.5 - _fabs(u)
            k = _floor((2.0 * a / us + b) * u + c)
            if k < 0 or k > n:
                continue
            v = draw()
            if us >= 0.07 and v <= vr:
                return k
            if not ready:
                alpha = (2.83 + 5.1 / b) * spq
                lpq = _log(p / (1.0 - p))
                m = _floor((n + 1) * p)
                h = _lgamma(m + 1) + _lgamma(n - m + 1)
                ready = True
            v *= alpha / (a / (us * us) + b)
            if _log(v) <= h - _lgamma(k + 1) - _lgamma(n - k + 1) + (k - m) * lpq:
                return k


# The module-level functions: bound methods of one shared generator.
_inst = Random()
seed = _inst.seed
random = _inst.random
uniform = _inst.uniform
triangular = _inst.triangular
randint = _inst.randint
choice = _inst.choice
randrange = _inst.randrange
sample = _inst.sample
shuffle = _inst.shuffle
choices = _inst.choices
normalvariate = _inst.normalvariate
lognormvariate = _inst.lognormvariate
expovariate = _inst.expovariate
vonmisesvariate = _inst.vonmisesvariate
gammavariate = _inst.gammavariate
gauss = _inst.gauss
betavariate = _inst.betavariate
binomialvariate = _inst.binomialvariate
paretovariate = _inst.paretovariate
weibullvariate = _inst.weibullvariate
getstate = _inst.getstate
setstate = _inst.setstate
getrandbits = _inst.getrandbits
randbytes = _inst.randbytes
