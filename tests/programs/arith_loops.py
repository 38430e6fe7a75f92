# Numeric loops: int arithmetic hot enough to specialize BINARY_OP, COMPARE_OP, FOR_ITER_RANGE.
def sum_squares(n):
    total = 0
    for i in range(n):
        total = total + i * i
    return total


def count_down(n):
    steps = 0
    while n > 0:
        n = n - 3
        steps += 1
    return steps, n


def collatz_length(n):
    length = 1
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        length += 1
    return length


print(sum_squares(10))
print(sum_squares(500))
print(count_down(1000))
best = 0
best_n = 0
for n in range(1, 300):
    c = collatz_length(n)
    if c > best:
        best = c
        best_n = n
print("longest collatz under 300:", best_n, best)
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3)
print(2 ** 10, 2 ** -1, 10 / 4, 9 / 3)
print(-(3 - 10), +5, ~5, 5 & 3, 5 | 3, 5 ^ 3, 1 << 10, 1024 >> 3)
