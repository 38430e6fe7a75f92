# UNPACK_SEQUENCE on iterables that are not tuples or lists: exactly n + 1 items are taken
# (an endless generator unpacks), errors from the iterator propagate unchanged, and the
# messages for too few, too many and non-iterable values match CPython's.


def counting(limit):
    i = 0
    while limit is None or i < limit:
        i += 1
        print("  yield", i)
        yield i


def endless():
    n = 0
    while True:
        n += 1
        yield n


def failing():
    yield 1
    raise KeyError("from the generator")


class Iterable:
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        return iter(self.items)


class BadIter:
    def __iter__(self):
        raise TypeError("__iter__ refused")


class Indexed:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10


def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, type(e).__name__, e)


def two(it):
    a, b = it
    return a, b


def three(it):
    a, b, c = it
    return a, b, c


attempt("gen exact", lambda: two(counting(2)))
attempt("gen too many", lambda: two(counting(5)))
attempt("gen too few", lambda: three(counting(2)))
attempt("endless", lambda: two(x for x in endless()))
attempt("raising", lambda: two(failing()))
attempt("str", lambda: three("xyz"))
attempt("dict", lambda: two({"k": 1, "j": 2}))
attempt("range", lambda: three(range(3)))
attempt("set", lambda: sorted(two({4, 5})))
attempt("instance", lambda: two(Iterable([7, 8])))
attempt("getitem", lambda: three(Indexed()))
attempt("bad iter", lambda: two(BadIter()))
attempt("int", lambda: two(5))
attempt("none", lambda: two(None))
attempt("tuple short", lambda: three((1, 2)))
attempt("tuple long", lambda: two((1, 2, 3)))
attempt("list short", lambda: three([1]))
attempt("list long", lambda: two([1, 2, 3, 4]))
attempt("empty", lambda: two([]))

# The same statements in a loop, so the specialized forms run and deopt on these shapes.
for it in [(1, 2), [3, 4], "ab", range(2), (5, 6, 7), counting(2), iter([8, 9])]:
    attempt("loop", lambda: two(it))
