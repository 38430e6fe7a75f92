def f():
    """Docstring never closed
    return 1
