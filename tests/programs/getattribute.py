# A class whose __getattribute__ is a Python function answers every attribute load itself:
# CPython 3.13 specializes such loads to LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN (a frame for the
# hook), but not method loads, not hooks with another signature, and not stores.
class Logged:
    def __init__(self):
        self.x = 1
        self.seen = 0

    def __getattribute__(self, name):
        if name == "virtual":
            return 42
        return object.__getattribute__(self, name)

    def double(self):
        return 2 * self.x


class Slotted(Logged):
    __slots__ = ("a",)

    def __getattribute__(self, name):
        return super().__getattribute__(name)


class Loose:
    def __getattribute__(self, name, default=None):
        return 3


def hot(n):
    g = Logged()
    s = Slotted()
    s.a = 5
    w = Loose()
    total = 0
    for i in range(n):
        s.a = i
        total += g.virtual + g.x + g.double() + s.a + s.double() + w.anything
        total += s.__class__ is Slotted
    return total


print(hot(100))
print(hot(7))
g = Logged()
try:
    g.missing
except AttributeError as e:
    print("AttributeError:", e)
print(hasattr(g, "nope"), getattr(g, "virtual"), g.__class__.__name__, Loose().whatever)
