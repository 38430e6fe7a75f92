# Classes: __init__, methods, class attributes, __repr__ and __str__.
class Point:
    dimensions = 2

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"

    def __str__(self):
        return f"({self.x}, {self.y})"


class Counter:
    created = 0

    def __init__(self):
        Counter.created += 1
        self.value = 0

    def tick(self):
        self.value += 1
        return self.value


p = Point(3, 4)
print(p.norm2(), Point.dimensions, p.dimensions)
print(p)
print(repr(p))
print(str(p.moved(1, -1)))
print([Point(i, i * 2) for i in range(3)])
c = Counter()
for _ in range(250):
    c.tick()
d = Counter()
d.tick()
print(c.value, d.value, Counter.created)
q = p
for i in range(300):
    q = q.moved(1, 2)
print(q, q.norm2())
print(type(p).__name__, isinstance(p, Point), isinstance(3, Point))
