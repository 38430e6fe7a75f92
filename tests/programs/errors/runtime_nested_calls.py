# An exception raised three calls deep: the traceback lists every frame, outermost first.
def level3(x):
    return 10 // x


def level2(x):
    return level3(x - 1) + 1


def level1(x):
    y = level2(x)
    return y


print(level1(5))
print(level1(1))
