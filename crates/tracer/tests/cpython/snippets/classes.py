class Base:
    kind = "base"

    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


class Child(Base):
    """A child."""

    def __init__(self, value, extra):
        super().__init__(value)
        self.extra = extra

    def get(self):
        return super().get() + self.extra

    def helper(self, x):
        return x


c = Child(1, 2)
print(c.get(), c.kind, c.helper(3))
