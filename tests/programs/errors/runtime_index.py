# IndexError at module level, after some output.
xs = [1, 2, 3]
for i in range(3):
    print(xs[i])
print(xs[3])
