# More class behaviour: shadowing class attributes, explicit Class.method(obj), three-level super.
class Base:
    tag = "base"
    instances = []

    def __init__(self, name):
        self.name = name
        Base.instances.append(name)

    def hello(self):
        return f"{self.name}:{self.tag}"

    def chain(self):
        return ["Base"]


class Middle(Base):
    def chain(self):
        return super().chain() + ["Middle"]


class Leaf(Middle):
    tag = "leaf"

    def __init__(self, name, extra):
        super().__init__(name)
        self.extra = extra

    def chain(self):
        return super().chain() + ["Leaf"]

    def __str__(self):
        return f"Leaf({self.name}, {self.extra})"


b = Base("b")
leaf = Leaf("l", 7)
print(b.hello(), leaf.hello(), Base.hello(leaf), leaf.chain())
b.tag = "instance"
print(b.tag, Base.tag, Base("c").tag, Base.instances)
print(str(leaf), isinstance(leaf, (int, Middle)), type(leaf).__name__, type(leaf) is Leaf)
leaf.added_later = [1, 2]
leaf.added_later.append(3)
print(leaf.added_later, leaf.extra)
Base.tag = "changed"
print(b.tag, Middle("m").tag, leaf.tag)
score = 0
objs = [Base("x"), Middle("y"), Leaf("z", 1)]
for i in range(300):
    score += len(objs[i % 3].chain())
print(score, len(Base.instances))
