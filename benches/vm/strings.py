# String building: f-strings, +=, join, slicing and str methods in a loop.
def render(i):
    return f"{i:>6}|{i * 3 % 97:03d}|{'x' * (i % 5)}"


total = 0
for round_ in range(40):
    out = ""
    parts = []
    for i in range(3000):
        line = render(i)
        out += line[:4]
        parts.append(line.upper().replace("X", "y"))
    joined = ",".join(parts)
    total += len(out) + joined.count("y") + len(joined.split(","))
print(total)
