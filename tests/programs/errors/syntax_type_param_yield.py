# A TypeVar bound is evaluated lazily in its own scope: no yield there.
def gen():
    def f[T: (yield)]():
        pass
