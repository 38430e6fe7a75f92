# str methods: join split strip upper lower capitalize replace count find startswith endswith.
s = "  Hello, World  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
t = s.strip()
print(t.upper(), t.lower(), "hello world".capitalize(), "HELLO".capitalize())
print(t.replace("l", "L"), t.replace("l", "", 1))
print(t.count("l"), t.count("o"), t.count("z"))
print(t.find("World"), t.find("x"), t.find("l", 5))
print(t.startswith("Hell"), t.endswith("ld"), t.startswith("World", 7))
words = "the quick brown fox jumps over the lazy dog".split()
print(words, len(words))
print("a,b,,c".split(","), "1 2  3".split(" "), "x-y-z".split("-", 1))
print("-".join(words[:4]), "".join(["a", "b", "c"]))
print("xxhixx".strip("x"), "...done".lstrip("."))
print("abc" * 3, "abc" + "def", "b" in "abc", "z" not in "abc")
print(len("hello"), "hello"[1], "hello"[-1], "hello"[1:4], "hello"[::-1])
print("abc" < "abd", "abc" == "abc", "B" < "a", max("hello"), min("hello"))
caps = []
for w in words:
    caps.append(w.capitalize())
print(" ".join(caps))
counted = 0
for i in range(300):
    counted += "mississippi".count("ss") + "mississippi".find("pp")
print(counted)
print("Hello".lower().upper().replace("L", "l"))
