# Rarer specialized forms: CALL_BOUND_METHOD_GENERAL, LOAD_SUPER_ATTR_ATTR, LOAD_ATTR_SLOT,
# STORE_ATTR_SLOT, LOAD_ATTR_METHOD_LAZY_DICT (methods on exception objects).
class Shape:
    sides = 0

    def __init__(self, w):
        self.w = w

    def scale(self, k=2):
        return self.w * k

    def get_area(self):
        return self.w * self.w


class Square(Shape):
    sides = 4

    def describe(self):
        return super().sides + self.sides


class Pair:
    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a = a
        self.b = b


class Problem(Exception):
    def weight(self):
        return len(self.args)


sq = Square(3)
scale = sq.scale
pair = Pair(1, 2)
err = Problem("x", "y")
total = 0
for i in range(300):
    total += scale()
    total += sq.describe()
    pair.a = pair.b + i
    total += pair.a - pair.b
    total += sq.get_area()
    total += err.weight()
print(total, pair.a, pair.b, sq.get_area(), Square.sides)
