# Tuples: packing/unpacking, swapping, nested unpacking, comparison, as dict keys.
t = (1, "two", 3.0)
a, b, c = t
print(a, b, c, len(t), t)
x, y = 1, 2
x, y = y, x
print(x, y)
(p, q), r = (10, 20), 30
print(p, q, r)
print((1, 2) < (1, 3), (1, 2) == (1, 2), (2,) > (1, 9), () == ())
print(t.index("two"), (1, 1, 2).count(1), (1,) + (2, 3), (0,) * 3)
coords = {(0, 0): "origin", (1, 0): "east"}
print(coords[(1, 0)], (0, 0) in coords)
pairs = [(i, i * i) for i in range(5)]
for n, sq in pairs:
    print(n, sq, end="; ")
print()
print(tuple([3, 2, 1]), tuple("ab"), tuple(), (5,))
total = 0
for i in range(300):
    u, v = divmod(i, 7)
    total += u + v
print(total)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], hash((1, 2)) == hash((1, 2)))
print(max((3, "a"), (3, "b")), sorted([(2, "b"), (1, "z"), (2, "a")]))
