# Sequence patterns: fixed length, a star capture, a star wildcard (indexed, not unpacked), nested sequences; which types count as sequences (list, tuple, range, deque, array; not str or bytes); a hot loop.
from array import array
from collections import deque


def shape(s):
    match s:
        case []:
            return "empty"
        case [x]:
            return f"one: {x}"
        case [x, y]:
            return f"two: {x} {y}"
        case [first, *_, last]:
            return f"first {first} last {last}"


def split(s):
    match s:
        case [head, *tail]:
            return head, tail
        case _:
            return None


def middle(s):
    match s:
        case [_, *mid, _]:
            return mid
        case _:
            return "short"


def ends(s):
    match s:
        case [*_, a, b]:
            return ("last two", a, b)
        case [*_]:
            return "too short"
        case _:
            return "not a sequence"


def nested(s):
    match s:
        case [[a, b], [c, d]]:
            return a + b + c + d
        case [(x, y), *rest] if rest:
            return ("pairs", x, y, len(rest))
        case ((p, q), _):
            return ("tuple pair", p, q)
        case _:
            return "no"


values = [[], [1], (1, 2), [1, 2, 3], range(5), "abc", b"ab", deque([7, 8, 9]),
          array("i", [4, 5, 6, 7]), {1: 2}, {3}, 7, (x for x in [])]
for v in values:
    name = type(v).__name__
    print(name, shape(v), split(v), middle(v), ends(v))

print(nested([[1, 2], [3, 4]]), nested([(1, 2), 3, 4]), nested([(1, 2)]), nested(((5, 6), 0)))


class MyList(list):
    pass


class MyTuple(tuple):
    pass


print(shape(MyList([1, 2])), shape(MyTuple((1, 2, 3))), split(MyList()))

# Unpacking in the star form exhausts an iterator-like sequence only once.
match range(10):
    case [0, 1, *rest]:
        print("range rest", rest)

# Hot: tier 1 specializes the length checks and unpacking; tier 2 traces the loop.
def hot(rows):
    acc = 0
    for _ in range(20):
        for row in rows:
            match row:
                case [a, b]:
                    acc += a * b
                case [a]:
                    acc += a
                case [a, *_, z]:
                    acc += a + z
    return acc


print(hot([[i, i + 1] for i in range(50)] + [[i] for i in range(50)] + [[1, 2, 3, i] for i in range(50)]))
