# dict: get keys values items pop setdefault update, iteration order, membership, del.
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["b"])
print(d.get("a"), d.get("z"), d.get("z", 0))
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("b"), d.pop("zz", "none"), d)
print(d.setdefault("a", 100), d.setdefault("n", 5), d)
d.update({"a": -1, "q": 9})
print(d)
del d["q"]
print("q" in d, "a" in d, d)
for k, v in d.items():
    print(k, "->", v)
counts = {}
for ch in "abracadabra":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
squares = {}
for i in range(300):
    squares[i % 17] = i * i
print(len(squares), squares[16], sum(squares.values()))
e = dict()
e[1] = "one"
e[2.5] = "float"
e[(1, 2)] = "tuple"
print(e, dict([("x", 1), ("y", 2)]), {} == {}, {1: 2} == {1: 2})
print(sorted({"b": 1, "a": 2}), list(reversed(list(d))))
