# Unpacking in a comprehension is Python 3.15 syntax.
xs = [[1], [2]]
print([*x for x in xs])
