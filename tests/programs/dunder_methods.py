# Operator dunders on user classes: __eq__ __lt__ __len__ __add__ __getitem__ __contains__.
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __eq__(self, other):
        return self.x == other.x and self.y == other.y

    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"


class Bag:
    def __init__(self, items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __contains__(self, x):
        return x in self.items


a = Vec(1, 2)
b = Vec(3, 4)
print(a + b, a == Vec(1, 2), a == b, a != b, a < b, b < a)
print(sorted([Vec(2, 1), Vec(1, 5), Vec(1, 2)]))
print(min([Vec(3, 3), Vec(0, 9)]), max([Vec(3, 3), Vec(0, 9)]))
bag = Bag("hello")
print(len(bag), bag[1], "e" in bag, "z" in bag, bool(bag), bool(Bag([])))
total = Vec(0, 0)
for i in range(200):
    total = total + Vec(i, 1)
print(total)
