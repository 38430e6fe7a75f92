# Recursion: fib, factorial, ackermann, mutual recursion; CALL_PY_EXACT_ARGS gets hot.
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append((src, dst))
    hanoi(n - 1, via, dst, src, moves)


print([fib(i) for i in range(15)])
print(fib(20))
print(fact(10), fact(20))
print(ackermann(2, 3))
print(is_even(50), is_odd(51), is_even(7))
moves = []
hanoi(4, "A", "C", "B", moves)
print(len(moves), moves[:3], moves[-1])
