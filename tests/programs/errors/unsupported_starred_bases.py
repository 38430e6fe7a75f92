# Starred class bases are outside the supported subset.
bases = (object,)


class C(*bases):
    pass
