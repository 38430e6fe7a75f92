# Generators: yield, generator expressions, consuming with for/next/sum/list.
def countdown(n):
    while n > 0:
        yield n
        n -= 1


def fib_gen(limit):
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b


def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x


print(list(countdown(5)))
print(list(fib_gen(100)))
print(list(evens(range(15))))
g = countdown(3)
print(next(g), next(g), next(g), next(g, "done"))
print(sum(x * x for x in range(100)))
print(list(x for x in fib_gen(1000) if x % 3 == 0))
total = 0
for v in countdown(500):
    total += v
print(total)
squares = (i * i for i in range(5))
print(next(squares), list(squares))
print(any(x > 50 for x in fib_gen(100)), all(x < 50 for x in fib_gen(100)))
print(max(len(w) for w in ["a", "abc", "ab"]))
