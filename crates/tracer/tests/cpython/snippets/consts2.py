global g
g = 1
z = 1 + 2j
w = (1 - 2j) * 2
v = 3j * 1.5
u = -(1 + 1j)
b1 = b"ab" + b"cd"
b2 = b"x" * 3
t2 = (1, 2) + (3,)
n0 = -0.0
tiny = 1e-300 * 1e-300
nb = -123456789012345678901234567890
s1 = "é\u00e9\n\t\\'\""
s2 = "\x00\x7f\x80"
f2 = 3.0 % -2.0
x = 1 if True else 2
y = "a" in ("a", "b")
nn = not 1 < 2
print(g, z, w, v, u, b1, b2, t2, n0, tiny, nb, s1, s2, f2, x, y, nn)
