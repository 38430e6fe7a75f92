# *args / **kwargs in definitions and calls (CALL_FUNCTION_EX, LIST_EXTEND, DICT_MERGE).


def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)


def g(a, b):
    return a + b


def total(*nums):
    s = 0
    for n in nums:
        s += n
    return s


def options(**kw):
    return sorted(kw.items())


def forward(*args, **kwargs):
    return f(*args, **kwargs)


class Box:
    def __init__(self, *items, **meta):
        self.items = items
        self.meta = meta

    def add(self, *more):
        return len(self.items) + len(more)


class Settings:
    def keys(self):
        return ["c", "d"]

    def __getitem__(self, key):
        return key * 2


def attempt(label, fn, *args, **kwargs):
    try:
        print(label, fn(*args, **kwargs))
    except TypeError as e:
        print(label, "TypeError:", e)


def main():
    print(f(1, 2, 3, c=5, e=6))
    print(f(*[1, 2], c=3))
    print(f(**{"a": 1, "c": 2}))
    print(f(1, *(7, 8), 9, c=0, **{"x": 1}, y=2))
    print(forward(1, 2, 3, c=4, z=5))
    print(f(0, **Settings()))
    print(total(), total(1, 2, 3), total(*range(10)))
    print(options(b=2, a=1), options(**{"k": "v"}, j=0))
    b = Box(1, 2, 3, color="red")
    print(b.items, b.meta, b.add(*b.items), b.add())
    nums = [1, 2]
    acc = 0
    for i in range(50):
        acc += g(*nums) + total(i, *nums) + len(options(**{"i": i}))
    print(acc)
    print(max(*[3, 9, 4]), print(*["a", "b"], sep="-"))
    attempt("star int", f, *[1], c=1)
    attempt("too many", g, 1, 2, 3)
    attempt("unexpected", g, 1, z=3)
    attempt("missing", f)
    attempt("missing kwonly", f, 1, 2, 3, 4)
    try:
        f(*1, c=1)
    except TypeError as e:
        print("TypeError:", e)
    try:
        f(1, *2)
    except TypeError as e:
        print("TypeError:", e)
    try:
        f(1, **1)
    except TypeError as e:
        print("TypeError:", e)
    try:
        f(1, c=1, **{"c": 2})
    except TypeError as e:
        print("TypeError:", e)
    try:
        g(**{1: 2})
    except TypeError as e:
        print("TypeError:", e)
    try:
        g(1, b=2, **{"b": 3})
    except TypeError as e:
        print("TypeError:", e)
    try:
        len(*5)
    except TypeError as e:
        print("TypeError:", e)


main()
