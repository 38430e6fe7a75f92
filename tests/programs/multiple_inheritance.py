# Multiple inheritance: C3 MRO, cooperative super() along it, __mro__/__bases__/__base__, CPython's errors for inconsistent orders, duplicate bases and layout conflicts, invalidation of specialized sites when any class on the MRO changes.
class A:
    def who(self):
        return ["A"]

    def hello(self):
        return "A.hello"


class B(A):
    def who(self):
        return ["B"] + super().who()


class C(A):
    def who(self):
        return ["C"] + super().who()

    def hello(self):
        return "C.hello"


class D(B, C):
    def who(self):
        return ["D"] + super().who()


def names(cls):
    return [k.__name__ for k in cls.__mro__]


print(names(D))
print(D().who())
print(D().hello())
print([b.__name__ for b in D.__bases__], D.__base__.__name__)
print(issubclass(D, C), isinstance(D(), A), issubclass(C, B))


class X: pass
class Y: pass
class Z: pass
class K1(X, Y): pass
class K2(Y, Z): pass
class K3(X, Z): pass
class M(K1, K2, K3): pass
print(names(M))


# Cooperative __init__ with keyword arguments passed along the MRO.
class Base:
    def __init__(self, **kw):
        self.rest = sorted(kw)


class Left(Base):
    def __init__(self, left=0, **kw):
        self.left = left
        super().__init__(**kw)


class Right(Base):
    def __init__(self, right=0, **kw):
        self.right = right
        super().__init__(**kw)


class Both(Left, Right):
    pass


b = Both(left=1, right=2, extra=3)
print(b.left, b.right, b.rest)


# Mixins with exceptions: the layout base is the exception, wherever it is listed.
class Tagged:
    tag = "mixin"

    def describe(self):
        return f"{type(self).__name__}[{self.tag}]: {self}"


class AppError(Tagged, ValueError):
    pass


try:
    raise AppError("bad value")
except ValueError as e:
    print(e.describe(), AppError.__base__.__name__, names(AppError))


class Both2(KeyError, IndexError):
    pass


try:
    raise Both2("k")
except IndexError as e:
    print("caught as IndexError:", repr(e))


# Errors, with CPython's messages.
def attempt(make):
    try:
        make()
    except TypeError as e:
        print("TypeError:", e)


def bad_order():
    class P(A, B):
        pass


def duplicate():
    class P(A, A):
        pass


def layout():
    class S1:
        __slots__ = ("a",)

    class S2:
        __slots__ = ("b",)

    class P(S1, S2):
        pass


def exc_layout():
    class P(OSError, StopIteration):
        pass


def builtin_layout():
    class P(int, str):
        pass


def not_acceptable():
    class P(A, bool):
        pass


attempt(bad_order)
attempt(duplicate)
attempt(layout)
attempt(exc_layout)
attempt(builtin_layout)
attempt(not_acceptable)
attempt(lambda: type("T", (X, K1), {}))
print(names(type("T", (K1, Z), {})))


# Slots from one base, a dict from another.
class Slotted:
    __slots__ = ("s",)


class Plain:
    pass


class Mixed(Slotted, Plain):
    pass


m = Mixed()
m.s = 1
m.other = 2
print(m.s, m.other, Mixed.__base__.__name__)


# Hot sites specialize along the MRO, then see a change made on a base further up.
class Root:
    def value(self):
        return 1

    scale = 10


class Mid1(Root):
    pass


class Mid2(Root):
    pass


class Leaf(Mid1, Mid2):
    pass


def total(objs):
    s = 0
    for o in objs:
        s += o.value() * o.scale
    return s


leaves = [Leaf() for _ in range(200)]
print(total(leaves))
Mid2.value = lambda self: 2
print(total(leaves))
Mid2.scale = 100
print(total(leaves))
Mid1.scale = 1000
print(total(leaves))
del Mid1.scale
print(total(leaves))
Root.value = lambda self: 3
print(total(leaves))
