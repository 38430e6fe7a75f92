"""Calls to every builtin the tracer VM provides, with wrong arities, unknown or misplaced
keywords and wrong argument types, evaluated by CPython 3.13: the oracle of
crates/tracer/tests/builtin_args.rs.

    PYENV_VERSION=3.13.0 python3.13 scripts/builtin-args.py           # rewrite the expectations
    PYENV_VERSION=3.13.0 python3.13 scripts/builtin-args.py --print   # print them instead

Each case is one Python expression, evaluated after the PRELUDE below by the program TEMPLATE
makes of it. Its outcome is what that program prints: what the call printed itself, then
`ok: REPR` or `TypeName: message` (addresses `0x...` replaced by `0x?`, line breaks, tabs and
backslashes escaped), one case per line in crates/tracer/tests/builtin_args/expected.txt as
`EXPR<TAB>OUTCOME`, after two lines giving the PRELUDE and the TEMPLATE (escaped the same way)
for the Rust side. The Rust test evaluates the
same expressions on the VM and compares; with python3.13 installed it runs this script with
--print and compares with that too, so the checked-in file cannot go stale unnoticed.

The cases are generated from the TABLE: for each callable, the arguments of one good call (each
marked with the name it may be passed by, if any), from which come calls with every arity from
none to one too many, an unknown keyword, each argument passed by keyword, and each argument
replaced by a value of another type (PALETTE).
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates", "tracer", "tests", "builtin_args", "expected.txt")

PRELUDE = """\
import math
import itertools
xs = [3, 1, 2]
d = {1: 'a', 2: 'b'}
s = {1, 2}
fs = frozenset([1, 2])
def f(*a, **k): return 0
class C:
    def __init__(self): self.a = 1
