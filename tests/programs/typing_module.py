# typing: generic aliases and their reprs (List[int], Optional, Union, Callable, Tuple[int, ...]), TypeVar substitution, Generic bases through __mro_entries__, isinstance with unsubscripted aliases, Protocol and runtime_checkable checked structurally (callable and data members, explicit subclasses, builtins), CPython's errors, a hot isinstance against a protocol.
import typing
from typing import *
print(List[int], Optional[int], Union[int, str], Union[int, None, str], Dict[str, List[int]], Tuple[int, ...], Callable[[int], str], Iterable[Optional[int]], List, Any, Optional[List[int]])
print(List[int] == List[int], List[int].__origin__, List[int].__args__, get_origin(List[int]), get_args(Dict[str, int]), Union[int] is int, Optional[int] == Union[int, None])
T = TypeVar("T")
print(T, List[T], List[T][str])
try:
    isinstance(1, List[int])
except TypeError as e:
    print(e)
print(isinstance([], List), isinstance({}, Dict), isinstance(1, Iterable), isinstance([], Iterable), issubclass(list, Sequence))
try:
    isinstance(1, Any)
except TypeError as e:
    print(e)
class P(Protocol):
    def f(self): ...
try:
    isinstance(1, P)
except TypeError as e:
    print(e)
try:
    P()
except TypeError as e:
    print(e)
@runtime_checkable
class Q(Protocol):
    x: int
try:
    issubclass(int, Q)
except TypeError as e:
    print(e)
print(cast(int, "a"), TYPE_CHECKING)
class Stack(Generic[T]):
    def __init__(self):
        self.items: List[T] = []
    def push(self, item: T) -> None:
        self.items.append(item)
s = Stack()
s.push(3)
print(Stack.__orig_bases__, Stack.__mro__, s.items)
@runtime_checkable
class Closeable(Protocol):
    def close(self) -> None: ...
@runtime_checkable
class Named(Protocol):
    name: str
    def greet(self) -> str: ...
class File:
    def close(self):
        pass
class Person:
    def __init__(self, name):
        self.name = name
    def greet(self):
        return "hi " + self.name
class Robot:
    name = "r2"
    greet = None
class Explicit(Closeable):
    pass
for obj in (File(), Person("ann"), Robot(), Explicit(), 3, "s"):
    print(type(obj).__name__, isinstance(obj, Closeable), isinstance(obj, Named), isinstance(obj, SupportsInt))
print(issubclass(File, Closeable), issubclass(int, Closeable), issubclass(Explicit, Closeable))
hits = 0
for i in range(300):
    if isinstance(File(), Closeable):
        hits += 1
print(hits)
def annotated(a: List[int], b: Optional[Dict[str, int]] = None) -> Iterable[int]:
    return a
print(annotated.__annotations__)
try:
    class Bad(Protocol, File):
        pass
except TypeError as e:
    print(e)
