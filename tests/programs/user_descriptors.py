# Descriptors written in Python: data descriptors (__get__ with __set__/__delete__) winning over the instance dict, non-data ones losing to it, __get__ on the class (instance None), __set_name__, validation in __set__, a hot load through one.
class Typed:
    def __set_name__(self, owner, name):
        self.name = name
        self.storage = "_" + name

    def __get__(self, inst, owner=None):
        if inst is None:
            return f"<Typed {self.name} of {owner.__name__}>"
        return getattr(inst, self.storage)

    def __set__(self, inst, value):
        if not isinstance(value, int):
            raise TypeError(f"{self.name} must be int, not {type(value).__name__}")
        setattr(inst, self.storage, value)

    def __delete__(self, inst):
        raise AttributeError(f"cannot delete {self.name}")


class Lazy:
    def __init__(self, func):
        self.func = func

    def __get__(self, inst, owner=None):
        if inst is None:
            return self
        value = self.func(inst)
        inst.__dict__[self.func.__name__] = value
        setattr(inst, self.func.__name__, value)
        return value


class Point:
    x = Typed()
    y = Typed()

    def __init__(self, x, y):
        self.x = x
        self.y = y

    @Lazy
    def norm2(self):
        print("computing")
        return self.x * self.x + self.y * self.y


p = Point(3, 4)
print(p.x, p.y, Point.x, p._x, sorted(vars(p)))
p.x = 10
print(p.x)
try:
    p.y = "no"
except TypeError as e:
    print("TypeError", e)
try:
    del p.x
except AttributeError as e:
    print("AttributeError", e)
print(p.norm2, p.norm2, type(Point.norm2).__name__)
total = 0
for i in range(200):
    q = Point(i, 1)
    total += q.x + q.y
print(total)
