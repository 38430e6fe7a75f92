"""doc"""
x: int
y: list[int] = []
a.b: int
c[0]: str = 5
(z): int = 3
def f(a: int, /, b: str = "", *args: int, c: float, **kw: dict) -> None:
    q: int
    r: int = 1
    s.t: int
class C:
    u: int = 0
    __p: int
def f2(x):
    y: int
    return y
class K:
    """d"""
    if x:
        a: int = 3
def g(*args: *Ts): pass
