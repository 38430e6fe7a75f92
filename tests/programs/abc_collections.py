# abc and collections.abc: ABCMeta, abstractmethod and the abstract-instantiation error, register, __subclasshook__, the container ABCs recognising builtin and user types, the mixin methods of Sequence and MutableMapping, a hot isinstance through __instancecheck__.
import abc
from abc import ABC, ABCMeta, abstractmethod
class Shape(ABC):
    @abstractmethod
    def area(self): ...
    @abstractmethod
    def name(self): ...
    def describe(self):
        return f"{self.name()} of area {self.area()}"
class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
class Named(Square):
    def name(self):
        return "square"
for c in (Shape, Square):
    try:
        c(2) if c is Square else c()
    except TypeError as e:
        print(e)
n = Named(3)
print(n.describe(), isinstance(n, Shape), issubclass(Named, Shape), type(Shape).__name__, sorted(Shape.__abstractmethods__), Named.__abstractmethods__)
class Plugin(metaclass=ABCMeta):
    pass
class Foreign:
    pass
Plugin.register(Foreign)
print(isinstance(Foreign(), Plugin), issubclass(Foreign, Plugin), isinstance(3, Plugin))
@Plugin.register
class Other:
    pass
print(issubclass(Other, Plugin), abc.get_cache_token() > 0)
class Quacks(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Quacks:
            return any(callable(getattr(B, "quack", None)) for B in C.__mro__)
        return NotImplemented
class Duck:
    def quack(self):
        return "quack"
print(isinstance(Duck(), Quacks), isinstance(1, Quacks), issubclass(Duck, Quacks))
total = 0
for i in range(200):
    if isinstance(Duck(), Quacks):
        total += 1
print(total)
try:
    Plugin.register(3)
except TypeError as e:
    print(e)
import collections.abc
from collections.abc import Iterator, Iterable, Sized, Hashable, Sequence, Mapping, MutableMapping, Callable, Generator, Set, MutableSequence, Container, Collection, Reversible
print(collections.abc.Iterable is Iterable, Iterator.__module__, Iterator.__name__)
def gen():
    yield 1
for v in ([], (), "s", {}, set(), frozenset(), range(3), iter([]), gen(), 3, 2.5, None, len, lambda: 0, b"x", {}.keys(), zip(), map(len, [])):
    print(type(v).__name__, [abc.__name__ for abc in (Iterator, Iterable, Sized, Hashable, Sequence, Mapping, MutableMapping, Callable, Generator, Set, MutableSequence, Container, Collection, Reversible) if isinstance(v, abc)])
class Countdown(Iterator):
    def __init__(self, n):
        self.n = n
    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n
print(list(Countdown(4)), iter(Countdown(1)).__class__.__name__)
class Box(Sequence):
    def __init__(self, *items):
        self.items = items
    def __getitem__(self, i):
        return self.items[i]
    def __len__(self):
        return len(self.items)
b = Box(3, 1, 4, 1)
print(list(b), 4 in b, list(reversed(b)), b.index(1), b.count(1), isinstance(b, Reversible))
class Registry(MutableMapping):
    def __init__(self):
        self.d = {}
    def __getitem__(self, k):
        return self.d[k]
    def __setitem__(self, k, v):
        self.d[k] = v
    def __delitem__(self, k):
        del self.d[k]
    def __iter__(self):
        return iter(self.d)
    def __len__(self):
        return len(self.d)
r = Registry()
r["a"] = 1
r.update(b=2, c=3)
print(r.get("a"), r.get("z", 0), sorted(r.keys()), sorted(r.items()), r.pop("b"), len(r), r.setdefault("q", 9), "q" in r, r == {"a": 1, "c": 3, "q": 9})
try:
    Sequence()
except TypeError as e:
    print(e)
class Thing:
    def __len__(self):
        return 0
print(isinstance(Thing(), Sized), issubclass(Thing, Collection), isinstance(Thing(), Hashable))
class NoHash:
    __hash__ = None
print(isinstance(NoHash(), Hashable))
