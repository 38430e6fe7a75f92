# Set comparisons and operators: every comparison on equal, nested, disjoint and overlapping
# sets (frozensets mixed in), and operators whose operands are one set (s | s, s &= s).
cases = [set(), {1}, {1, 2}, {2, 3}, frozenset({1, 2}), {1, 2, 3}, {1.0, 2}]
for x in cases:
    print(sorted(x), [(x == y, x != y, x < y, x <= y, x > y, x >= y) for y in cases])
s = {1, 2, 3}
print(s | s, s & s, s - s, s ^ s, s == s, s < s, s <= s)
s &= s
print(s)
s |= {4}
print(s)
s -= s
print(s)
f = frozenset({1, 2})
g = f
g |= {3}
print(f, g, type(g).__name__)
