# Integer edge cases: signed floor division and modulo, shifts, parsing, mixed comparisons.
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (1, 7), (-1, 7)]
for a, b in pairs:
    print(a, b, a // b, a % b, divmod(a, b), a / b)
print(1 << 70, (1 << 70) >> 69, -1 >> 3, -16 >> 2, 5 << 0)
print(int(" 42 "), int("-0"), int("1_000"), int("+7"), int(-0.9), int(2.0 ** 60))
print(2 ** 63 == 2.0 ** 63, 2 ** 63 + 1 > 2.0 ** 63, 10 ** 20 < 1e21, 3 == 3.0, 1 != 1.0)
print(abs(-2 ** 63), -(2 ** 63) // -1, (-2) ** 63, (-2) ** 64, 0 ** 0, pow(-3, 3))
print(True + 1, False * 10, True / 2, -True, int(True) + int(False))
print(9 ** 0.5, 8 ** (1 / 3), 2 ** -2, (-8) // 3, -8 % 3, 8 % -3)
print(123456789 * 987654321, 111111111 ** 2, 12345678901234567890 // 1234567890)
print(max(-1, -2, -3), min(10 ** 30, 10 ** 29), sorted([3, -1, 10 ** 25, -10 ** 25, 0]))
print(hash(-1), hash(-2), hash(10 ** 30) == hash(10 ** 30), hash(2 ** 61 - 1), hash(-(2 ** 61)))
n = 0
for i in range(-150, 150):
    n += i // 7 + i % 7
print(n)
x = 1
for i in range(70):
    x = (x << 1) ^ i
print(x, len(str(x)), x % 1000003)
