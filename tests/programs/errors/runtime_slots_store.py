# Storing an attribute a __slots__ class does not declare: no __dict__ to put it in.
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def shift(self, dz):
        self.x += dz
        self.z = dz


p = Point(1, 2)
p.shift(3)
