# Attribute storage forms under pressure: empty slots, dicts that appear after specialization,
# instances whose values get invalidated, polymorphic sites, class changes.
class Slotted:
    __slots__ = ("a", "b")
    scale = 3

    def get(self):
        return self.a


class Sub(Slotted):
    __slots__ = ("c",)


class Plain:
    def get(self):
        return 1


class Open(Slotted):
    pass


class Oops(Exception):
    def code(self):
        return 7


def empty_slot_deopts(n):
    s = Slotted()
    s.a = 1
    total = 0
    for i in range(n):
        if i > 20:
            del s.a
        try:
            total += s.a
        except AttributeError:
            total -= 1
        s.a = i
    return total


def polymorphic(n):
    things = [Slotted(), Sub(), Slotted()]
    for t in things:
        t.a = 2
        t.b = 3
    total = 0
    for i in range(n):
        t = things[i % 3]
        total += t.a + t.b + t.scale
        t.b = i
    return total


def dict_appears(n):
    errs = [Oops() for _ in range(n)]
    total = 0
    for i in range(n):
        e = errs[i]
        if i > 10:
            e.note = i
        total += e.code()
    return total


def values_invalidated(n):
    objs = []
    for i in range(n):
        p = Plain()
        p.x = i
        if i > 30:
            for k in range(31):
                setattr(p, "k%d" % k, k)
        objs.append(p)
    total = 0
    for p in objs:
        total += p.x
        p.x = 0
    return total


def split_then_combined(n):
    # A subclass of a __slots__ class has a dict without inline values: a split dict sharing
    # the class's keys, which fails to specialize until it outgrows them (then hints).
    small, big = Open(), Open()
    small.x = 1
    for k in range(32):
        setattr(big, "k%d" % k, k)
    total = 0
    for i in range(n):
        total += small.x + big.k3
        big.k5 = i
    return total


class Node:
    def __init__(self, key):
        self.key = key
        self.left = None


class Wide:
    pass


def lazily_added(n):
    # Every new instance takes one place of the class's 30 shared keys away: after 40 nodes
    # only one more name fits, so `seen` stays inline but `depth` moves each node to a dict.
    nodes = [Node(i) for i in range(40)]
    for node in nodes:
        node.seen = True
        node.depth = 1
    total = 0
    for i in range(n):
        node = nodes[i % 40]
        total += node.key + node.seen + node.depth
    return total


def twenty_nine_inline(n):
    # The first instance reserves one place: 29 names fit inline, the 30th does not.
    w = Wide()
    for k in range(30):
        setattr(w, "w%d" % k, k)
    total = 0
    for i in range(n):
        total += w.w0
    return total


def class_changes(n):
    s = Slotted()
    s.a = 1
    total = 0
    for i in range(n):
        total += s.scale + s.get()
        if i == 40:
            Slotted.scale = 4
    return total


def dunder_class(n):
    items = [Slotted(), Plain(), Oops(), 5, "s"]
    total = 0
    for i in range(n):
        total += len(items[i % 5].__class__.__name__)
    return total


def dunder_class_of_builtins(n):
    # Builtin objects use the generic getattr (a slot read); bound methods do not (no form).
    bound = Plain().get
    total = 0
    for i in range(n):
        total += (len.__class__ is not None) + (bound.__class__ is not None)
    return total


print(empty_slot_deopts(200))
print(polymorphic(200))
print(dict_appears(100))
print(values_invalidated(100))
print(split_then_combined(100))
print(lazily_added(100))
print(twenty_nine_inline(100))
print(class_changes(100))
print(dunder_class(100))
print(dunder_class_of_builtins(100))
