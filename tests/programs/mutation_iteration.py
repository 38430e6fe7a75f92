# Mutating containers while iterating: lists see appended items and skip after removal,
# dicts and sets raise RuntimeError when their size changes mid-iteration.
xs = [1, 2, 3]
for x in xs:
    if x < 6:
        xs.append(x + 3)
print(xs)
ys = [0, 1, 2, 3, 4, 5]
for y in ys:
    if y % 2 == 0:
        ys.pop(0)
print(ys)
d = {"a": 1, "b": 2}
try:
    for k in d:
        d[k + k] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
print(sorted(d))
d2 = {1: "x", 2: "y"}
for k in d2:
    d2[k] = d2[k] * 2
print(d2)
s = {1, 2, 3}
try:
    for v in s:
        s.add(v * 10)
except RuntimeError as e:
    print("RuntimeError:", e)
print(len(s) > 3)
it = iter([10, 20, 30])
first = next(it)
print(first, list(it), list(it))
nums = list(range(10))
evens = [n for n in nums if n % 2 == 0]
for n in evens:
    nums.remove(n) if n in nums else None
print(nums)
grid = [[0] * 3] * 2
grid[0][0] = 9
print(grid)
