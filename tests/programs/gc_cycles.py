# The cycle collector: gc.collect() counts of unreachable cycles (instances, lists, dicts, sets,
# closures, tuples, bound methods, generators, subclasses of builtins, exceptions), reachable
# cycles surviving with their values, and automatic collection following enable/disable.
import gc

gc.disable()
gc.collect()


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

    def hello(self):
        return "hello from " + self.name


def ring(n):
    first = Node("n0")
    node = first
    for i in range(1, n):
        node.other = Node("n" + str(i))
        node = node.other
    node.other = first
    return first


def report(label):
    print(label, gc.collect())


# Unreachable cycles: each count is CPython 3.13's.
a = Node("a")
b = Node("b")
a.other = b
b.other = a
del a, b
report("two instances")

r = ring(50)
del r
report("ring of 50")

l = []
l.append(l)
del l
report("list holding itself")

d = {}
d["me"] = d
del d
report("dict holding itself")

s = Node("s")
s.items = {1, 2, 3}
s.frozen = frozenset([4])
s.me = s
del s
report("instance with a set and a frozenset")


def make_recursive():
    def countdown(n):
        return 0 if n == 0 else countdown(n - 1)
    return countdown


f = make_recursive()
print("recursive closure works:", f(5))
del f
report("closure: function, its cell tuple and the cell")

x = Node("x")
x.pair = (x, 1)
del x
report("cycle through a tuple")

x = Node("x")
x.callback = x.hello
print(x.callback())
del x
report("bound method stored on its instance")

x = Node("x")
x.empty = {}
x.atoms = {1: 2}
x.holder = {1: []}
x.lst = []
x.tup = (1, [])
x.me = x
del x
report("instance with containers hanging off it")


def gen(owner):
    yield owner


x = Node("x")
x.g = gen(x)
del x
report("generator not started, holding its owner")


class Stack(list):
    pass


st = Stack()
st.append(st)
del st
report("list subclass holding itself")


class Problem(Exception):
    pass


e = Problem("bad")
e.me = e
del e
report("exception with an attribute cycle")


class Wide:
    pass


w = Wide()
for i in range(40):
    setattr(w, "attr" + str(i), i)
w.me = w
del w
report("instance whose attributes outgrew the inline values")

# Reachable cycles are never collected, and keep their values.
keep = ring(5)
kept_list = [1, 2]
kept_list.append(kept_list)
outside = [10, 20, 30]
lost = Node("lost")
lost.me = lost
lost.ref = outside
del lost
report("only the unreachable one")
print(keep.name, keep.other.name, keep.other.other.other.other.other.name)
print(kept_list[0], kept_list[1], kept_list[2] is kept_list, outside)
del keep, kept_list
report("the kept ring and list, once dropped")

# Nothing unreachable: nothing collected.
report("nothing left")

# Generations: a cycle that survived a collection of generation 0 (while reachable) has moved
# to generation 1, which only collect(1) and collect(2) look at.
y = Node("y")
y.me = y
print("young, reachable:", gc.collect(0))
del y
print("after it moved up:", gc.collect(0), gc.collect(1))
gc.collect(0)
gc.collect(0)
print(gc.get_count())
gc.collect(1)
print(gc.get_count())
gc.collect()

# gc.disable() stops automatic collection: every cycle waits for collect().
print("enabled:", gc.isenabled())
for i in range(5000):
    n = Node("tmp")
    n.me = n
del n
report("5000 self-cycles, collection disabled")

# gc.enable(): cycles are collected as they pile up, not only by collect().
gc.enable()
print("enabled:", gc.isenabled())
for i in range(10000):
    n = Node("tmp")
    n.me = n
del n
left = gc.collect()
print("automatic collections ran:", 0 <= left < 10000)

print(gc.get_threshold())
gc.set_threshold(500, 5)
print(gc.get_threshold())
gc.set_threshold(2000, 10, 10)
print(gc.is_tracked([]), gc.is_tracked({}), gc.is_tracked({1: []}), gc.is_tracked(1),
      gc.is_tracked("s"), gc.is_tracked(Node("t")), gc.is_tracked(ring))
print(gc.collect(0), gc.collect(generation=1))
