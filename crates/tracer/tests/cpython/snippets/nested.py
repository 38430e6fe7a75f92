def make_adders(n):
    adders = []
    for i in range(n):
        adders.append(lambda x, i=i: x + i)
    return adders

def outer():
    x = 1
    def middle():
        def inner():
            return x
        return inner
    return middle()()

def cell_param(a, b):
    def get():
        return a
    return get() + b

def shadow():
    x = 1
    def f():
        x = 2
        return x
    return f() + x

def make_class(base):
    class Local(base):
        attr = base
        def method(self):
            return base
    return Local

print(make_adders(2)[1](1), outer(), cell_param(1, 2), shadow(), make_class(object))
