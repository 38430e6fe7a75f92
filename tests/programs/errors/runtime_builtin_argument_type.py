# An argument of the wrong type to a specialized builtin method call, after warm-up.
parts = []
for i in range(5):
    parts.append("a,b,c".split(",", i))
print(parts[-1])
print("a,b,c".split(",", lambda: 1))
