# How str() and repr() reach user __repr__/__str__: containers use repr of their items,
# print and str() fall back from __str__ to __repr__, f-string !r/!s pick one explicitly.
class OnlyRepr:
    def __init__(self, v):
        self.v = v

    def __repr__(self):
        return f"OnlyRepr({self.v!r})"


class Both:
    def __init__(self, v):
        self.v = v

    def __repr__(self):
        return f"Both<{self.v}>"

    def __str__(self):
        return f"both {self.v}"


class Sub(Both):
    def __str__(self):
        return "sub:" + super().__str__()


items = [OnlyRepr(1), OnlyRepr("s"), Both(2), Sub(3)]
print(items)
for it in items:
    print(it, str(it), repr(it), f"{it}|{it!r}|{it!s}")
print((Both(1),), {"k": Both(2)}, {Sub(0).v: OnlyRepr([1, "x"])})
print(str([Both(4)]), repr("quote's"), [repr(Both(5))], str(OnlyRepr(None)))
names = []
for i in range(200):
    names.append(repr(OnlyRepr(i % 3)))
print(len("".join(names)), names[-1])
