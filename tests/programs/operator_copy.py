# operator (functions, dunder aliases, itemgetter/attrgetter/methodcaller with reprs) and copy (copy/deepcopy: memo, cycles, shared parts, __copy__/__deepcopy__, __getstate__/__setstate__, list and dict subclasses).
import operator
import copy
from operator import itemgetter, attrgetter, methodcaller

print(operator.add(2, 3), operator.sub(2, 3), operator.mul("ab", 3), operator.truediv(7, 2),
      operator.floordiv(-7, 2), operator.mod(-7, 3), operator.pow(2, 10), operator.neg(5),
      operator.pos(-5), operator.abs(-2.5), operator.inv(5), operator.invert(0))
print(operator.and_(12, 10), operator.or_(12, 10), operator.xor(12, 10), operator.lshift(1, 5),
      operator.rshift(256, 3), operator.not_(0), operator.truth([]), operator.index(True))
print(operator.eq(1, 1.0), operator.ne(1, 2), operator.lt("a", "b"), operator.le(3, 3),
      operator.gt([2], [1, 9]), operator.ge((1,), (1, 0)), operator.is_(None, None),
      operator.is_not(1, None))
print(operator.getitem([1, 2, 3], 1), operator.getitem("hello", slice(1, 3)),
      operator.contains([1, 2], 2), operator.countOf([1, 2, 1, 1], 1),
      operator.indexOf("abcb", "b"), operator.concat([1], [2]), operator.concat("a", "b"))
lst = [1, 2, 3]
operator.setitem(lst, 0, 9)
operator.delitem(lst, 1)
acc = [1]
same = operator.iadd(acc, [2])
print(lst, acc, same is acc, operator.iadd(5, 1), operator.isub(5, 1), operator.imul([0], 2),
      operator.iconcat([1], (2,)), operator.__add__(1, 2), operator.__not__(1),
      operator.length_hint([1, 2]), operator.length_hint(3, 7))
print(operator.call(max, 3, 9, key=lambda v: -v), operator.__call__(min, [4, 2]))


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, o):
        return V(self.x + o.x)

    def __iadd__(self, o):
        self.x += o.x
        return self

    def __lt__(self, o):
        return self.x < o.x

    def __repr__(self):
        return f"V({self.x})"


v = V(1)
w = operator.iadd(v, V(2))
print(operator.add(V(1), V(2)), w is v, v, operator.lt(V(1), V(2)))
for bad in [lambda: operator.add(1), lambda: operator.neg(), lambda: operator.add(1, "a"),
            lambda: operator.concat(1, 2), lambda: operator.indexOf([1], 2),
            lambda: operator.add(a=1, b=2), lambda: operator.itemgetter(),
            lambda: operator.attrgetter(5), lambda: operator.methodcaller(),
            lambda: itemgetter(1)(), lambda: itemgetter(1)([1], [2])]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

rows = [("bob", 3, "x"), ("amy", 1, "y"), ("cat", 3, "a"), ("dan", 2, "z")]
print(sorted(rows, key=itemgetter(1)), sorted(rows, key=itemgetter(1, 2)))
print(itemgetter(0)("xyz"), itemgetter(-1, 0)([1, 2, 3]), itemgetter("k")({"k": 5}))
print(itemgetter(1), itemgetter(1, "a"), attrgetter("x"), attrgetter("x", "y.z"),
      methodcaller("split", ",", maxsplit=1), methodcaller("upper"))


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"P({self.x!r}, {self.y!r})"

    def scaled(self, k, plus=0):
        return P(self.x * k + plus, self.y * k + plus)


pts = [P(3, 1), P(1, 2), P(2, 0)]
print(sorted(pts, key=attrgetter("x")), attrgetter("x", "y")(pts[0]))
outer = P(P(1, 2), 5)
print(attrgetter("x.y")(outer), attrgetter("x.x", "y")(outer))
print(methodcaller("split", ",", maxsplit=1)("a,b,c"), methodcaller("scaled", 2, plus=1)(pts[0]))
print(list(map(methodcaller("upper"), ["a", "b"])), type(itemgetter(1)).__name__,
      type(attrgetter("a")).__name__, type(methodcaller("a")).__name__)
