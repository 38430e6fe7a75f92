# Attribute lookup order: instance before class, deleting an instance attribute re-exposes the
# class one, functions stored on instances are not bound, `obj.x += 1` creates an instance attr.
def double(x):
    return 2 * x


def ident(x):
    return x


class Config:
    level = 1
    helper = ident

    def show(self):
        return f"level={self.level}"


a = Config()
b = Config()
print(a.level, a.show(), a.helper() is a, Config.helper(5))
a.level = 7
print(a.level, b.level, Config.level, a.show(), b.show())
del a.level
print(a.level, a.show())
b.level += 1
Config.level = 3
print(a.level, b.level, Config.level)
a.helper = double
print(a.helper(21), b.helper() is b)
a.show = lambda: "overridden"
print(a.show(), b.show(), Config.show(a))
try:
    del b.missing
except AttributeError as e:
    print("AttributeError:", e)
objs = [Config() for _ in range(4)]
for i, o in enumerate(objs):
    if i % 2:
        o.level = i * 10
total = 0
for i in range(400):
    total += objs[i % 4].level
print(total, [o.level for o in objs])
