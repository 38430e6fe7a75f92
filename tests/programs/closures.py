# Closures: cells, nonlocal counters, factories, globals modified with `global`.
calls = 0


def make_counter(start):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count

    return inc


def make_adder(n):
    def add(x):
        return x + n
    return add


def bump():
    global calls
    calls += 1
    return calls


c1 = make_counter(10)
c2 = make_counter(100)
print(c1(), c1(), c1(5), c2())
adders = [make_adder(i) for i in range(5)]
print([f(10) for f in adders])
for _ in range(300):
    bump()
print(calls)


def outer():
    x = 1

    def middle():
        y = 2

        def inner():
            return x + y
        return inner()
    return middle()


print(outer())
total = 0
add3 = make_adder(3)
for i in range(400):
    total = add3(total)
print(total)
