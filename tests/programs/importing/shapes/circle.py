# A module two levels down, imported by its parent package and by a sibling.
import math

from .. import LEVEL

made = []


class Circle:
    def __init__(self, r):
        self.r = r
        made.append(r)

    def area(self):
        return 3 * self.r * self.r

    def exact_area(self):
        # An imported module may import a built-in one.
        return math.pi * self.r * self.r


print("circle", __name__, LEVEL)
