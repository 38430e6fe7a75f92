# assert (passing and failing, with messages) and del of names, items, slices, attributes.
def safe_sqrt(x):
    assert x >= 0, f"negative input {x}"
    return x ** 0.5


print(safe_sqrt(16))
try:
    safe_sqrt(-4)
except AssertionError as e:
    print("assertion:", e)
try:
    assert 1 == 2
except AssertionError as e:
    print("bare assertion", repr(e))
x = 5
del x
try:
    print(x)
except NameError as e:
    print(e)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
xs = list(range(6))
del xs[0], xs[-1]
print(xs)


class Box:
    def __init__(self):
        self.a = 1
        self.b = 2


box = Box()
del box.a
try:
    print(box.a)
except AttributeError as e:
    print("AttributeError:", e)
print(box.b)
for i in range(200):
    assert i < 1000
print("all asserts passed")
