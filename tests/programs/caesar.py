# Caesar cipher and simple encodings with chr/ord, str building and modular arithmetic.
def shift_char(ch, k):
    if "a" <= ch <= "z":
        return chr((ord(ch) - ord("a") + k) % 26 + ord("a"))
    if "A" <= ch <= "Z":
        return chr((ord(ch) - ord("A") + k) % 26 + ord("A"))
    return ch


def caesar(text, k):
    return "".join([shift_char(c, k) for c in text])


msg = "Hello, World! The Quick Brown Fox."
enc = caesar(msg, 3)
print(enc)
print(caesar(enc, -3))
print(caesar(msg, 13) == caesar(caesar(msg, 13), 26))


def checksum(text):
    h = 0
    for ch in text:
        h = (h * 31 + ord(ch)) % 1000000007
    return h


print(checksum(msg), checksum(enc), checksum(""))
hexed = ""
for ch in "pyinternals":
    v = ord(ch)
    hexed += "0123456789abcdef"[v // 16] + "0123456789abcdef"[v % 16]
print(hexed)
print([chr(c) for c in range(ord("a"), ord("a") + 10)])
