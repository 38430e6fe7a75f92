# str searching and tests: rfind/rindex and empty windows, removeprefix/removesuffix, expandtabs, isascii/isdecimal/isnumeric/isalnum/isidentifier/istitle; set algebra methods.

s = "hello world, hello"
print(s.rfind("hello"), s.rfind("x"), s.rfind("l", 0, 5), s.rindex("o"), s.rfind(""), s.rfind("", 3, 1))
try:
    s.rindex("zz")
except ValueError as e:
    print(e)
print("prefix_x".removeprefix("prefix_"), "x".removeprefix(""), "abc".removesuffix("bc"), "abc".removesuffix("zz"))
print("abc".isascii(), "".isascii(), "é".isascii(), "123".isdecimal(), "12a".isnumeric(), "ab1".isalnum(), "".isalnum(), "a b".isalnum())
print("_x1".isidentifier(), "1x".isidentifier(), "class".isidentifier(), "é".isidentifier(), "".isidentifier())
print("Hello World".istitle(), "Hello world".istitle(), "HELLO".istitle(), "".istitle(), "A1 B".istitle(), "aA".istitle())
print(repr("a\tbc\td\n\tx".expandtabs()), repr("a\tb".expandtabs(4)), repr("a\tb".expandtabs(tabsize=0)), repr("\t".expandtabs(-1)))
for bad in (lambda: "a".removeprefix(1), lambda: "a".rfind(1), lambda: "a".expandtabs("x"), lambda: "a".isascii(1)):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
for m in ("find", "rfind", "count", "startswith", "endswith"):
    f = getattr("abc", m)
    print(m, f("", 3), f("", 4), f("", 2, 1), f("", -10), f("c", 2), f("", 3, 3), f("", 1, 100))

s = {1, 2, 3}
print(s.isdisjoint([4, 5]), s.isdisjoint((3,)), s.issuperset([1, 2]), s.issuperset({9}))
print(s.symmetric_difference([3, 4, 5]), frozenset(s).symmetric_difference({1}))
t = set(range(10)); t.difference_update([1, 2], {3}); print(t)
t.intersection_update(range(5, 20), [5, 6, 7, 30]); print(t)
t.symmetric_difference_update([6, 100]); print(t)
t.clear(); print(t, len(t))
f = frozenset([1, 2, 3])
print(f.copy() is f, f.difference([1]), f.intersection([2, 3, 4], {3}), f.isdisjoint([]), f.issubset(range(5)), f.issuperset([1]))
for bad in (lambda: s.isdisjoint(1), lambda: s.issuperset([[1]]), lambda: s.symmetric_difference(), lambda: f.difference(5), lambda: s.intersection_update(x=1)):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
