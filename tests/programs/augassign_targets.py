# Augmented assignment on every kind of target, aliasing through chained assignment.
class Box:
    def __init__(self):
        self.n = 1
        self.items = []


a = b = []
a.append(1)
a += [2]
print(a, b, a is b)
t = (1,)
u = t
t += (2,)
print(t, u)
s = "x"
s *= 3
print(s)
d = {"k": 1}
d["k"] += 41
d["k"] //= 2
print(d)
grid = [[1, 2], [3, 4]]
grid[1][0] -= 10
grid[0][1] **= 3
print(grid)
box = Box()
box.n += 5
box.n *= 2
box.items += ["a"]
box.items.append("b")
print(box.n, box.items)
x = 10
x -= 3
x %= 4
x <<= 3
x >>= 1
x |= 1
x &= 13
x ^= 6
print(x)
f = 7.5
f /= 2
f -= 0.25
print(f)
counts = [0] * 5
for i in range(300):
    counts[i % 5] += i
print(counts)
box.n = box.m = 3
print(box.n, box.m)
