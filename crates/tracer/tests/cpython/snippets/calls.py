import math

def calls(xs, obj):
    print(1, 2, sep="-", end="\n")
    xs.append(3)
    xs.sort(reverse=True)
    n = len(xs)
    m = max(xs, key=abs)
    r = math.sqrt(16)
    s = "-".join(str(x) for x in xs)
    t = obj.method(1, k=2)
    u = str(n).upper()
    return n, m, r, s, t, u

print(math.pi)
