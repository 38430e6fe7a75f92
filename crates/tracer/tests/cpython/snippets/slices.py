def slices(xs, i, j):
    a = xs[1:]
    b = xs[:-1]
    c = xs[::2]
    d = xs[i:j]
    e = xs[i:j:2]
    f = xs[-1]
    xs[i:] = []
    del xs[:1]
    del xs[::2]
    g = xs[:]
    return a, b, c, d, e, f, g

print(slices(list(range(10)), 2, 5))
