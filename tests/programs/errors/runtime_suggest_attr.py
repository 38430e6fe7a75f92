# AttributeError on an instance: the closest instance attribute is suggested.
class P:
    def __init__(self):
        self.width = 3
p = P()
print(p.widht)
