# The old sequence protocol: a class with __getitem__ and no __iter__ is iterable by index (for, in, list, unpacking, reversed with __len__) until IndexError or StopIteration; __iter__ = None opts out.
class Squares:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if 0 <= i < self.n:
            return i * i
        raise IndexError(i)


class Bag:
    def __init__(self, items):
        self.items = list(items)

    def __getitem__(self, i):
        return self.items[i]

    def __eq__(self, other):
        return other in self.items


class Until:
    def __getitem__(self, i):
        if i > 2:
            raise StopIteration
        return "abc"[i]


class NotIterable:
    __iter__ = None

    def __getitem__(self, i):
        return i


sq = Squares(5)
a, b, c, d, e = sq
print(a, b, c, d, e, sum(sq), max(sq), [v for v in reversed(sq)])
print([v for v in sq if v % 2], 9 in sq, 10 in sq, tuple(enumerate(sq)))
bag = Bag("hello")
print("e" in bag, "z" in bag, list(bag), sorted(bag), "".join(bag))
total = 0
for i in range(100):
    for v in Squares(4):
        total += v
print(total, list(Until()), *Until())
it = iter(Squares(2))
print(type(it).__name__, next(it), next(it), next(it, "done"), next(it, "done"))
try:
    iter(NotIterable())
except TypeError as err:
    print(err)
try:
    1 in NotIterable()
except TypeError as err:
    print(err)
