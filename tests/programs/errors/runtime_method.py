# An AttributeError inside a method called from module code.
class Shape:
    def __init__(self, w):
        self.w = w

    def area(self):
        return self.w * self.h


s = Shape(3)
print(s.w)
print(s.area())
