class K:
    base = [1, 2, 3]
    doubled = [x * 2 for x in base]
    names = {n: n for n in ("a", "b")}

def captures(xs):
    fs = [lambda: x for x in xs]
    ys = [y for y in xs if any(y == z for z in xs)]
    return fs, ys

x = 10
vals = [x for x in range(3)]
total = sum([v * x for v in vals])
print(K.doubled, K.names, captures([1]), vals, total, x)
