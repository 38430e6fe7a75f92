# The alternate constructors builtin types declare as classmethods (dict.fromkeys, int.from_bytes,
# bytes.fromhex), bound through the type, an instance and a subclass, and int.to_bytes.
print(dict.fromkeys("abc"), dict.fromkeys([1, 2], 0), {}.fromkeys("x", [1]))
class D(dict):
    pass
d = D.fromkeys("ab", 1)
print(type(d).__name__, d)
print(int.from_bytes(b"\x01\x00"), int.from_bytes(b"\x01\x00", "little"), int.from_bytes(b"\xff", signed=True), int.from_bytes([1, 2, 3], byteorder="big"))
print((256).to_bytes(2, "little"), (0).to_bytes(), (-1).to_bytes(2, signed=True), (2**70).to_bytes(10), (1024).to_bytes(length=4, byteorder="big"))
print(bytes.fromhex("de ad be ef"), bytes.fromhex(""))
for bad in [lambda: (256).to_bytes(1), lambda: (-1).to_bytes(1), lambda: (1).to_bytes(1, "middle"), lambda: bytes.fromhex("abc"), lambda: bytes.fromhex("zz"), lambda: (1).to_bytes(-1)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
class I(int):
    pass
print(type(I.from_bytes(b"\x05")).__name__, I.from_bytes(b"\x05"), I(7).to_bytes(1))
print(type(dict.__dict__["fromkeys"]).__name__)
counts = dict.fromkeys(range(5), 0)
for i in range(200):
    counts[i % 5] += 1
print(counts)
