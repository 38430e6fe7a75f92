# bytes: literals, indexing (ints), slicing, len, concatenation, comparisons, repr.
b = b"hello"
print(b, len(b), b[0], b[-1], b[1:3])
print(b + b" world", b * 2)
print(b"abc" == b"abc", b"abc" < b"abd", b"a" in b"abc")
print(repr(b"\x00\x01\xff"), b"it's", b'say "hi"')
print(list(b"AZ"), tuple(b"hi"))
total = 0
for byte in b"The quick brown fox":
    total += byte
print(total)
print(type(b).__name__, isinstance(b, bytes))
data = b"abcdefghij"
acc = 0
for i in range(300):
    acc += data[i % 10]
print(acc)
print(b"\n\t\\", b"", len(b""))
