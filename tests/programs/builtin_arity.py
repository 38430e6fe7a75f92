# Builtins called with the wrong number of arguments raise TypeError with CPython's messages
# (they used to index a missing argument), and zip() of nothing is empty.
import math


def attempt(label, thunk):
    try:
        print(label, "->", thunk())
    except TypeError as e:
        print(label, "-> TypeError:", e)


d = {"a": 1}
attempt("abs()", lambda: abs())
attempt("repr()", lambda: repr())
attempt("hash()", lambda: hash())
attempt("chr(1, 2)", lambda: chr(1, 2))
attempt("ord()", lambda: ord())
attempt("any()", lambda: any())
attempt("all([], [])", lambda: all([], []))
attempt("callable()", lambda: callable())
attempt("abs(x=1)", lambda: abs(x=1))
attempt("sum()", lambda: sum())
attempt("round()", lambda: round())
attempt("format()", lambda: format())
attempt("map(abs)", lambda: map(abs))
attempt("d.get()", lambda: d.get())
attempt("d.get(1, 2, 3)", lambda: d.get(1, 2, 3))
attempt("d.pop()", lambda: d.pop())
attempt("d.setdefault()", lambda: d.setdefault())
attempt("math.log()", lambda: math.log())
attempt("[].append()", lambda: [].append())
attempt("[].copy(1)", lambda: [].copy(1))
attempt("'a'.upper(1)", lambda: "a".upper(1))
attempt("list(zip())", lambda: list(zip()))
for pair in zip():
    print("never", pair)
print(d.get("a"), d.pop("a", 0), round(2.5), sum([1, 2]), format(3, "03d"), list(map(abs, [-1])))
