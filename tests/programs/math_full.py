# math in full: every function of CPython 3.13's math over special values (zeros, infinities, NaN, huge ints), exact sums (fsum, sumprod, hypot, dist, prod), integer functions, and the ValueError/OverflowError/TypeError messages.
import math
vals = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, 2.0, 2.5, -2.5, 3.7, 10.0, -10.0, 0.1, 1e-10, 1e-300, 5e-324, 100.0, 171.5, 1e10, 1e300, 710.0, -745.5, math.inf, -math.inf, math.nan, 7, -3, 2**60, 10**400]
fns1 = ['acos','acosh','asin','asinh','atan','atanh','cbrt','cos','cosh','erf','erfc','exp','exp2','expm1','fabs','gamma','lgamma','log','log10','log1p','log2','sin','sinh','sqrt','tan','tanh','degrees','radians','isfinite','isinf','isnan','ulp','frexp','modf','floor','ceil','trunc']
for name in fns1:
    f = getattr(math, name)
    out = []
    for v in vals:
        try:
            out.append(repr(f(v)))
        except Exception as e:
            out.append(type(e).__name__ + ':' + str(e))
    print(name, ' '.join(out))
pairs = [(0.0, 1.0), (1.0, 0.0), (-0.0, -1.0), (2.0, 3.0), (-2.0, 0.5), (5.5, 2.0), (-5.5, 2.0), (7.0, -3.0), (math.inf, 2.0), (2.0, math.inf), (math.nan, 0.0), (1.0, math.nan), (0.0, -1.0), (-8.0, 1/3), (10.0, 400.0), (math.inf, -math.inf), (1e308, 10.0), (3, 4), (-1.0, math.inf), (0.5, -math.inf), (-math.inf, 3.0), (-math.inf, -3.0), (6.0, 4.0), (5.0, 2.0), (4.5, 1.0), (-4.5, 1.0)]
for name in ['atan2', 'copysign', 'fmod', 'remainder', 'pow', 'hypot', 'nextafter', 'log', 'isclose', 'dist']:
    f = getattr(math, name)
    out = []
    for x, y in pairs:
        try:
            if name == 'dist':
                out.append(repr(f((x, y), (y, x))))
            else:
                out.append(repr(f(x, y)))
        except Exception as e:
            out.append(type(e).__name__ + ':' + str(e))
    print(name, ' '.join(out))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]), math.fsum([1e-16, 1, 1e16]), math.fsum([]), math.fsum(range(10)))
for bad in [[math.inf, -math.inf], [1e308, 1e308], [math.inf, 1.0], [math.nan, 1.0]]:
    try: print(math.fsum(bad))
    except Exception as e: print(type(e).__name__, e)
