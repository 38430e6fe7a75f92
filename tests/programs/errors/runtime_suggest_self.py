# NameError in a method for an attribute of self: 'self.width' is suggested.
class P:
    def __init__(self):
        self.width = 3
    def area(self):
        return width * 2
P().area()
