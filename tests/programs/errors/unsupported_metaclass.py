# A metaclass: the VM makes every class with `type`, so it refuses rather than ignore M.
class M(type):
    def __new__(m, n, b, ns): return undefined
class A(metaclass=M): pass
