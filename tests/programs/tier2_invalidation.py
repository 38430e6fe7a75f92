# Tier 2 invalidation: loops whose traces baked in a global's value or a builtin keep computing the right thing after the global is rebound, a builtin is shadowed and unshadowed, and a global changes type.
SCALE = 2


def scaled(n):
    t = 0
    for i in range(n):
        t += i * SCALE
    return t


def lengths(words, n):
    t = 0
    for i in range(n):
        t += len(words[i % len(words)])
    return t


words = ["a", "bb", "ccc"]
print(scaled(100), lengths(words, 100))
SCALE = 3
print(scaled(100))


def len(x):
    return 1


print(lengths(words, 100))
del len
print(lengths(words, 100))
SCALE = 2.5
print(scaled(100))
