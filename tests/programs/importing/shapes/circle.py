# A module two levels down, imported by its parent package and by a sibling.
from .. import LEVEL

made = []


class Circle:
    def __init__(self, r):
        self.r = r
        made.append(r)

    def area(self):
        return 3 * self.r * self.r


print("circle", __name__, LEVEL)
