# super() reaching a builtin base's dunders from a list/dict/str subclass (__getitem__ with __missing__, __setitem__, __len__, __iter__, __str__, __eq__, __add__, __hash__, __format__), and descriptors found through super(): classmethod, property, staticmethod.
class Upper(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v.upper())

    def __getitem__(self, k):
        return "<" + super().__getitem__(k) + ">"

    def __missing__(self, k):
        return "missing " + k

    def __contains__(self, k):
        return super().__contains__(k.lower())

    def __repr__(self):
        return "Upper" + super().__repr__()


u = Upper()
u["a"] = "x"
u["b"] = "y"
print(u, u["a"], u["zz"], "A" in u, len(u), list(u))


class Tracked(list):
    def __len__(self):
        return super().__len__() * 10

    def __iter__(self):
        for x in super().__iter__():
            yield x * 2

    def __str__(self):
        return "T" + super().__str__()

    def __eq__(self, other):
        return super().__eq__(other)

    def __add__(self, other):
        return Tracked(super().__add__(other))

    def __delitem__(self, i):
        print("del", i)
        super().__delitem__(i)


t = Tracked([1, 2, 3])
del t[0]
print(len(t), list(t), str(t), t == [2, 3], t + [4], type(t + [4]).__name__, repr(t))


class Name(str):
    def __str__(self):
        return "Name:" + super().__str__()

    def __hash__(self):
        return super().__hash__()

    def __format__(self, spec):
        return "[" + super().__format__(spec) + "]"


n = Name("bo")
print(str(n), hash(n) == hash("bo"), f"{n:>4}", n)


class Base:
    @classmethod
    def make(cls):
        return cls.__name__

    @property
    def prop(self):
        return "base prop"

    @staticmethod
    def stat(x):
        return x + 1


class Child(Base):
    @classmethod
    def make(cls):
        return "child of " + super().make()

    @property
    def prop(self):
        return "child " + super().prop

    def use(self):
        return super().stat(1)


print(Child.make(), Child().prop, Child().use())
