# Class patterns: __match_args__, keywords, inherited and overridden __match_args__, builtins that match themselves (int, str, bool, float, list, dict, tuple, ...), missing attributes, properties, CPython's TypeErrors; a hot loop.
from collections import OrderedDict, deque


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    __match_args__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class Labelled(Point):
    def __init__(self, x, y, label):
        super().__init__(x, y)
        self.label = label


class Lazy:
    @property
    def value(self):
        return 10

    @property
    def broken(self):
        raise AttributeError("nope")

    @property
    def fails(self):
        raise KeyError("boom")


def where(p):
    match p:
        case Point3(0, 0, 0):
            return "3d origin"
        case Point3(x, y, z=zz):
            return f"3d {x} {y} {zz}"
        case Labelled(x, y, label="home"):
            return f"home at {x},{y}"
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return f"on the y axis at {y}"
        case Point(x, 0):
            return f"on the x axis at {x}"
        case Point(x, y) if x == y:
            return "diagonal"
        case Point():
            return "somewhere"
        case _:
            return "not a point"


for p in [Point3(0, 0, 0), Point3(1, 2, 3), Labelled(4, 5, "home"), Labelled(0, 3, "x"),
          Point(0, 0), Point(0, 7), Point(7, 0), Point(3, 3), Point(1, 2), "point"]:
    print(where(p))


def builtin_kind(v):
    match v:
        case bool(b):
            return ("bool", b)
        case int(i):
            return ("int", i)
        case float(f):
            return ("float", f)
        case str(s) if s:
            return ("str", s)
        case bytes(b):
            return ("bytes-like", b)
        case list([x, *_]):
            return ("list starting with", x)
        case tuple((a, b)):
            return ("2-tuple", a, b)
        case dict({"k": k}):
            return ("dict with k", k)
        case set(s) | frozenset(s):
            return ("set", len(s))
        case _:
            return ("other", type(v).__name__)


class MyInt(int):
    pass


for v in [True, 3, MyInt(4), 2.5, "s", "", b"b", [9, 8], (1, 2), {"k": 0},
          {1, 2}, frozenset([1]), None, (1, 2, 3)]:
    print(builtin_kind(v))

match Lazy():
    case Lazy(value=10, broken=_):
        print("wrong: broken raised AttributeError, which fails the match")
    case Lazy(value=v):
        print("lazy value", v)

try:
    match Lazy():
        case Lazy(fails=_):
            print("wrong")
except KeyError as e:
    print("KeyError", e)

# Missing attributes fail the match quietly.
match Point(1, 2):
    case Point(z=_):
        print("wrong")
    case Point(y=y):
        print("no z, y is", y)


class NoArgs:
    pass


class BadArgs:
    __match_args__ = ["x"]


class NotStrings:
    __match_args__ = (1,)


class Twice:
    __match_args__ = ("a",)
    a = 1


def attempt(label, fn):
    try:
        print(label, fn())
    except TypeError as e:
        print(label, "TypeError:", e)


def too_many():
    match Point(1, 2):
        case Point(1, 2, 3):
            return "matched"


def no_args():
    match NoArgs():
        case NoArgs(1):
            return "matched"


def bad_args():
    match BadArgs():
        case BadArgs(1):
            return "matched"


def not_strings():
    match NotStrings():
        case NotStrings(1):
            return "matched"


def twice():
    match Twice():
        case Twice(1, a=1):
            return "matched"


def not_a_class():
    match 1:
        case len():
            return "matched"


def int_two():
    match 5:
        case int(5, 6):
            return "matched"


def c_type():
    match deque([1]):
        case deque(1):
            return "matched"


def dict_subclass_self():
    match OrderedDict(a=1):
        case OrderedDict({"a": a}):
            return ("ordered", a)


for label, fn in [("c type", c_type), ("dict subclass", dict_subclass_self), ("too many", too_many), ("no args", no_args), ("bad args", bad_args),
                  ("not strings", not_strings), ("twice", twice), ("not a class", not_a_class),
                  ("int two", int_two)]:
    attempt(label, fn)

# Hot: MATCH_CLASS and the attribute tuple unpacking in a loop.
def hot(pts):
    score = 0
    for _ in range(30):
        for p in pts:
            match p:
                case Point3(x, y, z):
                    score += x + y + z
                case Point(0, y):
                    score += y
                case Point(x, y):
                    score += x * y
    return score


print(hot([Point(i % 3, i % 5) for i in range(60)] + [Point3(i, i, i) for i in range(20)]))
