# Slices: positive/negative bounds, steps, slice assignment and deletion, strings and tuples.
xs = list(range(10))
print(xs[2:5], xs[:3], xs[7:], xs[-3:], xs[:-7], xs[::2], xs[1::3], xs[::-1], xs[8:2:-2])
print(xs[100:], xs[-100:2], xs[5:5])
s = "abcdefghij"
print(s[2:5], s[::-1], s[::3], s[-4:-1])
t = (1, 2, 3, 4, 5)
print(t[1:4], t[::-1], t[:0])
ys = list(range(8))
ys[2:4] = ["a", "b", "c"]
print(ys)
ys[:2] = []
print(ys)
del ys[::2]
print(ys)
zs = [0, 1, 2, 3, 4, 5]
del zs[1:3]
print(zs)
i = 2
j = 5
print(xs[i:j], xs[i:], xs[:j], s[i:j])
total = 0
for k in range(300):
    total += len(xs[k % 10:])
print(total)
b = b"bytes!"
print(b[1:4], b[::-1])
