# More big-int behaviour: bitwise ops with negatives, shifts, conversions to and from float,
# round with negative digits, hashing, and the 4300-digit str() limit.
a = 2 ** 100 + 12345
b = -(3 ** 70)
print(a & 0xFFFF, a | 1, a ^ a, ~a, b & 0xFF, b | 0xF, b ^ -1, ~b)
print(a >> 90, b >> 60, -1 << 100, (a << 3) // 8 == a, b % 1000, b // 1000)
print(float(a), float(b), int(1e20), int(-1.5e19), int(2.0 ** 80), 2 ** 80 == 2.0 ** 80)
print(a / 3, b / a, a // -7, a % -7, divmod(b, 10 ** 10))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(a, -30))
print(hash(a), hash(b), hash(2 ** 200), hash(-(2 ** 200)))
print(hash(0.5), hash(1.5), hash(-0.0), hash(float("inf")), hash(2.0 ** 70) == hash(2 ** 70))
print(abs(b), -b > a, max(a, b, 0), sorted([a, b, 0, -1]), a == a + 0.0)
big = 10 ** 4299
print(len(str(big)))
try:
    print(len(str(big * 10)))
except ValueError as e:
    print("ValueError:", e)
f = 1
for i in range(1, 101):
    f *= i
print(str(f)[:20], len(str(f)), f % (2 ** 61 - 1), f // 10 ** 150)
acc = 0
for i in range(300):
    acc = (acc * 31 + i) ^ (acc >> 7)
print(acc % 10 ** 12, len(str(acc)))
# Wide literals in every base (ruff keeps their text; the compiler reads the base).
print(0x1234567890abcdef12345, 0b1_0000000000000000000000000000000000000000000000000000000000000000000001, 0o7777777777777777777777777777, -0xFFFF_FFFF_FFFF_FFFF_FFFF)
