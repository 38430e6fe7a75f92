counter = 0

def incr():
    global counter
    counter += 1
    return counter

def outer():
    n = 0
    def inner():
        nonlocal n
        n += 1
        def deepest():
            return n
        return deepest()
    inner()
    return inner()

def loop_closures():
    fs = []
    for i in range(3):
        def f():
            return i
        fs.append(f)
    return [f() for f in fs]

def uses_before_def():
    for i in range(2):
        if i:
            print(j)
        j = i
    del j

print(incr(), outer(), loop_closures())
