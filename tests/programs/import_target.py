# A module that is also a program: run alone, `__name__ == "__main__"`; imported by imports.py, its own name, `__all__` deciding what `import *` takes.
__all__ = ["area", "Square", "UNIT"]

UNIT = "cm"
_hidden = "not exported"
counter = 0


class Square:
    def __init__(self, side):
        self.side = side

    def __repr__(self):
        return f"Square({self.side})"


def area(shape):
    global counter
    counter += 1
    return shape.side * shape.side


def main():
    sq = Square(3)
    print("running as", __name__, area(sq), UNIT, counter)


if __name__ == "__main__":
    main()
else:
    print("imported as", __name__)
