# Decorators on def and class, property / staticmethod / classmethod.


def trace(fn):
    def wrapper(x):
        print("calling", fn.__name__, x)
        return fn(x)

    return wrapper


registry = {}


def tag(label):
    def deco(obj):
        registry[label] = obj.__name__
        return obj

    return deco


@trace
def square(x):
    return x * x


@tag("first")
@trace
def double(x):
    return x + x


@tag("kind")
class Point:
    scale = 10

    def __init__(self, x, y):
        self._x = x
        self.y = y

    @property
    def x(self):
        return self._x

    @x.setter
    def x(self, value):
        print("set x", value)
        self._x = value

    @x.deleter
    def x(self):
        print("del x")
        self._x = 0

    @staticmethod
    def origin_name():
        return "origin"

    @classmethod
    def scaled(cls, n):
        return cls(n * cls.scale, n)

    @property
    def norm1(self):
        return abs(self._x) + abs(self.y)


def main():
    print(square(3))
    print(double(4), registry)
    p = Point(1, 2)
    total = 0
    for i in range(40):
        total += p.x + p.norm1
        total += len(Point.origin_name()) + len(p.origin_name())
        q = Point.scaled(i)
        total += q.x
    print(total)
    p.x = 5
    print(p.x)
    del p.x
    print(p.x)
    try:
        p.norm1 = 3
    except AttributeError as e:
        print("AttributeError:", e)
    print(type(Point.x).__name__, type(staticmethod(len)).__name__)


main()
