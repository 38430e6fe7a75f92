# Sets of ints (deterministic order): add discard remove, union, intersection, difference.
s = {3, 1, 2}
s.add(5)
s.add(1)
print(s, len(s), 2 in s, 9 in s)
s.discard(2)
s.discard(99)
s.remove(3)
print(s)
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b)
print(sorted(a.union(b)), sorted(a.intersection(b)))
print({1, 2} == {2, 1}, {1} < {1, 2}, {1, 2} <= {1, 2}, set() == set())
print(set([4, 4, 1]), set(range(5)), sorted(set("mississippi")))
seen = set()
dups = 0
for i in range(300):
    v = (i * 7) % 50
    if v in seen:
        dups += 1
    else:
        seen.add(v)
print(len(seen), dups)
print(len({x % 3 for x in range(100)}), bool(set()), bool({0}))
