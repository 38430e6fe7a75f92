class Point:
    """A point."""
    dims = 2

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

    def pair(self):
        return (self.x, self.y)


class Point3(Point):
    dims = 3

    def __init__(self, x, y, z=0):
        super().__init__(x, y)
        self.z = z

    def norm2(self):
        return super(Point3, self).norm2() + self.z * self.z


class Empty:
    pass


p = Point3(1, 2, 3)
print(p, p.norm2(), p.pair(), Point.dims, Empty())
