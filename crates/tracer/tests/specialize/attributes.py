import math


class Point:
    origin = 0

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y

    def shifted(self, d):
        return Point(self.x + d, self.y + self.origin)


class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

    def norm2(self):
        return super().norm2() + self.z * self.z


def run():
    total = 0
    for i in range(40):
        p = Point(i, i + 1)
        q = p.shifted(2)
        r = Point3(i, 1, 2)
        total += q.norm2() + r.norm2() + Point.origin
        total += int(math.sqrt(p.x * p.x))
    return total


run()
