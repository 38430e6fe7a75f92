# An exception raised while a decorator is applied: the traceback points at the decorator line.
def bad(fn):
    raise ValueError("no " + fn.__name__)


class Base:
    @classmethod
    def make(cls):
        return cls.__name__

    @staticmethod
    def twice(x):
        return 2 * x


class Sub(Base):
    pass


print(Sub.make(), Sub().make(), Sub().twice(4), Base.twice(1))


@bad
def victim():
    pass
