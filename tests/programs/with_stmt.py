# with statements: __enter__/__exit__ (looked up on the type), suppression, exceptions from __enter__ and __exit__, return/break/continue in with, nesting, multi-item with, the protocol errors, WITH_EXCEPT_START on hot paths.
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev, tb is None)
        return self.suppress

with CM("a") as c:
    print("body", c.name)

with CM("b", True):
    raise ValueError("boom")
print("after b")

try:
    with CM("c"):
        raise KeyError("k")
except KeyError as e:
    print("caught", repr(e))

def ret():
    with CM("r"):
        return 42
print(ret())

for i in range(3):
    with CM("loop%d" % i):
        if i == 0:
            continue
        if i == 2:
            break
        print("i", i)

with CM("x") as x, CM("y") as y:
    print(x.name, y.name)

with CM("o"):
    with CM("i", True):
        1 / 0
    print("inner suppressed")

class NoEnter:
    pass
class NoExit:
    def __enter__(self):
        return 1
try:
    with NoEnter():
        pass
except TypeError as e:
    print(e)
try:
    with NoExit():
        pass
except TypeError as e:
    print(e)

class Bad:
    def __enter__(self):
        raise RuntimeError("in enter")
    def __exit__(self, *a):
        print("never")
try:
    with Bad():
        print("never")
except RuntimeError as e:
    print("enter failed", e)

class ExitRaises:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise OSError("from exit")
try:
    with ExitRaises():
        raise ValueError("inner")
except OSError as e:
    print("exit raised", e, repr(e.__context__))

def hot(n):
    total = 0
    for i in range(n):
        with CMQ() as q:
            total += q
    return total
class CMQ:
    def __enter__(self):
        return 1
    def __exit__(self, a, b, c):
        return None
print(hot(2000))
def hot_exc(n):
    s = 0
    for i in range(n):
        with Sup():
            if i % 2:
                raise ValueError
            s += 1
    return s
class Sup:
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        return t is ValueError
print(hot_exc(1000))