c = C()
"""

# Values standing in for "an argument of the wrong type".
PALETTE = ["None", "1.5", "'s'", "[1]", "(lambda: 1)", "True", "-1"]

# (callable expression, [(argument, keyword name or None), ...]) for one good call. A name means
# CPython accepts that argument by keyword too.
TABLE = [
    # builtins module
    ("print", [("1", None), ("'x'", None)]),
    ("print", [("1", None), ("'-'", "sep"), ("'!'", "end")]),
    ("len", [("xs", None)]),
    ("abs", [("-2", None)]),
    ("min", [("xs", None)]),
    ("min", [("xs", None), ("len", "key")]),
    ("min", [("3", None), ("4", None)]),
    ("min", [("[]", None), ("0", "default")]),
    ("max", [("xs", None)]),
    ("max", [("xs", None), ("len", "key")]),
    ("max", [("3", None), ("4", None)]),
    ("sum", [("xs", None), ("10", "start")]),
    ("sorted", [("xs", None), ("abs", "key"), ("True", "reverse")]),
    ("repr", [("xs", None)]),
    ("ascii", [("'é'", None)]),
    ("isinstance", [("1", None), ("int", None)]),
    ("issubclass", [("bool", None), ("int", None)]),
    ("round", [("2.567", "number"), ("2", "ndigits")]),
    ("chr", [("65", None)]),
    ("ord", [("'a'", None)]),
    ("iter", [("xs", None)]),
    ("next", [("iter(xs)", None), ("0", None)]),
    ("any", [("xs", None)]),
    ("all", [("xs", None)]),
    ("divmod", [("7", None), ("2", None)]),
    ("pow", [("2", "base"), ("5", "exp"), ("7", "mod")]),
    ("hash", [("'a'", None)]),
    ("getattr", [("c", None), ("'a'", None), ("0", None)]),
    ("hasattr", [("c", None), ("'a'", None)]),
    ("setattr", [("c", None), ("'b'", None), ("2", None)]),
    ("callable", [("len", None)]),
    ("format", [("3.14159", None), ("'.2f'", None)]),
    ("hex", [("255", None)]),
    ("bin", [("5", None)]),
    ("oct", [("8", None)]),
    ("vars", [("c", None)]),
    ("globals", []),
    ("locals", []),
    ("eval", [("'1 + 1'", None), ("{}", "globals"), ("{}", "locals")]),
    ("exec", [("'y = 1'", None), ("{}", "globals"), ("{}", "locals")]),
    ("compile", [("'1'", "source"), ("'f'", "filename"), ("'eval'", "mode")]),
    # constructors
    ("int", [("'ff'", None), ("16", "base")]),
    ("int", [("2.5", None)]),
    ("float", [("'1.5'", None)]),
    ("bool", [("1", None)]),
    ("str", [("1", "object")]),
    ("bytes", [("3", None)]),
    ("tuple", [("xs", None)]),
    ("list", [("'ab'", None)]),
    ("dict", [("[(1, 2)]", None)]),
    ("set", [("xs", None)]),
    ("frozenset", [("xs", None)]),
    ("range", [("1", None), ("10", None), ("2", None)]),
    ("slice", [("1", None), ("5", None), ("2", None)]),
    ("enumerate", [("xs", "iterable"), ("1", "start")]),
    ("zip", [("xs", None), ("'abc'", None)]),
    ("reversed", [("xs", None)]),
    ("map", [("abs", None), ("xs", None)]),
    ("filter", [("None", None), ("xs", None)]),
    ("object", []),
    ("type", [("1", None)]),
    ("property", [("len", "fget")]),
    ("staticmethod", [("len", None)]),
    ("classmethod", [("len", None)]),
    ("ValueError", [("'bad'", None)]),
    ("Exception", [("1", None), ("2", None)]),
    # str methods
    ("'a,b,c'.split", [("','", "sep"), ("1", "maxsplit")]),
    ("'a,b,c'.rsplit", [("','", "sep"), ("1", "maxsplit")]),
    ("' ab '.strip", [("' a'", None)]),
    ("' ab '.lstrip", [("' '", None)]),
    ("' ab '.rstrip", [("' '", None)]),
    ("'ab'.upper", []),
    ("'AB'.lower", []),
    ("'ab'.capitalize", []),
    ("'ab cd'.title", []),
    ("'aba'.replace", [("'a'", None), ("'x'", None), ("1", "count")]),
    ("'abcabc'.count", [("'b'", None), ("1", None), ("5", None)]),
    ("'abcabc'.find", [("'b'", None), ("1", None), ("5", None)]),
    ("'abcabc'.index", [("'b'", None), ("1", None), ("5", None)]),
    ("'abcabc'.rfind", [("'b'", None), ("1", None), ("5", None)]),
    ("'abcabc'.rindex", [("'b'", None), ("1", None), ("5", None)]),
    ("'abc'.removeprefix", [("'a'", None)]),
    ("'abc'.removesuffix", [("'c'", None)]),
    ("'a\\tb'.expandtabs", [("4", "tabsize")]),
    ("'abc'.isascii", []),
    ("'123'.isdecimal", []),
    ("'123'.isnumeric", []),
    ("'ab1'.isalnum", []),
    ("'ab_1'.isidentifier", []),
    ("'Ab Cd'.istitle", []),
    ("'abc'.startswith", [("'a'", None), ("0", None), ("2", None)]),
    ("'abc'.endswith", [("'c'", None), ("0", None), ("3", None)]),
    ("'12'.isdigit", []),
    ("'ab'.isalpha", []),
    ("' '.isspace", []),
    ("'AB'.isupper", []),
    ("'ab'.islower", []),
    ("'ab'.ljust", [("5", None), ("'*'", None)]),
    ("'ab'.rjust", [("5", None), ("'*'", None)]),
    ("'ab'.center", [("5", None), ("'*'", None)]),
    ("'42'.zfill", [("5", None)]),
    ("'{}-{}'.format", [("1", None), ("2", None)]),
    ("'ab'.encode", [("'utf-8'", "encoding"), ("'strict'", "errors")]),
    ("'-'.join", [("['a', 'b']", None)]),
    ("'a=b'.partition", [("'='", None)]),
    ("'a=b'.rpartition", [("'='", None)]),
    ("'a\\nb'.splitlines", [("True", "keepends")]),
    ("'aB'.swapcase", []),
    ("str.upper", [("'ab'", None)]),
    ("str.join", [("'-'", None), ("['a']", None)]),
    # list and tuple methods
    ("[1, 2].append", [("3", None)]),
    ("[1, 2].pop", [("0", None)]),
    ("[1, 2].insert", [("0", None), ("9", None)]),
    ("[1, 2].extend", [("[3]", None)]),
    ("[3, 1, 2].sort", [("abs", "key"), ("True", "reverse")]),
    ("[1, 2, 1].index", [("1", None), ("1", None), ("3", None)]),
    ("[1, 2, 1].count", [("1", None)]),
    ("[1, 2].reverse", []),
    ("[1, 2].copy", []),
    ("[1, 2].clear", []),
    ("[1, 2].remove", [("1", None)]),
    ("(1, 2, 1).index", [("1", None), ("1", None), ("3", None)]),
    ("(1, 2, 1).count", [("1", None)]),
    ("list.append", [("[]", None), ("1", None)]),
    # dict methods
    ("d.get", [("1", None), ("0", None)]),
    ("d.keys", []),
    ("d.values", []),
    ("d.items", []),
    ("dict(d).pop", [("1", None), ("0", None)]),
    ("dict(d).popitem", []),
    ("dict(d).setdefault", [("3", None), ("'c'", None)]),
    ("dict(d).update", [("{3: 'c'}", None)]),
    ("d.copy", []),
    ("dict(d).clear", []),
    # set methods
    ("set(s).add", [("3", None)]),
    ("set(s).discard", [("1", None)]),
    ("set(s).remove", [("1", None)]),
    ("set(s).update", [("[3]", None), ("[4]", None)]),
    ("set(s).pop", []),
    ("s.copy", []),
    ("s.union", [("[3]", None), ("[4]", None)]),
    ("s.intersection", [("[1]", None), ("[1, 2]", None)]),
    ("s.difference", [("[1]", None), ("[3]", None)]),
    ("s.issubset", [("[1, 2, 3]", None)]),
    ("fs.union", [("[3]", None)]),
    ("set(s).clear", []),
    ("s.isdisjoint", [("[3]", None)]),
    ("s.issuperset", [("[1]", None)]),
    ("s.symmetric_difference", [("[2, 3]", None)]),
    ("set(s).difference_update", [("[1]", None), ("[2]", None)]),
    ("set(s).intersection_update", [("[1, 2]", None), ("[2]", None)]),
    ("set(s).symmetric_difference_update", [("[2, 3]", None)]),
    ("fs.copy", []),
    ("fs.difference", [("[1]", None), ("[3]", None)]),
    ("fs.intersection", [("[1, 3]", None)]),
    ("fs.isdisjoint", [("[3]", None)]),
    ("fs.issubset", [("[1, 2, 3]", None)]),
    ("fs.issuperset", [("[1]", None)]),
    ("fs.symmetric_difference", [("[2, 3]", None)]),
    # numbers, bytes, ranges
    ("(7).bit_length", []),
    ("(7).to_bytes", [("2", "length"), ("'little'", "byteorder")]),
    ("int.from_bytes", [("b'ab'", "bytes"), ("'little'", "byteorder")]),
    ("dict.fromkeys", [("xs", None), ("0", None)]),
    ("bytes.fromhex", [("'ab'", None)]),
    ("(1.5).is_integer", []),
    ("b'ab'.decode", [("'utf-8'", "encoding"), ("'strict'", "errors")]),
    ("range(10).index", [("3", None)]),
    ("range(10).count", [("3", None)]),
    # generators, views, descriptors, attributes
    ("(i for i in [1, 2]).send", [("None", None)]),
    ("(i for i in [1, 2]).throw", [("ValueError", None)]),
    ("(i for i in [1, 2]).close", []),
    ("(i for i in [1, 2]).__next__", []),
    ("(i for i in [1, 2]).__iter__", []),
    # the slot wrappers __next__ and __iter__ of every iterator type
    ("iter(xs).__next__", []),
    ("iter(xs).__iter__", []),
    ("iter((1, 2)).__next__", []),
    ("iter((1, 2)).__iter__", []),
    ("iter(range(2)).__next__", []),
    ("iter(range(2)).__iter__", []),
    ("iter('ab').__next__", []),
    ("iter('ab').__iter__", []),
    ("iter('\\xe9').__next__", []),
    ("iter('\\xe9').__iter__", []),
    ("iter(b'ab').__next__", []),
    ("iter(b'ab').__iter__", []),
    ("iter(d).__next__", []),
    ("iter(d).__iter__", []),
    ("iter(d.values()).__next__", []),
    ("iter(d.values()).__iter__", []),
    ("iter(d.items()).__next__", []),
    ("iter(d.items()).__iter__", []),
    ("iter(s).__next__", []),
    ("iter(s).__iter__", []),
    ("reversed(xs).__next__", []),
    ("reversed(xs).__iter__", []),
    ("reversed(d).__next__", []),
    ("reversed(d).__iter__", []),
    ("reversed(d.values()).__next__", []),
    ("reversed(d.values()).__iter__", []),
    ("reversed(d.items()).__next__", []),
    ("reversed(d.items()).__iter__", []),
    ("reversed((1, 2)).__next__", []),
    ("reversed((1, 2)).__iter__", []),
    ("iter(f, 1).__next__", []),
    ("iter(f, 1).__iter__", []),
    ("enumerate(xs).__next__", []),
    ("enumerate(xs).__iter__", []),
    ("zip(xs).__next__", []),
    ("zip(xs).__iter__", []),
    ("map(abs, xs).__next__", []),
    ("map(abs, xs).__iter__", []),
    ("filter(None, xs).__next__", []),
    ("filter(None, xs).__iter__", []),
    ("d.keys().isdisjoint", [("[3]", None)]),
    ("d.items().isdisjoint", [("[(1, 'a')]", None)]),
    ("property().getter", [("len", None)]),
    ("property().setter", [("len", None)]),
    ("property().deleter", [("len", None)]),
    ("delattr", [("C()", None), ("'a'", None)]),
    # math
    ("math.sqrt", [("4", None)]),
    ("math.floor", [("2.5", None)]),
    ("math.ceil", [("2.5", None)]),
    ("math.sin", [("1", None)]),
    ("math.cos", [("1", None)]),
    ("math.tan", [("1", None)]),
    ("math.exp", [("1", None)]),
    ("math.log", [("8", None), ("2", None)]),
    ("math.log2", [("8", None)]),
    ("math.log10", [("100", None)]),
    ("math.pow", [("2", None), ("3", None)]),
    ("math.fabs", [("-2", None)]),
    ("math.hypot", [("3", None), ("4", None)]),
    ("math.atan2", [("1", None), ("1", None)]),
    ("math.isclose", [("1.0", None), ("1.0", None), ("1e-9", "rel_tol"), ("0.0", "abs_tol")]),
    ("math.gcd", [("12", None), ("18", None)]),
    ("math.factorial", [("5", None)]),
    ("math.isqrt", [("17", None)]),
    ("math.acos", [("0.5", None)]),
    ("math.acosh", [("2", None)]),
    ("math.asin", [("0.5", None)]),
    ("math.asinh", [("1", None)]),
    ("math.atan", [("1", None)]),
    ("math.atanh", [("0.5", None)]),
    ("math.cbrt", [("8", None)]),
    ("math.comb", [("5", None), ("2", None)]),
    ("math.copysign", [("1", None), ("-1", None)]),
    ("math.cosh", [("1", None)]),
    ("math.degrees", [("1", None)]),
    ("math.dist", [("(1, 2)", None), ("(3, 4)", None)]),
    ("math.erf", [("1", None)]),
    ("math.erfc", [("1", None)]),
    ("math.exp2", [("3", None)]),
    ("math.expm1", [("1", None)]),
    ("math.fma", [("2", None), ("3", None), ("4", None)]),
    ("math.fmod", [("7", None), ("3", None)]),
    ("math.frexp", [("8", None)]),
    ("math.fsum", [("xs", None)]),
    ("math.gamma", [("5", None)]),
    ("math.isfinite", [("1", None)]),
    ("math.isinf", [("1", None)]),
    ("math.isnan", [("1", None)]),
    ("math.lcm", [("4", None), ("6", None)]),
    ("math.ldexp", [("1.5", None), ("3", None)]),
    ("math.lgamma", [("5", None)]),
    ("math.log1p", [("1", None)]),
    ("math.modf", [("2.5", None)]),
    ("math.nextafter", [("1", None), ("2", None)]),
    ("math.nextafter", [("1", None), ("2", None), ("3", "steps")]),
    ("math.perm", [("5", None), ("2", None)]),
    ("math.prod", [("xs", None)]),
    ("math.prod", [("xs", None), ("10", "start")]),
    ("math.radians", [("90", None)]),
    ("math.remainder", [("7", None), ("3", None)]),
    ("math.sinh", [("1", None)]),
    ("math.sumprod", [("xs", None), ("xs", None)]),
    ("math.tanh", [("1", None)]),
    ("math.trunc", [("2.5", None)]),
    ("math.ulp", [("1", None)]),
]

# Calls no pattern above makes: the reproducers of issue 13 and neighbours.
EXTRA = [
    # islice's bounds as `islice_new` reads them (a too-large int is -1 there).
    "list(itertools.islice('abc', 10**20))",
    "list(itertools.islice('abc', 0, 10**20))",
    "list(itertools.islice('abc', 10**20, 4))",
    "list(itertools.islice('abc', -2))",
    "list(itertools.islice('abc', 0, -2))",
    "list(itertools.islice('abc', -1, 3))",
    "list(itertools.islice('abc', 's', 3))",
    "list(itertools.islice('abc', 1, 's'))",
    "list(itertools.islice('abc', 2, 4, 10**20))",
    "list(itertools.islice('abc', None, None, 2))",
    "'a,b,c'.split(',', lambda: 1)",
    "print('x', y='\\n')",
    "sorted(xs, mixed=f)",
    "min(xs, keynot=len)",
    "list(1, 2, 3)",
    "reversed(*list(d))",
    "int(not '0b1', 16)",
    "format(3, True)",
    "str[1]",
    "f'{f:>10}'",
    "format(f, '>10')",
    "format(c, '')",
    "list[int]",
    "int('12', base=None)",
    "int(x='1')",
    "int('1', 2, 3)",
    "str(b'a', 'utf-8')",
    "str(1, 'utf-8')",
    "str(object=1, x=2)",
    "range()",
    "range(1.5)",
    "range(1, 2, 3, 4)",
    "range(x=1)",
    "dict(1)",
    "dict([1])",
    "dict(a=1)",
    "dict({1: 2}, {3: 4})",
    "set(1)",
    "set(x=[1])",
    "tuple(x=1)",
    "list(x=1)",
    "bool(x=1)",
    "float(x=1)",
    "float('1', '2')",
    "bytes('a')",
    "bytes('a', 'ascii')",
    "bytes(x=1)",
    "zip(xs, strict=True)",
    "zip(xs, x=1)",
    "map(abs)",
    "map()",
    "filter(None)",
    "enumerate()",
    "enumerate(xs, 1, 2)",
    "reversed()",
    "reversed(xs, 1)",
    "iter()",
    "iter(xs, 1, 2)",
    "next()",
    "next(1)",
    "getattr(c)",
    "getattr(c, 1)",
    "setattr(c, 'a')",
    "isinstance(1)",
    "isinstance(1, 1)",
    "issubclass(1, int)",
    "divmod(1)",
    "pow(2)",
    "pow(2, 3, 4, 5)",
    "round()",
    "round(1.5, 1, 2)",
    "round(x=1)",
    "sum()",
    "sum(xs, 1, 2)",
    "sum(xs, start=1, x=2)",
    "sorted()",
    "sorted(xs, abs)",
    "sorted(xs, key=abs, reverse=True, x=1)",
    "min()",
    "min(xs, default=0, key=None, x=1)",
    "max([], default=1)",
    "max(1, 2, default=0)",
    "print(sep=1)",
    "print(end=1)",
    "print(file=1)",
    "print(flush=1)",
    "len()",
    "len(1, 2)",
    "len(x=1)",
    "abs(x=1)",
    "chr(1.5)",
    "chr('a')",
    "ord(1)",
    "ord('ab')",
    "hash([])",
    "hex(1.5)",
    "callable()",
    "vars(1)",
    "vars(c, 1)",
    "type()",
    "type(1, 2)",
    "type('A', (), {}, 1)",
    "object(1)",
    "object(x=1)",
    "ValueError(x=1)",
    "staticmethod()",
    "classmethod(1, 2)",
    "property(1, 2, 3, 4, 5)",
    "property(x=1)",
    "'abc'.split(sep=',', maxsplit=1, x=2)",
    "'abc'.split(',', 1, 2)",
    "'abc'.count()",
    "'abc'.count(x='a')",
    "'abc'.replace('a')",
    "'abc'.replace('a', 'b', count=1, x=1)",
    "'{}'.format()",
    "'{x}'.format(y=1)",
    "'-'.join(1)",
    "'-'.join([1])",
    "'a'.encode('nope')",
    "[].pop()",
    "[1].pop(5)",
    "[1].index(2)",
    "[1].remove(2)",
    "[1].sort(key=1)",
    "[1].sort(1)",
    "[].sort(reverse=None)",
    "d.get()",
    "d.pop(9)",
    "{}.popitem()",
    "d.update(1)",
    "d.update([1])",
    "set().pop()",
    "set().remove(1)",
    "s.union(1)",
    "str.upper(1)",
    "str.upper()",
    "list.append()",
    "list.append(1, 2)",
    "dict.get({}, 1, 2, 3)",
    "math.sqrt(-1)",
    "math.log(0)",
    "math.log(1, 2, 3)",
    "math.factorial(-1)",
    "math.gcd()",
    "math.isclose(1, 2, 3)",
    "math.isclose(1, 2, x=1)",
    "c.__init_subclass__(x=1)",
    "object.__getattribute__(c, 'a')",
    "object.__getattribute__(c)",
    "super()",
    "super(1)",
    "super(int, 1)",
    "super(int, 1, 2)",
    "super(x=1)",
    # id's value is an address: only its refusals compare.
    "id()",
    "id(1, 2)",
    "id(obj=1)",
]


def cases():
    out = []
    for callee, args in TABLE:
        values = [a for a, _ in args]
        call = lambda vals, extra="": f"{callee}({', '.join(vals + ([extra] if extra else []))})"
        for k in range(len(values) + 1):
            out.append(call(values[:k]))
        out.append(call(values, "0"))
        out.append(call(values, "bogus=1"))
        for i, (value, name) in enumerate(args):
            if name:
                out.append(call(values[:i], f"{name}={value}"))
            for wrong in PALETTE:
                if wrong != value:
                    out.append(call(values[:i] + [wrong] + values[i + 1 :]))
    out.extend(EXTRA)
    seen = set()
    # An object's hash follows its address, a str's the hash seed (and so does the order of a
    # set of strs): not comparable.
    # The namespace builtins (`globals()`, `vars()`) show the whole module, the builtins and
    # the file paths of CPython's modules included: tests/programs/exec_eval.py checks them.
    unstable = lambda c: (c.startswith("hash(") and ("lambda" in c or "'" in c)) or (
        c.startswith(("s.", "fs.", "set(")) and "'s'" in c
    ) or c in ("globals()", "locals()", "vars()")
    return [c for c in out if not (unstable(c) or c in seen or seen.add(c))]


ADDRESS = re.compile(r"0x[0-9a-fA-F]+")

# How each case runs, on both sides: the expression's value or exception, after whatever it
# printed itself.
TEMPLATE = """\
try:
    __r = {expr}
    __o = 'ok: ' + repr(__r)
