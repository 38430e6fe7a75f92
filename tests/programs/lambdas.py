# Lambdas: as key functions, stored in lists and dicts, immediately called.
square = lambda x: x * x
add = lambda a, b=10: a + b
print(square(7), add(1), add(1, 2))
ops = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b}
for name in ["add", "sub", "mul"]:
    print(name, ops[name](6, 3))
words = ["banana", "Apple", "cherry", "date", "fig"]
print(sorted(words, key=lambda w: len(w)))
print(sorted(words, key=lambda w: w.lower()))
print(sorted(words, key=lambda w: (len(w), w), reverse=True))
pairs = [(1, "b"), (3, "a"), (2, "c")]
print(sorted(pairs, key=lambda p: p[1]))
print((lambda: 42)())
compose = lambda f, g: lambda x: f(g(x))
inc_then_square = compose(square, lambda x: x + 1)
print(inc_then_square(4))
acc = 0
for i in range(300):
    acc = add(acc, i)
print(acc)
print(max(words, key=lambda w: w[-1]), min(pairs, key=lambda p: -p[0]))
