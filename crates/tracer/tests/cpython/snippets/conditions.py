def cond(a, b, c):
    if a and b:
        print(1)
    if a or b:
        print(2)
    if not a:
        print(3)
    if a and (b or c):
        print(4)
    if a < b < c:
        print(5)
    if a is None:
        print(6)
    if b is not None:
        print(7)
    if a in [1, 2]:
        print(8)
    if a not in {1, 2}:
        print(9)
    if (a if b else c):
        print(10)
    while not a:
        a = b
    x = a < b < c
    y = a and b and c
    z = a or b or c
    return x, y, z

cond(1, 2, 3)
