def dead(x):
    if True:
        x += 1
    if 0:
        x += 2
    while 1:
        x += 3
        if x > 10:
            break
    while False:
        x += 4
    assert True
    return x
    print("unreachable")

def forms(xs, d):
    for a, *b in xs:
        print(a, b)
    for k, v in d.items():
        print(k, v)
    return {k: v for k, (v, w) in d.items()}

class Doc:
    """Only a docstring."""

class Body:
    items = []
    for i in range(3):
        items.append(i)
    total = sum(items)
    f = lambda self: self.total

print(dead(0), forms([(1, 2, 3)], {1: (2, 3)}), Doc, Body.total)
