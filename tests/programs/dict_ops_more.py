# dict details: order after delete and re-insert, equality, views, nested dicts, zip/dict.
d = {}
for k in "python":
    d[k] = ord(k)
del d["t"]
d["t"] = 0
d["p"] = -1
print(d, list(d), len(d))
print({1: "a", 2: "b"} == {2: "b", 1: "a"}, {1: 1} == {1: 1.0}, {"a": [1]} != {"a": [2]})
keys = d.keys()
vals = d.values()
print("y" in keys, "z" in keys, len(vals), sorted(vals), list(d.items())[:2])
nested = {"a": {"x": 1}, "b": {"y": 2}}
nested["a"]["z"] = 3
nested.setdefault("c", {})["w"] = 4
print(nested)
merged = dict(zip(["one", "two", "three"], [1, 2, 3]))
merged.update([("four", 4)])
merged.update(five=5)
print(merged, merged.pop("two"), merged.pop("missing", None))
try:
    merged.pop("missing")
except KeyError as e:
    print("KeyError", e)
inverse = {v: k for k, v in merged.items()}
print(inverse, len(inverse))
counts = {}
for i in range(400):
    key = (i % 3, i % 2)
    counts[key] = counts.get(key, 0) + 1
print(sorted(counts.items()))
print(list({3: 1, 1: 2, 2: 3}), {True: "t", 1: "one"}, {0: "zero", False: "f"})
