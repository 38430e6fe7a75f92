# Metaclasses: class C(metaclass=M) with __prepare__, __new__/__init__ through super(), class keywords, methods and dunders of the metaclass on its classes (len, iter, [], in), __call__ overriding instance creation, __instancecheck__/__subclasscheck__, inherited metaclasses, M(name, bases, ns), a function as metaclass, the metaclass conflict error.
class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, [b.__name__ for b in bases], kw)
        return {"injected": 1}

    def __new__(mcls, name, bases, ns, **kw):
        print("new", mcls.__name__, name, sorted(k for k in ns if not k.startswith("__")), kw)
        cls = super().__new__(mcls, name, bases, ns)
        cls.tag = kw.get("tag", "none")
        return cls

    def __init__(cls, name, bases, ns, **kw):
        print("init", cls.__name__)
        super().__init__(name, bases, ns)

    def describe(cls):
        return f"<{cls.__name__} tagged {cls.tag}>"

    def __len__(cls):
        return 42

    def __iter__(cls):
        return iter([1, 2, 3])

    def __getitem__(cls, key):
        return key * 2

    def __contains__(cls, item):
        return item == "yes"


class A(metaclass=Meta, tag="a"):
    x = 1
    def hello(self):
        return "hello"


class B(A):
    y = 2


print(type(A).__name__, type(B).__name__, A.injected, A.tag, B.tag, A.describe(), B.describe())
print(len(A), list(A), A[21], "yes" in A, "no" in A, isinstance(A, Meta), isinstance(A(), A), A().hello())
print(type(A()).__name__, B.__mro__ == (B, A, object), issubclass(Meta, type))


class Counting(type):
    calls = 0
    def __call__(cls, *args, **kw):
        Counting.calls += 1
        obj = super().__call__(*args, **kw)
        obj.made_by = "Counting"
        return obj


class P(metaclass=Counting):
    def __init__(self, v):
        self.v = v

ps = [P(i) for i in range(50)]
print(Counting.calls, ps[3].v, ps[3].made_by)


class Even(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, int) and obj % 2 == 0
    def __subclasscheck__(cls, sub):
        return sub is bool


class EvenNumber(metaclass=Even):
    pass

print(isinstance(4, EvenNumber), isinstance(3, EvenNumber), isinstance("x", EvenNumber), issubclass(bool, EvenNumber), issubclass(int, EvenNumber))
print(isinstance(EvenNumber(), EvenNumber))
hits = 0
for i in range(100):
    if isinstance(i, EvenNumber):
        hits += 1
print(hits)


class Registry(type):
    registry = []
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        Registry.registry.append(name)


class Base(metaclass=Registry):
    pass


class One(Base):
    pass


class Two(Base):
    pass

print(Registry.registry)
Dyn = Meta("Dyn", (), {"z": 3})
print(type(Dyn).__name__, Dyn.z, Dyn.tag)
print(type(Meta).__name__, type(type).__name__)


class GenericLike:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__}]"

print(GenericLike[int])


class M1(type):
    pass


class M2(type):
    pass


class X1(metaclass=M1):
    pass


class X2(metaclass=M2):
    pass

try:
    class Bad(X1, X2):
        pass
except TypeError as e:
    print("TypeError", e)


class Sub(M1):
    pass


class Y(X1, metaclass=Sub):
    pass

print(type(Y).__name__)


class Z(Y):
    pass
print(type(Z).__name__)


def plain_meta(name, bases, ns, **kw):
    return f"{name}:{sorted(k for k in ns if not k.startswith('__'))}:{kw}"


class Q(metaclass=plain_meta, flag=1):
    a = 1

print(Q)
