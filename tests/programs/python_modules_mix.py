# dataclasses, typing, enum, abc and collections.abc together: ClassVar and forward-reference fields, enum defaults, a generated __doc__, frozen slotted dataclasses, __init_subclass__ keywords on an ABC, ABCs over enums and enum classes, globals()/vars().
from dataclasses import dataclass, field, fields, asdict
from typing import ClassVar, List, Optional
from enum import Enum, auto
from abc import ABC, abstractmethod
import collections.abc


class Color(Enum):
    RED = auto()
    BLUE = auto()


@dataclass(order=True)
class Item:
    counter: ClassVar[int] = 0
    name: str
    color: Color = Color.RED
    tags: List[str] = field(default_factory=list)
    parent: Optional["Item"] = None


a = Item("a")
b = Item("b", Color.BLUE, ["x"])
print(a, b, [f.name for f in fields(Item)], Item.counter, a < b, Item.__doc__)
print(asdict(b))


@dataclass(frozen=True, slots=True)
class Pt:
    x: int
    y: int


p = Pt(1, 2)
print(p, hash(p) == hash((1, 2)), Pt.__slots__, hasattr(p, "__dict__"))


class Base(ABC):
    registry = []

    def __init_subclass__(cls, kind=None, **kw):
        super().__init_subclass__(**kw)
        Base.registry.append((cls.__name__, kind))

    @abstractmethod
    def run(self): ...


class Job(Base, kind="job"):
    def run(self):
        return "ran"


print(Base.registry, Job().run(), isinstance(Job(), Base), type(Job).__name__)
print(isinstance(Color.RED, collections.abc.Hashable), isinstance(Color, collections.abc.Iterable))
print(globals()["Color"] is Color, sorted(k for k in vars() if not k.startswith("__"))[:4])