print(math.hypot(), math.hypot(3), math.hypot(3, 4, 12), math.hypot(*[0.1 * i for i in range(20)]), math.hypot(1e-320, 1e-320), math.hypot(1e300, 1e300))
print(math.dist((1, 2, 3), (4, 6, 8)), math.dist([0.1, 0.2], [0.3, 0.7]))
print(math.sumprod([1, 2, 3], [4, 5, 6]), math.sumprod([0.1, 0.2, 0.3], [1.0, 1.0, 1.0]), math.sumprod([1, 2.5], [3, 4]), math.sumprod([2**63, 1], [2, 3]), math.sumprod([], []), math.sumprod([0.1]*10, [0.1]*10))
print(math.prod([1, 2, 3, 4]), math.prod([]), math.prod([1.5, 2]), math.prod(range(1, 30)), math.prod([2, 3], start=10), math.prod([2.0, 3], start=0.5))
print(math.comb(10, 3), math.comb(100, 50), math.comb(5, 7), math.perm(10, 3), math.perm(5), math.perm(5, None), math.perm(3, 5), math.factorial(25), math.factorial(0))
print(math.gcd(), math.gcd(12, 18, 24), math.gcd(-4, 6), math.lcm(), math.lcm(4, 6, 10), math.lcm(-4, 6), math.lcm(0, 5), math.isqrt(10**30 + 5), math.isqrt(0))
print(math.ldexp(1.5, 3), math.ldexp(1.0, -1074), math.ldexp(1.0, -1075), math.ldexp(3.0, 2**70 * -1), math.ldexp(0.75, 1025 - 1))
print(math.nextafter(1.0, 2.0, steps=3), math.nextafter(0.0, -1.0), math.nextafter(-0.0, 1.0, steps=0), math.nextafter(1.0, -1.0, steps=2**70), math.nextafter(5e-324, -1.0, steps=3))
print(math.fma(2.0, 3.0, 1.0), math.fma(0.1, 10, -1.0), math.log(10**400, 10), math.log2(2**1000 * 3), math.log10(10**500), math.log(2**1024))
print(math.pi, math.e, math.tau, math.inf, math.nan, math.trunc(-3.9), math.floor(-0.5), math.ceil(2**70 + 0.0), math.lgamma(-2.5), math.gamma(-2.5), math.gamma(0.5), math.gamma(170.5), math.gamma(-170.5), math.lgamma(1e300))
errs = [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.log(-1), lambda: math.exp(1000), lambda: math.factorial(-1), lambda: math.factorial(2.5), lambda: math.comb(-1, 2),
        lambda: math.comb(3, -2), lambda: math.perm(-1), lambda: math.isqrt(-4), lambda: math.sqrt("x"), lambda: math.ldexp(1.0, 2.0), lambda: math.gamma(0), lambda: math.gamma(-3),
        lambda: math.lgamma(0), lambda: math.gamma(200), lambda: math.pow(0.0, -1.0), lambda: math.pow(-2.0, 0.5), lambda: math.pow(10.0, 400.0), lambda: math.fmod(1.0, 0.0), lambda: math.fmod(math.inf, 1.0),
        lambda: math.remainder(1.0, 0.0), lambda: math.atanh(1), lambda: math.acosh(0.5), lambda: math.log(1, 1), lambda: math.log(10, 0.0), lambda: math.dist((1, 2), (1,)), lambda: math.sumprod([1], [1, 2]),
        lambda: math.trunc("x"), lambda: math.floor("x"), lambda: math.isclose(1, 2, rel_tol=-1), lambda: math.nextafter(1.0, 2.0, steps=-1), lambda: math.fma(math.inf, 0.0, 1.0), lambda: math.fma(1e308, 10.0, 0.0),
        lambda: math.log1p(-1), lambda: math.cosh(1000), lambda: math.fsum(["a"]), lambda: math.hypot("a"), lambda: math.factorial(10**20), lambda: math.floor(math.inf), lambda: math.ceil(math.nan), lambda: math.exp2(2000), lambda: math.expm1(1000),
        lambda: math.tan(math.inf), lambda: math.sin(math.inf), lambda: math.log2(-0.5), lambda: math.log10(0), lambda: math.sqrt(), lambda: math.sqrt(1, 2), lambda: math.pow(1), lambda: math.comb(1), lambda: math.log(), lambda: math.gcd(1.5), lambda: math.isclose(1), lambda: math.prod()]
for f in errs:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
# A deterministic spread of values for the functions CPython computes itself.
s = 12345
spread = []
for i in range(200):
    s = (s * 6364136223846793005 + 1442695040888963407) % 2**64
    m = (s >> 11) / 2**53
    e = (s % 97) - 48
    spread.append((-1 if s & 1 else 1) * m * 2.0 ** (e / 4))
for name in ['gamma', 'lgamma', 'erf', 'erfc', 'cbrt', 'asinh', 'acosh', 'atanh', 'expm1', 'log1p']:
    f = getattr(math, name)
    out = []
    for v in spread:
        try:
            out.append(f(v))
        except (ValueError, OverflowError) as e:
            out.append(type(e).__name__)
    print(name, out[:40])
    print(name, math.fsum(x for x in out if type(x) is float and math.isfinite(x)))
print([math.hypot(spread[i], spread[i + 1], 1.5) for i in range(0, 40, 2)])
print(math.sumprod(spread, spread[::-1]), math.fsum(spread), math.dist(spread[:50], spread[50:100]))
# Results exactly halfway between two shortest reprs print with the even digit, as dtoa does.
print(math.exp(34.76124624170921), math.cosh(-36.039214608217115), 1249158152965308.25, 2241826718249114.75, 123456789012345.625)
