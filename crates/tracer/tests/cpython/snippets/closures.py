def outer(a):
    b = a + 1
    def inner(c):
        return a + b + c
    return inner

def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc

total = 0
def bump():
    global total
    total = total + 1

f = lambda x, y=1: x * y
g = outer(1)
print(g(2), counter()(), f(3))
