def outer():
    total = 0

    def add(n):
        total = n
        nonlocal total

    return add
