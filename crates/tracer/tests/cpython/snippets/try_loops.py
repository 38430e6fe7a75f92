def f(xs):
    try:
        while xs:
            g()
    except E:
        pass
def h(xs):
    return [x for x in xs if x]
