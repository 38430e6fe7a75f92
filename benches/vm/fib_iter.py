# Iterative Fibonacci: a tight int loop (BINARY_OP_ADD_INT, FOR_ITER_RANGE, STORE_FAST_STORE_FAST).
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


total = 0
for i in range(60000):
    total += fib(90) % 1000
print(total)
