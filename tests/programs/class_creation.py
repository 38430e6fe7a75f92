# Making classes: __init_subclass__ with class keywords, __set_name__, type(name, bases, dict).
class Registry:
    registered = []

    def __init_subclass__(cls, /, prefix="", **kwargs):
        super().__init_subclass__(**kwargs)
        cls.prefix = prefix
        Registry.registered.append(cls.__name__)


class Plugin(Registry, prefix="p-"):
    pass


class Other(Registry):
    pass


class Deeper(Plugin, prefix="d-"):
    pass


print(Registry.registered)
print(Plugin.prefix, Other.prefix, Deeper.prefix)


class Field:
    def __set_name__(self, owner, name):
        self.owner = owner.__name__
        self.name = name

    def describe(self):
        return f"{self.owner}.{self.name}"


class Record:
    key = Field()
    value = Field()


print(Record.key.describe(), Record.value.describe())

Point = type("Point", (), {"x": 0, "y": 0, "norm": lambda self: abs(self.x) + abs(self.y)})
p = Point()
p.x, p.y = 3, -4
print(Point.__name__, p.norm())

Child = type("Child", (Registry,), {"extra": 1}, prefix="c-")
print(Child.prefix, Child.extra, Registry.registered[-1])

for args in [("A", [], {}), ("A", (), []), (1, (), {}), ("A",)]:
    try:
        type(*args)
    except TypeError as e:
        print("TypeError:", e)

try:
    class Strict(Other, flag=True):
        pass
except TypeError as e:
    print("TypeError:", e)
