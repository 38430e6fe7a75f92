# io.StringIO, an in-memory text file, and print(..., file=...) writing to any object with a
# write method (one call per piece, as CPython's print makes them).
import io
b = io.StringIO()
print(b.write("héllo\nworld\n"), b.tell())
print("a", 1, sep="-", end="!\n", file=b)
print(repr(b.getvalue()))
b.seek(0)
print(repr(b.readline()), repr(b.read(3)), repr(b.read()), b.tell())
b.seek(2)
b.write("XY")
print(repr(b.getvalue()), list(io.StringIO("a\nb\nc")), io.StringIO("x\ny").readlines())
b.seek(30)
b.write("!")
print(repr(b.getvalue()), len(b.getvalue()))
b.truncate(3)
print(repr(b.getvalue()), b.tell())
with io.StringIO("q") as c:
    print(c.read())
try:
    c.read()
except ValueError as e:
    print(e)
try:
    b.write(3)
except TypeError as e:
    print(e)
print(type(b).__name__, isinstance(b, io.StringIO))
class W:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
w = W()
print(1, 2, 3, file=w, sep=", ")
print(w.parts)
try:
    print(1, file=5)
except AttributeError as e:
    print(e)
