# Big ints: powers, factorials, mixed big/small arithmetic, division, comparison, printing.
print(2 ** 100)
print(2 ** 64 - 1, -(2 ** 63), 2 ** 63)


def factorial(n):
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result


f50 = factorial(50)
print(f50)
print(len(str(f50)), f50 % 1000007, f50 // 10 ** 60)
print(factorial(25) // factorial(23))
a = 123456789012345678901234567890
b = 987654321098765432109876543210
print(a + b, a - b, a * b)
print(b // a, b % a, divmod(b, a), -b // a)
print(a < b, a == a, a > 10, abs(-a))
x = 1
for i in range(120):
    x = x * 3 + 1
print(x, len(str(x)))
print(2 ** 62 + 2 ** 62, 9223372036854775807 + 1, -9223372036854775808 - 1)
print(int("123456789012345678901234567890") + 1, float(2 ** 70))
print(pow(2, 100, 1000000007), pow(3, 200) % 1000, hash(2 ** 61 - 1), hash(2 ** 61))
print(10 ** 20 / 10 ** 10, 7 ** 30 // 7 ** 28, (-2) ** 65)
