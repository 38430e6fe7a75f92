# An exception raised two delegations deep: the traceback lists every yield from.
def leaf(n):
    yield n
    return 10 // n


def middle(n):
    r = yield from leaf(n)
    yield r


def outer():
    yield from middle(1)
    yield from middle(0)


for item in outer():
    print(item)
