# Hot attribute, method and isinstance paths at sites that see several classes (the generic
# load after deopts), hooks added to a class while its sites are hot, and the specialized
# forms' edge cases: isinstance with a tuple or an __instancecheck__ metaclass, a property
# getter with a default, stores into an instance dict by hint, super() in a hot method.


class Base:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v

    def twice(self):
        return 2 * self.v


class Left(Base):
    pass


class Right(Base):
    def get(self):
        return -self.v


class Shadow(Base):
    def __init__(self, v):
        super().__init__(v)
        # An instance attribute named like a method of the class: it wins.
        self.twice = lambda: "shadowed"


def poly_sites(objs):
    total = 0
    names = []
    for o in objs:
        total += o.get()
        r = o.twice()
        if isinstance(r, str):
            names.append(r)
        else:
            total += r
        m = o.get
        total += m()
        total += o.v
    return total, len(names), names[0]


objs = [Left(1), Right(2), Shadow(3), Base(4)] * 40
print("poly", poly_sites(objs))


class Meta(type):
    def __instancecheck__(cls, obj):
        return getattr(obj, "duck", False)


class Duck(metaclass=Meta):
    pass


class Quacks:
    duck = True


def checks(items):
    counts = [0] * 6
    for x in items:
        if isinstance(x, Base):
            counts[0] += 1
        if isinstance(x, (int, str)):
            counts[1] += 1
        if isinstance(x, Duck):
            counts[2] += 1
        if isinstance(x, object):
            counts[3] += 1
        if isinstance(x, int):
            counts[4] += 1
        if isinstance(x, type):
            counts[5] += 1
    return counts


print("isinstance", checks([Left(1), 3, "s", Quacks(), True, int, 2.5, Right(0)] * 30))


class Temp:
    def __init__(self, c):
        self.c = c

    @property
    def f(self, scale=9):
        return self.c * scale / 5 + 32


def read_props(ts):
    return sum(t.f for t in ts)


print("property", read_props([Temp(i) for i in range(50)]))


class Logged:
    def __init__(self):
        self.x = 0


def store_many(o, n):
    for i in range(n):
        o.x = i
    return o.x


log = []
a = Logged()
print("plain", store_many(a, 100))


def hook(self, name, value):
    log.append((name, value))
    object.__setattr__(self, name, value * 10)


Logged.__setattr__ = hook
print("hooked", store_many(a, 3), log)
del Logged.__setattr__
print("unhooked", store_many(a, 5))


def loads(o, n):
    t = 0
    for _ in range(n):
        t += o.x
    return t


Logged.__getattribute__ = lambda self, name: 7
print("getattribute", loads(a, 40))
del Logged.__getattribute__
print("plain again", loads(a, 40))


class Wide:
    def __init__(self):
        for i in range(40):
            setattr(self, "a%d" % i, i)


def bump(ws):
    for w in ws:
        w.a5 = w.a5 + 1
        w.a39 = str(w.a39)
        w.a0 = None
    return [(w.a5, w.a39, w.a0) for w in ws[:2]]


ws = [Wide() for _ in range(3)]
for _ in range(30):
    r = bump(ws)
print("hint", r)


class Counter(Base):
    def get(self):
        return super().get() + 100

    def twice(self):
        return super().twice() + 1


def supers(cs):
    return sum(c.get() + c.twice() for c in cs)


print("super", supers([Counter(i) for i in range(60)]))


def errors(items):
    out = []
    for it in items:
        try:
            out.append(it.missing)
        except AttributeError as e:
            out.append(str(e))
        e = ValueError(it.v)
        out.append(e.args)
    return out[-4:]


print("errors", errors([Left(1), Right(2)] * 20))
