# Code-object order in `dis`: the module, then nested code in co_consts order, depth first.
# Nested functions, a closure returning a lambda, comprehensions, a generator expression,
# classes with a nested class, super(), a generator with try/except/finally, a module lambda.
import math

G = 3

def outer(a, b=2):
    x = [i * a for i in range(b)]
    def inner(y):
        nonlocal a
        a += y
        return lambda z: z + a + G
    f = inner(1)
    return f(x[0]), {k: v for k, v in zip("ab", x)}, {s for s in x}, list(t for t in x)

class Point:
    scale = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm(self):
        return math.sqrt(self.x ** 2 + self.y ** 2) * self.scale
    class Inner:
        def m(self):
            return [q for q in (1, 2)]

class P3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

def gen(n):
    for i in range(n):
        yield i
    try:
        1 / 0
    except ZeroDivisionError as e:
        print("zde", e)
    finally:
        print("fin")

sq = lambda v: v * v
print(outer(1, 3), Point(3, 4).norm(), P3(1, 2, 3).z, list(gen(3)), sq(4), f"{G!r:>5}")
for _ in range(100):
    outer(2.0, 3)
    Point(1, 2).norm()
