class A:
    count = 0
    names = [n for n in ("x", "y")]
    square = lambda self, v: v * v

    def __init__(self):
        A.count += 1
        self.items = []
        self.items.append(self.count)

    def __eq__(self, other):
        return self.items == other.items

    def __lt__(self, other):
        return len(self.items) < len(other.items)

    def method(self):
        def helper():
            return self.count
        return helper()

    def uses_class(self):
        return __class__


class B(A):
    def __init__(self, extra):
        super().__init__()
        self.extra = extra
        self.items += [extra]

    def method(self):
        return super().method() + 1


def factory():
    class Inner:
        def get(self):
            return Inner
    return Inner

print(A().method(), B(2).method(), A() == A(), A() < B(1), factory()().get(), A().uses_class())
