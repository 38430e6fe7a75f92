def gen(n):
    i = 0
    while i < n:
        yield i
        i += 1

def gen2():
    x = yield
    yield x

print(list(gen(3)))
