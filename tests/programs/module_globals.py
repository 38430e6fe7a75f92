# Module-level code mixing functions and globals: LOAD_GLOBAL_MODULE/_BUILTIN, rebinding.
SCALE = 3
names = []


def scaled(x):
    return x * SCALE


def register(name):
    names.append(name)
    return len(names)


print(scaled(5))
SCALE = 10
print(scaled(5))
for i in range(200):
    register(i % 3)
print(len(names), names[:6])


def uses_builtins(xs):
    return len(xs), max(xs), min(xs), sum(xs)


data = list(range(50))
out = None
for _ in range(150):
    out = uses_builtins(data)
print(out)


def shadow():
    return len


len_copy = shadow()
print(len_copy([1, 2, 3]))
counter = 0
while counter < 300:
    counter += 1
print(counter, __name__)
if __name__ == "__main__":
    print("main guard ran")
