# Matrix multiplication, transposition and determinant with nested lists of floats and ints.
def matmul(a, b):
    n = len(a)
    m = len(b[0])
    k = len(b)
    out = [[0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            s = 0
            for t in range(k):
                s += a[i][t] * b[t][j]
            out[i][j] = s
    return out


def det(m):
    if len(m) == 1:
        return m[0][0]
    total = 0
    for c in range(len(m)):
        minor = [row[:c] + row[c + 1:] for row in m[1:]]
        sign = -1 if c % 2 else 1
        total += sign * m[0][c] * det(minor)
    return total


a = [[1, 2, 3], [4, 5, 6]]
b = [[7, 8], [9, 10], [11, 12]]
print(matmul(a, b))
ident = [[1 if i == j else 0 for j in range(4)] for i in range(4)]
m = [[2, 0, 1, 3], [1, 1, 0, 2], [0, 3, 1, 1], [4, 1, 2, 0]]
print(matmul(m, ident) == m, det(m), det(ident))
f = [[0.5, 1.5], [2.0, -1.0]]
p = f
for _ in range(5):
    p = matmul(p, f)
print(p)


def transpose(m):
    return [[row[j] for row in m] for j in range(len(m[0]))]


print(transpose(a), transpose(transpose(b)) == b)
