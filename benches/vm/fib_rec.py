# Recursive Fibonacci: call-heavy (CALL_PY_EXACT_ARGS, COMPARE_OP_INT, BINARY_OP_SUBTRACT_INT).
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(29))
