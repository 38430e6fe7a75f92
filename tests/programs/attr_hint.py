# Attributes outside the inline values: LOAD_ATTR_WITH_HINT / STORE_ATTR_WITH_HINT once an
# instance outgrows its class's 30 shared keys (its values move to a real dict), and
# LOAD_ATTR_METHOD_LAZY_DICT for methods of objects whose dict is not created yet (exceptions,
# subclasses of __slots__ classes; `if exc:` is TO_BOOL_ALWAYS_TRUE).
class Record:
    kind = "record"

    def size(self):
        return len(self.__dict__)


class Problem(Exception):
    def weight(self):
        return len(self.args)


class Coded(Exception):
    def __init__(self, code):
        self.code = code

    def level(self):
        return self.code * 2


class Base:
    __slots__ = ("a",)


class Open(Base):
    def twice(self):
        return self.a * 2


def wide(n):
    r = Record()
    for k in range(32):
        setattr(r, "f%d" % k, k)
    total = 0
    for i in range(n):
        r.f3 = i
        total += r.f3 + r.f31 + r.size()
        total += len(r.kind)
    return total, r.f3, r.size()


def narrow(n):
    # Same class, but this instance stays small: its values are still inline.
    r = Record()
    r.f0 = 1
    total = 0
    for i in range(n):
        total += r.f0
    return total


def lazy(n):
    p = Problem("x", "y")
    o = Open()
    o.a = 3
    total = 0
    for i in range(n):
        total += p.weight() + o.twice()
        if p:
            total += 1
    return total


def materialized(n):
    c = Coded(4)
    o = Open()
    o.a = 2
    o.note = "dict now"
    total = 0
    for i in range(n):
        total += c.level() + o.twice() + c.code
    return total, o.note


print(wide(100))
print(narrow(100))
print(lazy(100))
print(materialized(100))
r = Record()
for k in range(31):
    setattr(r, "g%d" % k, k)
print(r.size(), r.g0, r.g30, list(r.__dict__)[:3], list(r.__dict__)[-1])
del r.g5
print(r.size(), hasattr(r, "g5"))
c = Coded(7)
print(c.code, c.__dict__, Problem(1).args, vars(c))
try:
    vars(Base())
except TypeError as e:
    print("TypeError:", e)
# __dict__ shows each instance's own assignment order, also after its values move to a dict.
a = Record()
a.x, a.y, a.z = 1, 2, 3
b = Record()
b.z = 1
b.x = 2
print(vars(a), vars(b))
del a.x
a.x = 9
b.y = 5
print(list(vars(a)), list(vars(b)))
for k in range(30):
    setattr(b, "late%d" % k, k)
print(list(vars(b))[:4], len(vars(b)))
