# Float formatting beyond repr: format specs g/e/f/%, signs, rounding half-even, containers.
values = [0.0, -0.0, 1.0, 0.5, 2.5, 1234.5678, 1e-7, 123456789.0, 1e16, -3.14159, 0.1 + 0.2]
for v in values:
    print(f"{v!r:>22} {v:.2f} {v:10.3e} {v:g} {v:+.1f}")
print(f"{0.125:.2f} {0.375:.2f} {2.5:.0f} {3.5:.0f} {-2.5:.0f} {1.005:.2f}")
print(f"{1234567.891:,.2f} {0.000123:.2e} {12.0:.0%} {0.5:.1%}")
print(f"{1e308 * 10:f} {-1e308 * 10:.2f} {float('nan'):.3f} {1e22:f}")
print(str(1.0), str(10.0 ** 15), str(10.0 ** 16), str(1 / 7))
print([0.1, 1e-5, -0.0], (2.0, 1e100), {1.5: 2.25})
print(round(1.5), round(0.5), round(-0.5), round(2.675, 2), round(-1.25, 1), round(1e16, -15))
print(3 / 2, -3 / 2, 1 / 3 * 3, 2 ** 0.5 * 2 ** 0.5, 10 / 3 * 3)
print(float(7), float(-0), float("1e3"), float("-inf"), 1e308 * 10, -1e308 * 10)
acc = []
x = 1.0
for i in range(12):
    x = x / 3 + i
    acc.append(round(x, 4))
print(acc)
print(sum([0.1] * 10), sum([1e100, 1.0, -1e100]), max(0.1, 0.10000000000000001))
