def f():
    nonlocal y
    return 1
