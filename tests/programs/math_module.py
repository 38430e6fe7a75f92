# The math module: sqrt floor ceil sin cos exp log pi e inf, plus derived computations.
import math

print(math.pi, math.e, math.inf, -math.inf)
print(math.sqrt(2), math.sqrt(16), math.floor(3.7), math.ceil(3.2), math.floor(-3.5), math.ceil(-3.5))
print(math.sin(0), math.cos(0), math.sin(math.pi / 2), math.exp(1), math.exp(0))
print(math.log(math.e), math.log(1), math.log(100, 10), math.log(8, 2))
print(round(math.sin(math.pi), 10), round(math.cos(math.pi), 10))
print(type(math.floor(2.5)).__name__, type(math.sqrt(4)).__name__, math.inf > 10 ** 300)


def hypot(a, b):
    return math.sqrt(a * a + b * b)


print(hypot(3, 4), hypot(5, 12), hypot(1.5, 2.0))
area = 0.0
n = 1000
for i in range(n):
    x = (i + 0.5) / n
    area += math.sqrt(1 - x * x) / n
print(round(area * 4, 6))
angle_sum = 0.0
for deg in range(0, 360, 15):
    rad = deg * math.pi / 180
    angle_sum += math.sin(rad) ** 2 + math.cos(rad) ** 2
print(round(angle_sum, 9))
print(math.floor(10 ** 20 / 3) > 0, math.sqrt(0.0), math.exp(-1000))
