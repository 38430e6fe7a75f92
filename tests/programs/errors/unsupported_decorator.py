# Decorators are outside the supported subset.
def deco(f):
    return f


@deco
def g():
    return 1
