def captures(xs):
    fs = [lambda: x for x in xs]
    return fs
ys = [lambda: y for y in range(2)]