except BaseException as __e:
    __o = type(__e).__name__ + ': ' + str(__e)
print(__o)
"""


def program(expr):
    return PRELUDE + TEMPLATE.format(expr=expr)


def outcome(expr):
    """Everything the case's program prints, addresses scrubbed, on one line."""
    import contextlib
    import io
    import warnings

    out = io.StringIO()
    # Warnings go to stderr (generator.throw's old signature is deprecated): not compared.
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(program(expr), {"__name__": "__main__"})
    text = ADDRESS.sub("0x?", out.getvalue().rstrip("\n"))
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def qualified(callee, namespace):
    """CPython's name for the callable an expression evaluates to: `print`, `int`,
    `math.sqrt`, `str.split` (bound or not), `dict_keys.isdisjoint`; None for anything else."""
    import types

    try:
        obj = eval(callee, namespace)
    except Exception:
        return None
    if isinstance(obj, type):
        return obj.__name__
    if isinstance(obj, types.BuiltinFunctionType):
        owner = obj.__self__
        if owner is None or isinstance(owner, types.ModuleType):
            module = getattr(owner, "__name__", "builtins")
            return obj.__name__ if module == "builtins" else f"{module}.{obj.__name__}"
        if isinstance(owner, type):
            # A class method (`object.__init_subclass__` reached through a subclass).
            home = next(k for k in owner.__mro__ if obj.__name__ in vars(k))
            return f"{home.__name__}.{obj.__name__}"
        return f"{type(owner).__name__}.{obj.__name__}"
    objclass = getattr(obj, "__objclass__", None)
    if objclass is not None:
        return f"{objclass.__name__}.{obj.__name__}"
    return None


def covered(exprs):
    """Every builtin the cases call, by `qualified` name, sorted."""
    import ast

    namespace = {"__name__": "__main__"}
    exec(PRELUDE, namespace)
    names = set()
    for expr in exprs:
        node = ast.parse(expr, mode="eval").body
        if isinstance(node, ast.Call):
            name = qualified(ast.unparse(node.func), namespace)
            if name:
                names.add(name)
    return sorted(names)


def main():
    if sys.version_info[:2] != (3, 13):
        sys.exit("run this with CPython 3.13: PYENV_VERSION=3.13.0 python3.13 " + __file__)
    if os.environ.get("PYTHONHASHSEED") != "0":
        # str hashes must not change from run to run: the VM hashes as CPython with seed 0.
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    esc = lambda t: t.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    lines = [f"#prelude\t{esc(PRELUDE)}\n", f"#template\t{esc(TEMPLATE)}\n"]
    lines.append(f"#covers\t{' '.join(covered(cases()))}\n")
    for expr in cases():
        lines.append(f"{expr}\t{outcome(expr)}\n")
    if "--print" in sys.argv[1:]:
        sys.stdout.write("".join(lines))
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("".join(lines))
    print(f"wrote {len(lines)} cases to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
