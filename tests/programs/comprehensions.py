# List, dict and set comprehensions, nested loops, conditions, comprehension scopes.
squares = [x * x for x in range(10)]
print(squares)
evens = [x for x in range(20) if x % 2 == 0 if x % 3 != 0]
print(evens)
pairs = [(x, y) for x in range(3) for y in range(x)]
print(pairs)
sq_map = {x: x * x for x in range(6)}
print(sq_map)
inverted = {v: k for k, v in sq_map.items()}
print(inverted[25])
mods = {x % 5 for x in range(40)}
print(sorted(mods))
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
transposed = [[row[i] for row in matrix] for i in range(3)]
print(matrix, transposed)
flat = [v for row in matrix for v in row]
print(flat)
x = "outer"
print([x for x in range(3)], x)
words = ["alpha", "beta", "gamma", "delta"]
lengths = {w: len(w) for w in words if "a" in w}
print(lengths)
upper = [w.upper() for w in words]
print(upper)
big = [i for i in range(500) if i % 7 == 3]
print(len(big), big[-1])
k = 10
print([i + k for i in range(3)])
