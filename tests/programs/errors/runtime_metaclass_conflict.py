# Two bases made by unrelated metaclasses: the class statement raises CPython's metaclass conflict.
class MetaA(type):
    pass


class MetaB(type):
    pass


class A(metaclass=MetaA):
    pass


class B(metaclass=MetaB):
    pass


class C(A, B): pass
