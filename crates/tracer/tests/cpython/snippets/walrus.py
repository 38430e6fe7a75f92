if (n := len(a)) > 10:
    print(n)
ys = [y for x in data if (y := f(x)) is not None]
def g(data):
    total = [z for x in data if (z := x + 1)]
    while (chunk := read()):
        use(chunk)
    return z, [[(w := i) for i in r] for r in data], w
