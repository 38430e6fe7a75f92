# str edge cases: split variants, strip chars, find ranges, reprs with quotes and escapes.
print("  a  b   c ".split(), " a b ".split(" "), "a,b,c".split(",", 1), "".split(), "".split(","))
print("one two three".split(None, 1), "xaxbx".split("x"), "abc".split("abc"))
print("<<hi>>".strip("<>"), "xyhixy".strip("xy"), "   ".strip() == "", "\t\n x \n".strip())
print("hello".find("l", 3), "hello".find("l", 4), "hello".find("", 2), "hello".find("lo", 1, 4))
print("aaa".replace("a", "b", 2), "aaa".replace("a", "b", 0), "abc".replace("", "-"))
print("banana".count("an"), "banana".count(""), "banana".count("a", 2), "".count(""))
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\there"), repr("\x00\x7f"))
print(repr("café"), "café".upper(), len("café"), "ß".upper(), "İ".lower() == "i̇")
print("ab" * 0, "ab" * -1, "-" * 5, "abc"[5:], "abc"[-10:2])
print("a" < "b" < "c", "Z" < "a", "abc" < "abcd", "" < "a", "10" < "9")
print("Hello World".startswith(("He", "Wo")), "x.py".endswith((".py", ".rs")), "".startswith(""))
print("MiXeD CaSe".lower(), "MiXeD CaSe".upper(), "mIXED".capitalize(), "123abc".capitalize())
try:
    print("-".join(["a", 1]))
except TypeError as e:
    print("TypeError:", e)
try:
    int("abc")
except ValueError as e:
    print("ValueError:", e)
parts = []
for i in range(250):
    parts.append("ab"[i % 2] * (i % 4))
print(len("".join(parts)), "|".join(parts[:8]))
