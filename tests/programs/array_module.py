# The array module: typed arrays of machine numbers, their conversions and overflow checks
# (CPython's messages, in the order its C conversions meet them), slicing and repetition.
from array import array
import array as arraymod
for t in 'bBhHiIlLqQ':
    for v in (200, -200, 70000, -70000, 2**40, -2**40, -1, 2**63, 2**64):
        try:
            array(t, [v])
        except OverflowError as e:
            print(t, v, e)
for t in 'bBhHiIlLqQfd':
    print(t, repr(array(t, [1, 2])))
for bad in (lambda: array('d', ['x']), lambda: array('i', [1.5]), lambda: array('z')):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
a = array('d', [0]) * 3
a[1] = 5
print(a, a[1], len(a), list(a), a.tolist(), a == array('d', [0, 5, 0]), a[-1], a[0:2])
for bad in (lambda: a[5], lambda: a.__setitem__(5, 1)):
    try:
        bad()
    except IndexError as e:
        print(e)
print(array('f', [0.1])[0], array('B', [255]), array('d'), array('i', range(3)))
b = array('B', [1]); b.append(3); b.extend([4, 5]); print(b, b.pop(), b.index(3), b.count(1), 3 in b, b + b, sum(b))
print(type(b).__name__, arraymod.typecodes)
a = array('d', [1.5, 2])
print(a * 2, 2 * a, a + a, a[::-1], a[1:], list(reversed(a)), bool(array('d')), a == [1.5, 2.0], a != a)
for bad in (lambda: a + [1], lambda: a + array('i')):
    try:
        bad()
    except TypeError as e:
        print(e)
a[0] = 7; print(a, a.pop(0), a, a.pop())
try:
    a.pop()
except IndexError as e:
    print(e)
c = array('i', [3, 1, 2]); c.insert(0, 9); c.remove(1); c.reverse(); print(c, c.index(9))
try:
    c.index(42)
except ValueError as e:
    print(e)
print(array('b', b'ab'), array('d', range(2)), array('b', b'\xff'))
total = 0.0
grid = array('d', [0.0]) * 16
for i in range(16):
    grid[i] = i * 0.5
for x in grid:
    total += x
print(total)
a = array('d', [1, 2, 3, 4])
a[:] = array('d', [9, 8])
print(a)
a[1:2] = array('d', [5, 6, 7])
print(a)
for bad in (lambda: a.__setitem__(slice(0, 1), [1]), lambda: a.__setitem__(slice(0, 1), array('i', [1]))):
    try:
        bad()
    except TypeError as e:
        print(e)
a[::2] = array('d', [0, 0])
print(a)
try:
    a[::2] = array('d', [0])
except ValueError as e:
    print(e)
# extend goes item by item: a bad item leaves the ones before it appended.
partial = array('i', [1])
try:
    partial.extend([2, 'x', 3])
except TypeError as e:
    print(e)
print(partial)
