"""Module docstring."""

def maybe(flag):
    if flag:
        value = 1
    return value

def deleted():
    x = 1
    del x
    return x

def loop_var(xs):
    for x in xs:
        pass
    return x

def many(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s):
    t = a + q
    u = r + s
    return t + u

def posonly(a, b, /, c, *, d, e=5):
    return a + b + c + d + e

def recurse(n):
    return 1 if n <= 1 else n * recurse(n - 1)

def while_else(n):
    while n:
        n -= 1
        if n == 5:
            break
    else:
        return -1
    return n

def except_return(x):
    try:
        return 1 // x
    except ZeroDivisionError as err:
        return str(err)

print(maybe(1), loop_var([1]), many(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18), posonly(1, 2, 3, d=4), recurse(5), while_else(10), except_return(0))
