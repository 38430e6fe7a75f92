# Classes defined inside functions: methods closing over the function's locals, super() in them.
def make_classes(prefix):
    count = 0

    class Base:
        def __init__(self, name):
            nonlocal count
            count += 1
            self.name = prefix + name

        def label(self):
            return f"<{self.name}>"

    class Child(Base):
        def label(self):
            return super().label() + "!"

    def created():
        return count

    return Base, Child, created


B1, C1, created1 = make_classes("a-")
B2, C2, created2 = make_classes("b-")
objs = [B1("x"), C1("y"), C2("z")]
print([o.label() for o in objs])
print(created1(), created2(), B1 is B2, isinstance(objs[1], B1), isinstance(objs[2], B1))
print(type(objs[1]).__name__, C1.__name__)


def counter_class():
    class Counter:
        total = 0

        def add(self, n):
            Counter.total += n
            return Counter.total
    return Counter


K = counter_class()
k = K()
for i in range(250):
    k.add(i)
print(K.total, counter_class().total)
