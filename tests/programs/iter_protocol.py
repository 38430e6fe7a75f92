# User-defined iterators: __iter__/__next__ raising StopIteration, consumed by for, list, sum, zip.
class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


class Cycle:
    def __init__(self, items, limit):
        self.items = items
        self.limit = limit

    def __iter__(self):
        i = 0
        while i < self.limit:
            yield self.items[i % len(self.items)]
            i += 1


print(list(Countdown(5)), sum(Countdown(100)))
print(list(zip(Countdown(3), Cycle("ab", 10))), list(Cycle([1, 2, 3], 7)))
it = iter(Countdown(2))
print(next(it), next(it), next(it, "stop"))
try:
    next(Countdown(0))
except StopIteration:
    print("StopIteration raised")
words = iter(["alpha", "beta"])
for w in words:
    print(w, end=" ")
print()
total = 0
for v in Cycle(list(range(7)), 400):
    total += v
print(total, max(Countdown(9)), sorted(Cycle("cab", 3)), any(Countdown(0)))
print(list(enumerate(Countdown(3))), dict(zip(Cycle("xy", 2), Countdown(2))))
