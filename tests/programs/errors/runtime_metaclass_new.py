# A metaclass whose __new__ fails: the traceback runs from the class statement into the metaclass.
class M(type):
    def __new__(m, n, b, ns): return undefined
class A(metaclass=M): pass
