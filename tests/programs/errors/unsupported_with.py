# `with` statements are outside the supported subset.
x = 1
with open("f") as fh:
    print(fh)
