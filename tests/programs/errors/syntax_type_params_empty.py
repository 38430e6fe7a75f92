# An empty type parameter list.
class Empty[]:
    pass
