# A class pattern with more positional sub-patterns than __match_args__ names.
class Point:
    __match_args__ = ("x",)

    def __init__(self, x):
        self.x = x


def check(p):
    match p:
        case Point(1, 2):
            return True
    return False


check(Point(1))
