# globals(), locals() (module, class body, a function snapshot as in 3.13), vars(), exec/eval/compile on source strings and code objects, their namespaces and CPython's errors.
x = 1
g = globals()
print(g is globals(), g["x"], locals() is g)
g["y"] = 5
print(y)
def f(a, b=2):
    c = a + b
    def inner():
        return c
    print(sorted(locals().items(), key=lambda kv: kv[0]) if False else sorted(locals()))
    d = locals()
    d["c"] = 100
    print(c, vars() == locals())
    return inner
f(1)
class K:
    z = 3
    print(sorted(locals()))
print(eval("x + y"), eval("  a * 2", {"a": 21}), eval("b", {}, {"b": 7}))
exec("w = x * 10\nprint('in exec', w)")
print(w)
ns = {}
exec("def h(n):\n    return n * 3\n", ns)
print(ns["h"](4), sorted(k for k in ns if k != "__builtins__"), "__builtins__" in ns)
code = compile("q + 1", "<q>", "eval")
print(eval(code, {"q": 41}))
code = compile("r = 2\n", "<r>", "exec")
exec(code)
print(r)
def fe():
    v = 3
    return eval("v + 1")
print(fe())
for src in ["exec(1)", "exec('x=1', 1)", "exec('x=1', {}, 1)", "eval(1)", "eval('1', 1)", "eval('1', {}, 1)", "compile('1', 'f', 'x')", "eval('x=1')", "eval('1 +')", "exec('1 +')", "globals(1)", "locals(1)", "vars(1, 2)", "compile(1, 'f', 'exec')", "exec('zz', {'__builtins__': {}})", "vars(3)"]:
    try:
        eval(src)
    except Exception as e:
        print(src, "->", type(e).__name__, e)
