# Builtin methods check their positional count as CPython's METH_FASTCALL methods do; math
# functions are named math.NAME in messages; join of a non-iterable; chr() far out of range.
import math
def t(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: "a".join(5))
t(lambda: chr(10**20))
t(lambda: chr(-1))
t(lambda: chr(2**40))
t(lambda: math.sqrt())
t(lambda: math.sqrt(1, 2))
t(lambda: math.floor())
t(lambda: [].pop(1,2,3))
t(lambda: "a".upper(1))
t(lambda: {}.keys(1))
t(lambda: [1].index(1, 2, 3, 4))
t(lambda: "a".strip(1, 2))
t(lambda: "abc".count())
t(lambda: "a".ljust())
t(lambda: {}.get())
t(lambda: {}.get(1, 2, 3))
t(lambda: [].insert(1))
t(lambda: set().update())
t(lambda: "a".startswith())
t(lambda: "a".find("a", 1, 2, 3))
t(lambda: {}.pop())
t(lambda: {}.setdefault())
