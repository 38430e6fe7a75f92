# __slots__: member descriptors, fixed slot storage, no __dict__, and the attribute forms CPython
# 3.13 picks for them: LOAD_ATTR_SLOT, STORE_ATTR_SLOT (also `obj.__class__`, read as a slot),
# LOAD_ATTR_METHOD_NO_DICT and LOAD_ATTR_NONDESCRIPTOR_NO_DICT on instances without a __dict__.
class Vec:
    __slots__ = ("y", "x")
    dims = 2

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y


class Vec3(Vec):
    __slots__ = ["z"]

    def __init__(self, x, y, z):
        Vec.__init__(self, x, y)
        self.z = z


class Tagged(Vec):
    pass


class Private:
    __slots__ = "__secret"

    def __init__(self, s):
        self.__secret = s

    def reveal(self):
        return self.__secret


def report(what, err):
    print(what, type(err).__name__ + ":", err)


v = Vec(3, 4)
print(Vec.x, Vec.y, Vec.__slots__, type(Vec.x).__name__)
print(Vec3.z, Vec3.x is Vec.x, Private._Private__secret)
try:
    v.z = 1
except AttributeError as e:
    report("store", e)
try:
    v.dims = 3
except AttributeError as e:
    report("class attr", e)
try:
    v.__dict__
except AttributeError as e:
    report("dict", e)
try:
    del v.nothing
except AttributeError as e:
    report("del", e)
del v.x
try:
    v.x
except AttributeError as e:
    report("unset", e)
try:
    del v.x
except AttributeError as e:
    report("del unset", e)
print(hasattr(v, "x"), getattr(v, "x", "default"), hasattr(v, "y"))
v.x = 3
t = Tagged(1, 2)
t.label = "t"
print(t.x, t.label, t.__dict__)
try:

    class Clash:
        __slots__ = ("a",)
        a = 1

except ValueError as e:
    report("class", e)
try:

    class Numbers:
        __slots__ = (1,)

except TypeError as e:
    report("class", e)


def hot(n):
    a = Vec(1, 2)
    b = Vec3(1, 2, 3)
    p = Private("s")
    total = 0
    for i in range(n):
        a.x = i
        b.z = a.x + b.z
        total += a.dot(a) + a.dims + b.y + len(p.reveal())
        total += a.__class__ is Vec
    return total, b.z


print(hot(100))
print(hot(3))


def flaky(n):
    # The slot is sometimes empty: _LOAD_ATTR_SLOT deopts, the generic path raises.
    v = Vec(0, 0)
    misses = 0
    for i in range(n):
        if i % 10 == 9:
            del v.y
        try:
            misses += v.y
        except AttributeError:
            misses += 1
            v.y = 0
    return misses


print(flaky(200))
