"""Print the adaptive opnames of every code object of a program after running it once.

Run with CPython 3.13: `PYENV_VERSION=3.13.0 python3.13 cpython_adaptive.py FILE > FILE.json`
(stdout of the program itself is discarded). Output: [[qualname, [opname, ...]], ...] in dis
order (the module, then nested code objects in co_consts order, depth first).
"""
import contextlib
import dis
import io
import json
import sys


def walk(code):
    yield code
    for c in code.co_consts:
        if hasattr(c, "co_code"):
            yield from walk(c)


path = sys.argv[1]
with open(path) as f:
    source = f.read()
code = compile(source, path, "exec")
with contextlib.redirect_stdout(io.StringIO()):
    exec(code, {"__name__": "__main__"})
out = [[c.co_qualname, [i.opname for i in dis.get_instructions(c, adaptive=True)]] for c in walk(code)]
print(json.dumps(out))
