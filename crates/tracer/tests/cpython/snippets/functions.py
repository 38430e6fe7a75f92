def add(a, b=2, *, c=3):
    return a + b + c

def noargs():
    pass

def doc():
    """A docstring.

    More text.
    """
    return None

def early(x):
    if x:
        return 1
    return -1

def loop_return(xs):
    for x in xs:
        if x > 3:
            return x
    return None

print(add(1, b=5, c=6), noargs(), doc(), early(0), loop_return([1, 5]))
