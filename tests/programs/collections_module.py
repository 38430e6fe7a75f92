# collections: deque (maxlen, rotate, indexing, mutation during iteration, reprs), defaultdict (__missing__, default_factory), OrderedDict (move_to_end, popitem, order-sensitive ==), Counter (most_common, elements, arithmetic, missing keys), namedtuple (fields, defaults, _make/_replace/_asdict, errors); copies of them.
import copy
from collections import deque, defaultdict, OrderedDict, Counter, namedtuple

d = deque()
for i in range(6):
    d.append(i)
    d.appendleft(-i)
print(d, len(d), d[0], d[-1], d[3], 3 in d, 99 in d)
print(d.pop(), d.popleft(), d)
d.extend("ab")
d.extendleft([7, 8])
print(d, d.count(0), d.index("a"), d.index(0, 2))
d.rotate(2)
print(d)
d.rotate(-3)
print(d)
d.remove("b")
d.insert(1, "ins")
d.reverse()
d[0] = "first"
del d[1]
print(d, bool(d), bool(deque()))
ring = deque(range(5), maxlen=3)
print(ring, ring.maxlen)
ring.append(10)
ring.appendleft(-1)
ring.extend([20, 30])
print(ring, list(reversed(ring)))
zero = deque([1, 2], maxlen=0)
zero.append(1)
print(zero, deque(maxlen=2) == deque(), deque([1, 2]) < deque([1, 3]), deque("ab") + deque("c"),
      deque([1]) * 3, deque([0]) == [0])
q = deque([1, 2])
q += [3]
q *= 2
print(q, q.copy(), copy.copy(q), copy.deepcopy(deque([[1]], maxlen=4)))
selfref = deque([1])
selfref.append(selfref)
print(selfref)
errors = [lambda: deque().pop(), lambda: deque().popleft(), lambda: deque([1]).remove(2),
          lambda: deque([1]).index(2), lambda: deque([1])[5], lambda: deque(maxlen=-1),
          lambda: hash(deque()), lambda: deque([1]) + [1], lambda: deque([1], maxlen=1).insert(0, 2),
          lambda: deque([1])["x"]]
for f in errors:
    try:
        f()
    except (IndexError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
it = iter(deque([1, 2, 3]))
dq = deque([1, 2, 3])
it = iter(dq)
next(it)
dq.append(4)
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError", e)
print(type(dq).__name__, type(iter(dq)).__name__, isinstance(dq, deque), repr(deque))
window = deque(maxlen=4)
acc = []
for x in range(20):
    window.append(x * x % 7)
    acc.append(sum(window))
print(acc)
bfs = deque([(0, 0)])
seen = {(0, 0)}
while bfs:
    x, y = bfs.popleft()
    for nx, ny in ((x + 1, y), (x, y + 1)):
        if nx < 8 and ny < 8 and (nx, ny) not in seen:
            seen.add((nx, ny))
            bfs.append((nx, ny))
print(len(seen))

dd = defaultdict(list)
for word in ["apple", "bob", "avocado", "cat", "banana"]:
    dd[word[0]].append(word)
print(dd, dd["z"], len(dd), "q" in dd, dd.get("y"), sorted(dd))
counts = defaultdict(int, {"x": 5})
for ch in "mississippi":
    counts[ch] += 1
print(counts, counts.default_factory, isinstance(counts, dict), type(counts).__name__)
nf = defaultdict()
try:
    nf["missing"]
except KeyError as e:
    print("KeyError", e)
nf.default_factory = str
print(nf["k"], nf, defaultdict(None, a=1), dict(counts) == {"x": 5, "m": 1, "i": 4, "s": 4, "p": 2})
dc = counts.copy()
dc["m"] = 100
print(dc["m"], counts["m"], type(dc).__name__, copy.deepcopy(dd)["a"] == dd["a"], copy.copy(dd) is not dd)
try:
    defaultdict(5)
except TypeError as e:
    print("TypeError", e)
tree = lambda: defaultdict(tree)
t = tree()
t["a"]["b"]["c"] = 1
print(t["a"]["b"]["c"], list(t["a"]))

od = OrderedDict()
od["b"] = 1
od["a"] = 2
od["c"] = 3
print(od, list(od), od.popitem(), od.popitem(last=False), od)
od = OrderedDict.fromkeys("abcde", 0)
od.move_to_end("b")
od.move_to_end("d", last=False)
print(od, list(od.keys()), OrderedDict(x=1) == OrderedDict(x=1))
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == dict(b=2, a=1), OrderedDict())
try:
    OrderedDict().popitem()
except KeyError as e:
    print("KeyError", e)

c = Counter("abracadabra")
print(c, c["a"], c["z"], c.most_common(2), c.most_common(), sorted(c.elements()), c.total())
c.update("aaz")
c.update({"b": 10})
c.subtract(a=1)
print(c, len(c), "z" in c, c["nope"], "nope" in c)
c2 = Counter(a=3, b=1)
c3 = Counter(a=1, b=2, c=4)
print(c2 + c3, c2 - c3, c2 | c3, c2 & c3, +Counter(a=-1, b=2), -Counter(a=-1, b=2))
print(Counter(a=1) == Counter(a=1, b=0), Counter(a=1) <= Counter(a=2), Counter(a=2) < Counter(a=2),
      Counter(), Counter({"x": 2, "y": 2, "z": 3}))
c4 = Counter(words=["x"]) if False else Counter(x=2)
c4 += Counter(x=-5, y=1)
del c4["absent"]
print(c4, copy.deepcopy(c3), type(copy.copy(c3)).__name__)
wc = Counter()
for w in "the cat and the hat and the bat".split():
    wc[w] += 1
print(wc.most_common(3), list(wc))

Point = namedtuple("Point", ["x", "y"])
p = Point(3, y=4)
print(p, p.x + p.y, p[0], len(p), tuple(p), p == (3, 4), Point._fields, p._asdict())
x, y = p
print(x, y, p._replace(y=10), Point._make([5, 6]), hash(p) == hash((3, 4)), repr(Point))
Color = namedtuple("Color", "red green blue", defaults=(0, 255))
print(Color(1), Color(1, 2), Color(1, 2, 3), Color._field_defaults, Color.__doc__)
Row = namedtuple("Row", "a, b, _c, a", rename=True)
print(Row._fields, Row(1, 2, 3, 4))
for bad in [lambda: Point(1), lambda: Point(1, 2, 3), lambda: Point(1, z=2), lambda: Point(1, x=2),
            lambda: namedtuple("P", "a a"), lambda: namedtuple("P", "_a"), lambda: namedtuple("P", "class"),
            lambda: namedtuple("1P", "a"), lambda: p._replace(z=1), lambda: Point._make([1])]:
    try:
        bad()
    except (TypeError, ValueError, AttributeError) as e:
        print(type(e).__name__, e)
print(copy.copy(p) is p, copy.deepcopy(Point([1], 2)), sorted([Point(2, 1), Point(1, 5), Point(1, 2)]))


class Vec(namedtuple("Vec", "x y")):
    __slots__ = ()

    def norm2(self):
        return self.x * self.x + self.y * self.y


v = Vec(3, 4)
print(v, v.norm2(), isinstance(v, tuple), Vec.__mro__[1].__name__)
total = 0
for i in range(300):
    pt = Point(i, i + 1)
    total += pt.x * pt.y
print(total)