try:
    attrgetter("nope")(pts[0])
except AttributeError as e:
    print("AttributeError", e)
total = 0
get1 = itemgetter(1)
for i in range(200):
    total = operator.add(total, get1((i, i * 2)))
print(total)

# copy
a = [1, [2, 3], {"k": [4]}]
b = copy.copy(a)
c = copy.deepcopy(a)
a[1].append(99)
a[2]["k"].append(98)
print(b, c, b[1] is a[1], c[1] is a[1])
t = (1, 2, "x")
print(copy.copy(t) is t, copy.deepcopy(t) is t, copy.deepcopy((1, [2])) == (1, [2]),
      copy.deepcopy((1, [2]))[1] is not None)
shared = [0]
pair = [shared, shared]
cp = copy.deepcopy(pair)
print(cp, cp[0] is cp[1], cp[0] is shared)
cyc = [1]
cyc.append(cyc)
cc = copy.deepcopy(cyc)
print(cc[1] is cc, cc is not cyc, len(cc))
d = {"a": {1, 2}, "b": frozenset([3]), "c": (4, [5])}
dd = copy.deepcopy(d)
print(dd, dd["a"] is d["a"], dd["c"] is d["c"], copy.copy(d) == d, copy.copy({1, 2}))
s = {1, 2, 3}
print(copy.copy(s) is s, copy.copy(s) == s, copy.copy(frozenset(s)) is not None,
      copy.copy(len) is len, copy.deepcopy(P) is P, copy.copy("abc"))

p = P([1], {"z": 2})
p2 = copy.copy(p)
p3 = copy.deepcopy(p)
p.x.append(7)
print(p2, p3, type(p3).__name__, p2.x is p.x, p3.x is p.x)


class WithHooks:
    def __init__(self, v):
        self.v = v
        self.log = []

    def __copy__(self):
        return WithHooks(("copied", self.v))

    def __deepcopy__(self, memo):
        new = WithHooks(copy.deepcopy(self.v, memo))
        new.log.append(len(memo) > 0)
        return new


h = WithHooks([1, 2])
print(copy.copy(h).v, copy.deepcopy(h).v, copy.deepcopy(h).log, copy.deepcopy([h, h])[0].v)


class Stateful:
    def __init__(self):
        self.a = 1
        self.b = [2]

    def __getstate__(self):
        return {"a": self.a * 10, "b": self.b}

    def __setstate__(self, st):
        self.restored = st


st = copy.deepcopy(Stateful())
print(st.restored, sorted(vars(st)) if hasattr(st, "restored") else None)


class MyList(list):
    pass


class MyDict(dict):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.tag = "t"


ml = MyList([1, [2]])
ml.extra = "e"
ml2 = copy.deepcopy(ml)
md = MyDict(x=[1])
md2 = copy.copy(md)
md3 = copy.deepcopy(md)
print(type(ml2).__name__, ml2, ml2.extra, ml2[1] is ml[1], type(md2).__name__, md2, md2.tag,
      md2["x"] is md["x"], md3["x"] is md["x"])
memo = {}
x = [1, 2]
y1 = copy.deepcopy(x, memo)
y2 = copy.deepcopy(x, memo)
print(y1 is y2, y1 == x, y1 is x)


class Node:
    def __init__(self, val):
        self.val = val
        self.children = []
        self.parent = None


root = Node(0)
for i in range(3):
    ch = Node(i + 1)
    ch.parent = root
    root.children.append(ch)
r2 = copy.deepcopy(root)
print([c.val for c in r2.children], all(c.parent is r2 for c in r2.children), r2 is not root)
print(copy.Error.__name__, issubclass(copy.Error, Exception), copy.error is copy.Error)
