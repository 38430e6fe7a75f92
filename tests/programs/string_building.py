# Building strings in loops: += on str (BINARY_OP_INPLACE_ADD_UNICODE), join, repetition.
s = ""
for i in range(300):
    s += str(i % 10)
print(len(s), s[:25], s[-5:])
parts = []
for i in range(20):
    parts.append(f"<{i}>")
joined = "".join(parts)
print(joined)
line = "-" * 20
print(line)
row = ""
for word in ["alpha", "beta", "gamma"]:
    row = row + word.upper() + ","
print(row)


def pad_table(rows):
    out = ""
    for name, qty in rows:
        out += f"|{name:<8}|{qty:>5}|\n"
    return out


print(pad_table([("nuts", 12), ("bolts", 300), ("gears", 7)]), end="")
acc = ""
for i in range(100):
    acc = acc + "x"
print(len(acc), acc == "x" * 100)
print(str(12) + str(3.5) + str(True) + str(None) + str([1]) + str((2,)))
