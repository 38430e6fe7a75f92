# PEP 695 / 696 (listing only: the VM has no TypeVar objects yet): generic functions, classes and
# type aliases, bounds, constraints and defaults, annotation scopes in classes (__classdict__),
# mangled type parameters, starred bases of a generic class, a class referring to itself.

def first[T: (int, str), *Ts, **P](x: T, *args: *Ts, f: Callable[P, T] = None, y=1) -> T:
    return x

def kwonly[T](*, k: T = 3):
    return k

def bounded[T: int = bool, U = str](a=1, *, b=2):
    return a

class Box[T: int, *Ts, **P](object, metaclass=type):
    """doc"""
    attr: T

    def get[S](self, s: S) -> T | S:
        return self.value

    def __init__(self):
        self.value = 1
        super().__init__()

    type Inner[K] = dict[K, T]
    type Plain = list[T]

class Plain[T]:
    pass

type Alias[K, V = int] = dict[K, V]
type Simple = int | str
type Starred[*Ts = *tuple[int]] = tuple[*Ts]

def outer():
    class Local[T]:
        def m[U](self) -> U: ...
    def inner[T](): ...
    type LocalAlias = Local
    return Local, inner

@decorator
def decorated[T](): pass


class C[__T: __B, __U = __T](__B):
    def m[__V](self, x: __T, y: __V): __V
    type __A[__W] = __W | __T

class SA[T](*b): pass
class SB[T](x, *b, y, **k): pass
class SC[T](**k): pass
class SD[T](a, b=1, **k, c=2): pass
class SE[T](b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16, b17, b18, b19, b20, b21, b22, b23, b24, b25, b26, b27, b28, b29, b30, b31, b32, b33, b34, b35, b36, b37, b38, b39): pass

def recursive():
    class Foo[T: Foo]:
        pass
    return Foo

def test_bound(self):
    class X:
        T = int
        def foo[U: T](self): ...
    return X


def modified_later():
    class X:
        T = int
        def foo[U: T](self): ...
        type Alias = T
    T, U = X.foo.__type_params__
    return T
