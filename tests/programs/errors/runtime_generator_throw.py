# An exception thrown into a generator suspended in `yield from` that nobody catches.
def inner():
    yield 1


def outer():
    yield from inner()


g = outer()
next(g)
g.throw(ValueError("from outside"))
