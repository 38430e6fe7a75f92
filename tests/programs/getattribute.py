# A class whose __getattribute__ is a Python function answers every attribute load itself:
# CPython 3.13 specializes such loads to LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN (a frame for the
# hook), but not method loads, not hooks with another signature, and not stores. A __getattr__
# is only a fallback: ordinary loads still specialize, except properties (and anything at all
# when __getattribute__ is overridden too).
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


class Fallback:
    def __init__(self):
        self.x = 1

    def __getattr__(self, name):
        return len(name)

    def get_size(self):
        return 10

    size = property(get_size)

    def double(self):
        return 2 * self.x


class Both(Logged):
    def __getattr__(self, name):
        return -1


def fallback(n):
    f = Fallback()
    b = Both()
    total = 0
    for i in range(n):
        total += f.x + f.double() + f.size + f.missing + b.x + b.virtual + b.nothing
    return total


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
print(fallback(100))
print(getattr(Fallback(), "abc"), hasattr(Fallback(), "anything"), Both().zz)
g = Logged()
try:
    g.missing
except AttributeError as e:
    print("AttributeError:", e)
print(hasattr(g, "nope"), getattr(g, "virtual"), g.__class__.__name__, Loose().whatever)
