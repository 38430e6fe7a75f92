# Float repr edge cases and round(): shortest repr, exponent forms, inf, nan, -0.0.
print(0.1 + 0.2, 0.1 + 0.7, 1 / 3, 2 / 3, 1.0, 100.0, 1.5e300 * 1.5e10)
print(1e16, 1e15, 123456789012345678.0, 1e-5, 0.0001, 1e-7, 1.25e-10)
print(float("inf"), float("-inf"), float("nan"), -0.0, 0.0 == -0.0)
inf = float("inf")
nan = float("nan")
print(inf > 1e308, nan == nan, nan != nan, inf - inf, -inf)
print(round(2.5), round(3.5), round(-2.5), round(2.675, 2), round(1234.5678, -2), round(7.0))
print(round(0.125, 2), round(0.375, 2), round(5), round(1.23456, 3))
print(3.0 * 2, 7 / 2, 7.5 // 2, 7.5 % 2, -7.5 // 2, 2 ** 0.5, 10 ** -2)
print(float(3), float("1.5"), float(" 2.25 "), int(3.99), int(-3.99), abs(-2.5))
print(1e22, 1e21, 1.7976931348623157e308, 5e-324, 2.0 ** 53, 2.0 ** 53 + 1)
print(repr(0.1), str(0.30000000000000004), 0.1 * 3, 4.35 * 100)
x = 0.0
for i in range(300):
    x += 0.1
print(x)
print(3 * 1.1, 1.1 + 2.2, 3.3 - 1.1, 1e100, 12345.678e-3)
print(min(1.5, 2), max(2, 1.5), sum([0.1] * 10), 1 == 1.0, 1 < 1.5, hash(1.0) == hash(1))
