# Exception subclasses that call the base __init__ by name or through super(): the arguments
# given there become args (super().__init__() with none leaves args empty).
class E(Exception):
    def __init__(self, x):
        super().__init__()
class F(ValueError):
    def __init__(self, msg, pos):
        ValueError.__init__(self, f"{msg} at {pos}")
        self.pos = pos
class G(Exception):
    def __init__(self, a, b):
        Exception.__init__(self, a)
print(E(5).args, F("bad", 3).args, str(F("bad", 3)), F("x", 1).pos, G(1, 2).args)
try:
    raise F("oops", 9)
except ValueError as e:
    print(repr(e), e.pos)
