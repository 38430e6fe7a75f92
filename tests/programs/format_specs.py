# Format-spec mini-language on ints, floats and strs: fill/align, sign, #, 0-padding, grouping,
# precision on strings, nested replacement fields for width and precision.
n = 255
print(f"[{n:#x}] [{n:#o}] [{n:#b}] [{n:#X}] [{n:c}] [{65:c}]")
print(f"[{n:=+8}] [{-n:=8}] [{n:08,}] [{-1234567:_}] [{1234567:,d}] [{n: d}] [{-n: d}]")
print(f"[{n:^9}] [{n:*<6}] [{n:0>6}] [{'ab':0<5}] [{-7:05}] [{7:+05}]")
x = 3.14159
print(f"[{x:>+08.2f}] [{-x:08.3f}] [{x:^12.4e}] [{x:.0f}] [{x:#.0f}] [{x:g}] [{1e-5:g}] [{1e16:g}]")
print(f"[{123456.789:,.1f}] [{0.000012345:.3g}] [{12345678.9:.3g}] [{x:%}] [{-0.0:.1f}] [{0.0:+}]")
s = "specialize"
print(f"[{s:.4}] [{s:>12.3}] [{s:^14}] [{s!r:>14}] [{s:_^16}]")
width = 10
prec = 3
print(f"[{x:{width}.{prec}f}] [{s:>{width}}] [{n:{'x'}}] [{x:{'>'}{width}}]")
print(format(n, "x"), format(x, ".2f"), format(s, ">12"), format(True, ""), format(None, ""))
print(f"{True:d} {False:>5} {True!s:>6} {2 ** 70:,} {-(2 ** 70):x}")
rows = []
for i in range(1, 200, 37):
    rows.append(f"{i:>4d}|{i / 7:8.3f}|{i * 1000:>10,}|{i:#06x}|{str(i):^5}|")
print("\n".join(rows))
