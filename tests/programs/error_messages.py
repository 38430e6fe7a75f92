# CPython's exact messages for common runtime errors, each caught and printed with its type.
def f(a, b):
    return a + b


five = 5


def report(label, thunk):
    try:
        thunk()
        print(label, "no error")
    except Exception as e:
        print(f"{label:<14} {type(e).__name__}: {e}")


report("list index", lambda: [1, 2][5])
report("str index", lambda: "abc"[10])
report("tuple index", lambda: (1,)[5])
report("dict key", lambda: {"a": 1}["b"])
report("int key", lambda: {}[3])
report("pop empty", lambda: [].pop())
report("list.index", lambda: [1, 2].index(5))
report("tuple.index", lambda: (1, 2).index(5))
report("len(int)", lambda: len(5))
report("iter(int)", lambda: iter(5))
report("call int", lambda: five())
report("too many", lambda: f(1, 2, 3))
report("missing", lambda: f(1))
report("bad kwarg", lambda: f(1, 2, c=3))
report("dup kwarg", lambda: f(1, a=2))
report("unhashable", lambda: {[1]: 2})
report("set of list", lambda: set([[1]]))
report("None + 1", lambda: None + 1)
report("str - str", lambda: "a" - "b")
report("subscript int", lambda: five[0])
report("attr on int", lambda: five.nope)
report("next empty", lambda: next(iter([])))
report("unpack many", lambda: [a for a, b in [(1, 2, 3)]])
report("unpack few", lambda: [a for a, b, c in [(1, 2)]])
report("int(None)", lambda: int(None))
report("sorted mixed", lambda: sorted([1, "a"]))
report("max empty", lambda: max([]))
report("dict.pop", lambda: {}.pop("k"))
report("list * list", lambda: [1] * [2])
report("float(list)", lambda: float([]))
