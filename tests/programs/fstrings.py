# f-strings: conversions (!r !s), width/alignment, precision, thousands separators.
name = "Ada"
value = 3.14159265
n = 1234567
print(f"hello {name}!")
print(f"{name!r} {name!s} {name}")
print(f"[{name:>8}] [{name:<8}] [{name:^8}] [{name:*^9}]")
print(f"{value:.3f} {value:.1f} {value:10.2f}| {value:e}")
print(f"{n:,} {n:_} {n:>12,}")
print(f"{42:05d} {42:x} {42:X} {42:o} {42:b} {-42:+d} {42:+d}")
print(f"{0.5:%} {0.125:.1%}")
print(f"{n!r:>10}")
items = [("apple", 1.5, 3), ("banana", 0.25, 12), ("cherry", 10.0, 1)]
for item, price, qty in items:
    print(f"{item:<10}{price:>8.2f}{qty:>4}{price * qty:>10.2f}")
print(f"{'nested'} {1 + 2} {[1, 2][0]} {len(name)}")
print(f"{{literal braces}} {n}")
print(f"{None} {True} {[1, 'a']!r} {(1,)}")
width = 0
for i in range(300):
    width += len(f"{i:>5}|{i * 2.5:.1f}")
print(width)
