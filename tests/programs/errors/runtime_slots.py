# A __slots__ class read hot (LOAD_ATTR_SLOT), then one instance whose slot was never set: the
# guard deopts and the generic load raises AttributeError.
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        if y is not None:
            self.y = y


def norm1(points):
    total = 0
    for p in points:
        total += abs(p.x) + abs(p.y)
    return total


pts = [Point(i, -i) for i in range(100)]
print(norm1(pts))
pts.append(Point(5, None))
print(norm1(pts))
