# The container, number and builtin-call shortcuts of issue 11 agree with CPython: slices
# read and assigned without slice objects, unpacking, enumerate's recycled tuple, min/max of
# ints, the float operator shortcut, array subscripts, bound builtin methods, tuple order.
from array import array

# Slices of lists and tuples, every step sign, and slice assignment from each kind of value.
xs = list(range(10))
t = tuple(xs)
print(xs[2:7], xs[7:2], xs[::3], xs[::-1], xs[8:1:-2], xs[-3:], xs[:-20], xs[20:])
print(t[1:4], t[::-2], t[5:5], t[-100:100])
ys = xs[:]
ys[2:5] = (20, 30)
print(ys)
ys[1::2] = ys[:8:2]
print(ys)
ys[:] = ys
print(ys)
ys[1:3] = "ab"
print(ys)
ys[3:3] = [1, 2, 3]
print(ys)
try:
    ys[::2] = [0]
except ValueError as e:
    print("ValueError:", e)
try:
    ys[1:2] = 5
except TypeError as e:
    print("TypeError:", e)
try:
    print(xs["a":2])
except TypeError as e:
    print("TypeError:", e)
del ys[2:6]
print(ys)
del ys[::3]
print(ys)
del ys[5:1]
print(ys)

# Unpacking of tuples and lists, and its errors.
a, b = (1, 2)
c, d, e = [3, 4, 5]
f, g, h, i = "wxyz"
print(a, b, c, d, e, f, g, h, i)
for p, q in [(1, 2), [3, 4]]:
    print(p + q, end=" ")
print()
try:
    a, b = (1, 2, 3)
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)

# enumerate: the tuples it hands out stay distinct when kept; the count starts anywhere.
kept = list(enumerate("abc", 5))
print(kept, kept[0] is kept[1])
it = enumerate(["x", "y"])
first = next(it)
second = next(it)
print(first, second, first is second)
for n, (k, v) in enumerate({"a": 1, "b": 2}.items()):
    print(n, k, v, end="; ")
print()
e2 = enumerate(iter([]), 10)
print(list(e2), list(e2))

# min and max over ints (a set's order cannot change them), mixed values, keys, defaults.
print(min({5, 3, 9, -1}), max(frozenset({5, 3, 9, -1})), min([4, 2, 8]), max((4, 2, 8)))
print(min([3, 1.5, 2]), max([True, 0, -1]), min([2, 1], key=lambda v: -v), max([], default="-"))
try:
    min(set())
except ValueError as e:
    print("ValueError:", e)
print(max([1, 2**70, 3]), min([[2], [1, 5]]))

# The float operators the generic BINARY_OP answers early, with their errors.
x = 7.5
print(x / 2, 3 / x, x + 1, 1 - x, x * 4, x ** 2, 2 ** 0.5, x ** -1.5, 4.0 ** 0.5)
y = 2.0
y /= 8
y **= 3
print(y, 10 ** -2.0, 1e308 * 10, -1e308 - 1e308)
for bad in ("x / 0", "x / 0.0", "0.0 ** -1", "1e300 ** 2", "(-8.0) ** 2", "2.0 ** 1e10"):
    try:
        print(bad, "=", eval(bad))
    except (ZeroDivisionError, OverflowError) as err:
        print(bad, "->", type(err).__name__, err)

# Tuples compared item by item, lists too, and sorting them (stable, same order as CPython).
rows = [(True, 2, "b"), (False, 3, "a"), (True, 1, "c"), (False, 3, "a"), (True, 2, "a")]
print(sorted(rows), (1, 2) < (1, 2, 0), (1, "a") == (1, "a"), [1, 2] < [1, 3])
print(sorted(rows, key=lambda r: r[1], reverse=True))
try:
    sorted([(1, "a"), (1, 2)])
except TypeError as e:
    print("TypeError:", e)

# array.array subscripts: items, negative indices, slices, and the errors.
arr = array("d", [1.0, 2.5, 4.0])
arr[1] = 3
arr[-1] += 0.5
print(arr[0], arr[1], arr[-1], arr[1:], len(arr))
ia = array("i", [1, 2, 3])
ia[0] = 7
print(ia[0], ia[::-1])
for bad in (lambda: arr[5], lambda: arr.__setitem__(9, 1.0), lambda: arr["k"]):
    try:
        bad()
    except (IndexError, TypeError) as err:
        print(type(err).__name__, err)

# Bound builtin methods called through a name, as fannkuch calls perm1.insert and pop.
stack = [1, 2, 3]
push, pop, ins = stack.append, stack.pop, stack.insert
push(4)
ins(0, pop(0) + 10)
print(stack, pop(), pop(-1), stack)
get = {"k": 1}.get
print(get("k"), get("z"), get("z", 0))
