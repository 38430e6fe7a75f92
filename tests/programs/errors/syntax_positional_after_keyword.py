print(sep="-", "a", "b")
