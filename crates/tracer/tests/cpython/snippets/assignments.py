class Box:
    pass

def assign(xs, box, d):
    a = b = 0
    a, *rest = xs
    first, (second, third) = 1, (2, 3)
    box.value = 1
    box.value += 2
    xs[0] += 1
    xs[1:2] += [5]
    d["k"] = d.get("k", 0) + 1
    del box.value
    del d["k"]
    x, y = y2, x2 = 1, 2
    a, b = b, a
    a, b, c = c2, b2, a2 = 1, 2, 3
    return a, b, rest, first, second, third, x, y, y2, x2

print(assign([1, 2, 3], Box(), {}))
