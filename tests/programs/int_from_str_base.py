# int(text, base): the base range, signs, prefixes that must match the base (base 0 reads the
# radix from the prefix), underscores and leading zeros, with CPython 3.13's errors.
cases = [("1", 99), ("1", 1), ("1", -5), ("-0x1f", 16), ("0x1f", 0), ("0o17", 0), ("0b101", 0), ("0b1", 16), ("  +42 ", 10), ("1_000", 0), ("010", 0), ("000", 0), ("0x", 16), ("0x_1f", 16), ("1__0", 10), ("_1", 10), ("z", 36), ("Z", 36), ("12", 2), ("- 1", 10), ("+-1", 10), ("", 10), ("0O17", 8), ("7" * 30, 8), ("-0", 0), ("0_0", 0)]
for text, base in cases:
    try:
        print(repr(text), base, int(text, base))
    except ValueError as e:
        print(repr(text), base, "ValueError:", e)
