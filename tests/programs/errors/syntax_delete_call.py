values = [1]
del len(values)
