def comps(xs):
    a = [x * 2 for x in xs]
    b = {x for x in xs if x > 1}
    c = {x: x * x for x in xs}
    d = [(x, y) for x in xs for y in xs if x != y]
    e = sum(x for x in xs)
    return a, b, c, d, e

r = [x * 2 for x in range(3)]
s = {k: v for k, v in [(1, 2)]}
print(comps([1, 2, 3]), r, s)
