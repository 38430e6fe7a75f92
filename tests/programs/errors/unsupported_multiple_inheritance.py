# A class with two bases is refused: the VM keeps one base per class.
class A:
    pass


class B:
    pass


class C(A, B):
    pass
