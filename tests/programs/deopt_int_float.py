# A site fed ints, then floats, then ints again: specialize, deopt, re-specialize.
def add(x, y):
    return x + y


def mul_sub(x, y):
    return x * y - y


def less(a, b):
    return a < b


total = 0
for i in range(100):
    total = add(total, i)
print(total)
ftotal = 0.0
for i in range(100):
    ftotal = add(ftotal, 0.5)
print(ftotal)
for i in range(60):
    total = add(total, 1)
print(total)
acc = 0
for i in range(80):
    acc += mul_sub(i, 3)
facc = 0.0
for i in range(80):
    facc += mul_sub(i * 0.5, 1.5)
print(acc, facc)
wins = 0
for i in range(200):
    if i < 100:
        wins += less(i, 50)
    else:
        wins += less(i * 0.25, 40.0)
print(wins)
s = ""
for i in range(60):
    s = add(s, "ab"[i % 2])
print(s[:10], len(s))
