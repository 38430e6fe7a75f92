# An exception raised in a closure, two nested function frames below the module.
def make_divider(d):
    def divide(n):
        return n // d
    return divide


def apply_all(f, values):
    return [f(v) for v in values]


print(apply_all(make_divider(3), [9, 10]))
print(apply_all(make_divider(0), [1]))
