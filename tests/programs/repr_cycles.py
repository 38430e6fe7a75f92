# Containers that contain themselves print as [...] / {...} (CPython's Py_ReprEnter), and a
# nesting too deep for the C stack raises RecursionError instead of crashing the interpreter.
l = [1]
l.append(l)
print(l, str(l), f"{l}")
d = {"k": 1}
d["self"] = d
d["list"] = [d, l]
print(d)
t = (l, [l, (l,)])
print(t)
print([l, l])  # the same list twice, side by side: not a cycle

x = 0
for i in range(20000):
    x = [x]
try:
    print(len(repr(x)))
except RecursionError as e:
    print("RecursionError:", e)
print(len(repr(l)))
y = 0
for i in range(3000):
    y = (i, {"a": [y]})
print(len(repr(y)))
