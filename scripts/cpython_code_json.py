"""Print, as JSON, what CPython compiles a Python file to: every code object in `dis` order
(the module, then nested code objects in co_consts order, depth first).

Run with CPython 3.13: `PYENV_VERSION=3.13.0 python3.13 scripts/cpython_code_json.py FILE`.
The tracer crate's test `compile_cpython` compares its own compiler with this output.
Addresses of code objects are replaced by `0x?` (they differ from run to run).
"""
import dis
import io
import json
import re
import sys

ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def normalize(text):
    return ADDRESS.sub(" at 0x?", text)


def walk(code):
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from walk(const)


def describe(code):
    instructions = [
        {
            "offset": i.offset,
            "opname": i.opname,
            "arg": i.arg,
            "argrepr": normalize(i.argrepr),
            "line": i.line_number,
        }
        for i in dis.get_instructions(code)
    ]
    return {
        "qualname": code.co_qualname,
        "firstlineno": code.co_firstlineno,
        "co_code": code.co_code.hex(),
        "consts": [normalize(repr(c)) for c in code.co_consts],
        "names": list(code.co_names),
        "varnames": list(code.co_varnames),
        "cellvars": list(code.co_cellvars),
        "freevars": list(code.co_freevars),
        "stacksize": code.co_stacksize,
        "flags": code.co_flags,
        "positions": [list(p) for p in code.co_positions()],
        "instructions": instructions,
    }


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        source = f.read()
    name = sys.argv[2] if len(sys.argv) > 2 else path
    module = compile(source, name, "exec")
    text = io.StringIO()
    dis.dis(module, file=text)
    caches = io.StringIO()
    dis.dis(module, file=caches, show_caches=True)
    out = {
        "code": [describe(c) for c in walk(module)],
        "dis": normalize(text.getvalue()),
        "dis_caches": normalize(caches.getvalue()),
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
