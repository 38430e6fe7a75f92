# Scoping rules: LEGB lookup, class bodies, default values bound at def time, late binding.
x = "global"


def read_global():
    return x


def shadow():
    x = "local"
    return x


def unbound():
    try:
        print(y_local)
        y_local = 1
    except UnboundLocalError as e:
        return str(e)


class Holder:
    x = "class attr"
    doubled = x * 2

    def method(self):
        return x


print(read_global(), shadow(), x)
print(unbound())
print(Holder.doubled, Holder().method())
default_source = 10


def with_default(v=default_source):
    return v


default_source = 20
print(with_default(), with_default(5))
late = [lambda: i for i in range(3)]
early = [lambda i=i: i for i in range(3)]
print([f() for f in late], [f() for f in early])


def levels():
    a = 1

    def mid():
        nonlocal a
        a += 10

        def inner():
            nonlocal a
            a += 100
            return a
        return inner()
    mid()
    return a


print(levels())
total = 0
for k in range(300):
    total += len(read_global())
print(total)
