# The type attribute cache stays right: lookups warm the cache (and the specialized sites), then
# every way of changing a class along the MRO must show at once: setattr(Base, ...), plain
# assignment, del, a metaclass method and a metaclass __setattr__, type.__setattr__, new hooks
# (__getattr__, __setattr__, a property) added to a base after misses were cached, and
# instance attributes that appear after a name was cached as "not an instance attribute".


class Root:
    def who(self):
        return "Root.who"

    def kind(self):
        return "root"


class Base(Root):
    def who(self):
        return "Base.who"


class Left(Base):
    pass


class Right(Base):
    def kind(self):
        return "right"


def calls(objs, n=40):
    # Polymorphic and monomorphic sites, run often enough to specialize and deopt.
    out = []
    for _ in range(n):
        for o in objs:
            out.append((o.who(), o.kind()))
    return out[-len(objs):]


objs = [Left(), Right(), Base()]
print("warm", calls(objs))


def new_who(self):
    return "patched " + type(self).__name__


setattr(Base, "who", new_who)
print("setattr", calls(objs))

Root.kind = lambda self: "root2"
print("assign", calls(objs))

del Base.who
print("del", calls(objs))

del Root.who
try:
    calls(objs, 1)
except AttributeError as e:
    print("AttributeError:", e)

Root.who = lambda self: "back"
print("re-add", calls(objs))


# A class made after the cache is warm still sees later changes of its bases.
class Late(Right):
    pass


late = Late()
print("late", calls([late]))
Base.kind = lambda self: "base-kind"
print("late after Base.kind", calls([late, Left()]))
del Right.kind
print("late after del Right.kind", calls([late]))


# Names looked up and not found are cached too: a __getattr__ added later must be asked.
class Plain:
    pass


class Child(Plain):
    pass


c = Child()
for _ in range(30):
    print_it = getattr(c, "missing", "default")
print("before __getattr__", print_it)
Plain.__getattr__ = lambda self, name: "dynamic " + name
for _ in range(30):
    got = c.missing
print("after __getattr__", got)
del Plain.__getattr__
print("after del __getattr__", getattr(c, "missing", "gone"))

# A __setattr__ added to a base after stores are warm takes over every store.
log = []
for i in range(30):
    c.value = i
print("store", c.value)


def logging_setattr(self, name, value):
    log.append((name, value))
    object.__setattr__(self, name, value * 10)


Plain.__setattr__ = logging_setattr
for i in range(3):
    c.value = i
print("store with hook", c.value, log)
del Plain.__setattr__
c.value = 5
print("store after del", c.value)

# A property added to a base shadows the instance attribute of the same name.
for _ in range(30):
    v = c.value
Plain.value = property(lambda self: "property value")
print("property", c.value, c.__dict__)
del Plain.value
print("no property", c.value)


# Instance attributes that appear after the name was cached as "no such instance attribute".
class Point:
    def __init__(self, x):
        self.x = x


p, q = Point(1), Point(2)
for _ in range(30):
    z = getattr(p, "z", None)
print("no z", z)
q.z = 3
p.z = 4
print("z", p.z, q.z, getattr(Point(5), "z", "none"))

# An instance attribute shadows a method; deleting it shows the method again.
for _ in range(30):
    w = p.__init__
p.__init__ = "shadow"
print("shadow", p.__init__)
del p.__init__
print("unshadowed", callable(p.__init__))


# Metaclasses: a metaclass method that assigns to its class, and a metaclass __setattr__.
class Meta(type):
    def set_greeting(cls, text):
        cls.greeting = lambda self: text

    def __setattr__(cls, name, value):
        log.append(("meta", name))
        super().__setattr__(name, value)


class Greeter(metaclass=Meta):
    def greeting(self):
        return "hello"


class Polite(Greeter):
    pass


g = [Greeter(), Polite()]
print("meta warm", [x.greeting() for _ in range(30) for x in g][-2:])
Greeter.set_greeting("bonjour")
print("meta method", [x.greeting() for _ in range(30) for x in g][-2:])
setattr(Polite, "greeting", lambda self: "good day")
print("meta setattr", [x.greeting() for _ in range(30) for x in g][-2:], log[-2:])
type.__setattr__(Greeter, "greeting", lambda self: "hi")
print("type.__setattr__", [x.greeting() for _ in range(30) for x in g][-2:])
del Polite.greeting
print("meta del", [x.greeting() for _ in range(30) for x in g][-2:])

# Class attributes read through the class and through instances.
class Counter:
    count = 0


for i in range(40):
    Counter.count += 1
    seen = Counter().count
print("counter", Counter.count, seen)
