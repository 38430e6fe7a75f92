# A comprehension is inlined in 3.13 (no frame of its own); the lambda it calls has one.
inverse = lambda x: 1 / x
values = [3, 2, 1, 0]
print([inverse(v) for v in values])
