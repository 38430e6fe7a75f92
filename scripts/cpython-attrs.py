"""The attribute names of CPython 3.13's builtin types, as `dir()` lists them: the table
crates/tracer/src/builtins/cpython_attrs.txt, which lets the VM refuse an attribute it lacks
("not supported yet: str.rfind") instead of raising an AttributeError CPython never would.

    PYENV_VERSION=3.13.0 python3.13 scripts/cpython-attrs.py          # rewrite the table
    PYENV_VERSION=3.13.0 python3.13 scripts/cpython-attrs.py --print  # print it instead

One line per type: its name, then its attribute names (those of its bases included, as `dir`
gives them, less any `getattr` cannot read on the type), space-separated; then one line per
standard-library module the VM provides, `module:NAME` and what `dir(module)` lists.
crates/tracer/tests/cpython_attrs.rs checks the checked-in file against this script's output
when python3.13 is installed.
"""

import array
import importlib
import io
import os
import sys
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates", "tracer", "src", "builtins", "cpython_attrs.txt")


def gen():
    yield 1


def samples():
    d = {1: 2}
    return [
        object, type, int, bool, float, str, bytes, list, tuple, dict, set, frozenset, range,
        slice, type(None), type(NotImplemented), type(...), types.FunctionType,
        types.MethodType, types.BuiltinFunctionType, types.ModuleType, types.GeneratorType,
        enumerate, zip, map, filter, reversed, super, property, staticmethod, classmethod,
        BaseException, type(iter([])), type(iter(())), type(iter(range(1))), type(iter("a")),
        type(iter("\xe9")), type(iter(b"")), type(iter(d)), type(iter(d.values())),
        type(iter(d.items())), type(iter(set())), type(reversed([])), type(reversed(d)),
        type(reversed(d.values())), type(reversed(d.items())), type(iter(int, 1)),
        type(d.keys()), type(d.values()), type(d.items()), io.StringIO, array.array,
    ]


# Standard-library modules the VM provides or may provide in Rust (crates/tracer/src/builtins/
# modules.rs): their names become lines `module:NAME`, so a name the VM's module lacks is refused.
MODULES = [
    "__future__", "_random", "abc", "array", "bisect", "collections", "collections.abc", "copy", "dataclasses",
    "enum", "functools", "gc", "heapq", "io",
    "itertools", "json", "math", "operator", "random", "string", "sys", "time", "typing",
]


def table():
    # `dir` also lists names whose descriptor raises on the type itself (type's
    # `__abstractmethods__`): only what `getattr` finds on the type or an instance counts.
    lines = []
    for t in samples():
        names = sorted(n for n in dir(t) if hasattr(t, n))
        lines.append(f"{t.__name__} {' '.join(names)}\n")
    for name in MODULES:
        module = importlib.import_module(name)
        lines.append(f"module:{name} {' '.join(sorted(dir(module)))}\n")
    return "".join(lines)


def main():
    if sys.version_info[:2] != (3, 13):
        sys.exit("run this with python3.13 (PYENV_VERSION=3.13.0 python3.13 ...)")
    text = table()
    if "--print" in sys.argv:
        sys.stdout.write(text)
    else:
        with open(OUT, "w") as f:
            f.write(text)
        print(f"wrote {len(text.splitlines())} types to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
