# `yield from`: delegation to generators and to plain iterators, the sub-generator's return
# value as the expression's value, exceptions crossing the delegation, and hot loops where
# SEND specializes to SEND_GEN (and deopts when a site sees a non-generator).


def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"


def relay(n):
    result = yield from countdown(n)
    yield result


def chain(iterables):
    for it in iterables:
        yield from it


def tree_walk(node):
    if node is None:
        return 0
    left, value, right = node
    a = yield from tree_walk(left)
    yield value
    b = yield from tree_walk(right)
    return a + b + 1


def failing(n):
    yield n
    raise ValueError("sub-generator failed at " + str(n))


def guarded(n):
    try:
        yield from failing(n)
    except ValueError as e:
        yield "caught: " + str(e)
    return "done"


def averager():
    total = 0
    count = 0
    while True:
        label = yield from countdown(3)
        if label == "liftoff":
            break
    for x in [4, 5, 6]:
        total += x
        count += 1
    return total / count


def collect(gen):
    out = []
    for x in gen:
        out.append(x)
    return out


class Squares:
    """A class-based iterator: SEND calls its __next__."""

    def __init__(self, n):
        self.i = 0
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i * self.i


def wrap(it):
    got = yield from it
    return got


print(collect(relay(3)))
print(collect(chain([[1, 2], (3,), "ab", range(4, 6), {7: 0}])))
tree = ((None, 1, None), 2, ((None, 3, None), 4, None))
walker = tree_walk(tree)
print(collect(walker))
print(collect(guarded(7)))
print(list(wrap(Squares(4))))

g = averager()
print(collect(g))


def result_of(gen):
    """The value `gen` returns, read through one more `yield from`."""
    return collect(relay_result(gen))[-1]


def relay_result(gen):
    result = yield from gen
    yield result


print(result_of(tree_walk(tree)), result_of(guarded(1)), result_of(wrap([])))

exhausted = countdown(2)
print(collect(exhausted), collect(wrap(exhausted)), result_of(wrap(exhausted)))

try:
    collect(relay(None))
except TypeError as e:
    print("TypeError", e)

try:
    for x in chain([[1], failing(2)]):
        print("item", x)
except ValueError as e:
    print("ValueError", e)


def flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


nested = [1, [2, [3, [4, [5]]]], 6, [[7], 8]]
total = 0
for rounds in range(200):
    for v in flatten(nested):
        total += v
print("flatten total", total)


def mixed(sources):
    for s in sources:
        yield from s


acc = 0
for rounds in range(100):
    for v in mixed([countdown(3), [10, 20], countdown(2)]):
        acc += v
print("mixed total", acc)
