# Subclasses of list and dict: inherited methods, len, iteration, indexing, repr, operators, equality, super().__init__, __missing__, overrides, specialized sites on hot loops.
class Stack(list):
    def push(self, x):
        self.append(x)

    def peek(self):
        return self[-1]


s = Stack()
for i in range(5):
    s.push(i * i)
print(s, len(s), s.peek(), s[1:3], type(s).__name__, isinstance(s, list))
print(s.pop(), s, 9 in s, 100 in s, bool(s), bool(Stack()))
print([x + 1 for x in s], sum(s), sorted(s, reverse=True), list(s), max(s))
s.extend([7, 8])
s.insert(0, -1)
s.sort()
print(s, s.index(7), s.count(8))
s[0] = 99
del s[1]
print(s, s == [99, 4, 7, 8, 9], s != [1], s < [100], s + [1], type(s + [1]).__name__)
t = s
t += [5]
print(t is s, s, type(t).__name__)
print(s * 2, [0] + s)
a, b, *rest = s
print(a, b, rest)
s.tag = "tagged"
print(s.tag, s.__dict__)
print(repr(Stack([1, 2])), str(Stack("ab")), Stack(range(3)))


class Named(list):
    def __init__(self, name, items):
        super().__init__(items)
        self.name = name

    def __repr__(self):
        return f"Named({self.name!r}, {list(self)!r})"


n = Named("n", (3, 1, 2))
print(n, len(n), n.name, sorted(n))


class Counter(dict):
    def __missing__(self, key):
        return 0

    def add(self, key):
        self[key] = self[key] + 1


c = Counter()
for w in "the cat and the hat and the bat".split():
    c.add(w)
print(c, len(c), c["the"], c["zebra"], "cat" in c, "zebra" in c)
print(sorted(c.items()), list(c.keys())[:2], c.get("hat"), c.get("nope", -1))


class Config(dict):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.loaded = True


cfg = Config(a=1, b=2)
cfg.update(c=3)
print(cfg, cfg.loaded, cfg == {"a": 1, "b": 2, "c": 3}, dict(cfg), len(cfg))
del cfg["a"]
print(cfg, cfg.pop("b"), cfg, list(cfg))
for k in cfg:
    print("key", k, cfg[k])
try:
    cfg["missing"]
except KeyError as e:
    print("KeyError", e)
try:
    hash(cfg)
except TypeError as e:
    print(e)


class Plain(dict):
    pass


p = Plain({"x": 1}, y=2)
print(p, repr(p), p["x"], p.setdefault("z", 3), p)


class Logged(list):
    def __len__(self):
        return 42

    def __getitem__(self, i):
        return "item"


lg = Logged([1, 2])
print(len(lg), lg[0], list(lg), [x for x in lg])


def hot(n):
    st = Stack()
    total = 0
    for i in range(n):
        st.append(i)
        total += st[-1] + len(st)
    return total, len(st)


print(hot(500))


class Recursive(list):
    pass


r = Recursive([1])
r.append(r)
print(r)
try:
    Stack(1, 2)
except TypeError as e:
    print(e)
try:
    class Bad(list, dict):
        pass
except TypeError as e:
    print(e)
