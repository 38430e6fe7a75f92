"""Print the opcode table of crates/tracer/src/bytecode.rs from the running CPython.

Run with CPython 3.13 (`PYENV_VERSION=3.13.0 python3.13 scripts/gen_opcodes.py`) and paste the
output between the GENERATED markers of bytecode.rs. The table is data read from the `opcode`
module: number, name, inline cache units, flags and the generic family of specialized forms.
"""
import dis
import opcode

FLAGS = [
    ("HAS_ARG", set(opcode.hasarg)),
    ("HAS_CONST", set(opcode.hasconst)),
    ("HAS_NAME", set(opcode.hasname)),
    ("HAS_LOCAL", set(opcode.haslocal)),
    ("HAS_FREE", set(opcode.hasfree)),
    ("HAS_JUMP", set(opcode.hasjump)),
    ("HAS_COMPARE", set(opcode.hascompare)),
]

# One-line docs (stack effect `(in -- out)`) for the instructions this project compiles to.
DOCS = {
    "CACHE": "Inline cache unit: data for the specializer, never executed.",
    "NOP": "`( -- )` does nothing; kept only to carry a line number.",
    "POP_TOP": "`(value -- )` discards the top of the stack.",
    "PUSH_NULL": "`( -- NULL)` the NULL slot below a callable that is not a method.",
    "END_FOR": "`(value -- )` pops the last value when FOR_ITER's iterator is exhausted.",
    "TO_BOOL": "`(value -- bool)` converts for a conditional jump; specializable.",
    "UNARY_NEGATIVE": "`(value -- -value)`.",
    "UNARY_NOT": "`(bool -- not bool)` on an exact bool (TO_BOOL runs first).",
    "UNARY_INVERT": "`(value -- ~value)`.",
    "BINARY_OP": "`(lhs rhs -- res)` oparg = NB_* operator; specializable.",
    "BINARY_SUBSCR": "`(container key -- value)`; specializable.",
    "BINARY_SLICE": "`(container start stop -- value)` `container[start:stop]`.",
    "STORE_SLICE": "`(value container start stop -- )` `container[start:stop] = value`.",
    "STORE_SUBSCR": "`(value container key -- )`; specializable.",
    "DELETE_SUBSCR": "`(container key -- )`.",
    "GET_ITER": "`(iterable -- iter)`.",
    "FOR_ITER": "`(iter -- iter next)` or jump forward past END_FOR when exhausted; specializable.",
    "RETURN_VALUE": "`(value -- )` returns from the frame.",
    "RETURN_CONST": "`( -- )` returns co_consts[oparg].",
    "RESUME": "`( -- )` frame entry check (eval breaker, instrumentation); oparg = where.",
    "LOAD_CONST": "`( -- value)` pushes co_consts[oparg].",
    "LOAD_FAST": "`( -- value)` pushes a local known to be bound.",
    "LOAD_FAST_CHECK": "`( -- value)` pushes a local that may be unbound (raises UnboundLocalError).",
    "LOAD_FAST_AND_CLEAR": "`( -- value|NULL)` saves a local and unbinds it (inlined comprehensions).",
    "LOAD_FAST_LOAD_FAST": "`( -- v1 v2)` superinstruction: locals oparg>>4 then oparg&15.",
    "STORE_FAST": "`(value -- )` binds a local.",
    "STORE_FAST_STORE_FAST": "`(v2 v1 -- )` superinstruction: stores oparg>>4 then oparg&15.",
    "STORE_FAST_LOAD_FAST": "`(v -- w)` superinstruction: stores oparg>>4, loads oparg&15.",
    "DELETE_FAST": "`( -- )` unbinds a local.",
    "LOAD_GLOBAL": "`( -- [NULL] value)` oparg = name<<1 | push-NULL; specializable.",
    "STORE_GLOBAL": "`(value -- )` stores into the module dict.",
    "LOAD_NAME": "`( -- value)` locals, then globals, then builtins (module and class bodies).",
    "STORE_NAME": "`(value -- )` stores into the locals mapping.",
    "DELETE_NAME": "`( -- )` deletes from the locals mapping.",
    "LOAD_ATTR": "`(owner -- attr | meth self_or_null)` oparg = name<<1 | method bit; specializable.",
    "STORE_ATTR": "`(value owner -- )`; specializable.",
    "DELETE_ATTR": "`(owner -- )`.",
    "LOAD_SUPER_ATTR": "`(global_super class self -- attr [self_or_null])` zero-argument super(); specializable.",
    "LOAD_DEREF": "`( -- value)` reads a cell or free variable.",
    "STORE_DEREF": "`(value -- )` writes a cell.",
    "MAKE_CELL": "`( -- )` wraps local oparg in a new cell at frame entry.",
    "COPY_FREE_VARS": "`( -- )` copies oparg closure cells into the frame.",
    "LOAD_FROM_DICT_OR_DEREF": "`(mapping -- value)` class bodies reading a free variable.",
    "COMPARE_OP": "`(lhs rhs -- res)` oparg = op<<5 | to-bool(16); specializable.",
    "IS_OP": "`(lhs rhs -- bool)` `is` (oparg 0) / `is not` (1).",
    "CONTAINS_OP": "`(lhs rhs -- bool)` `in` (oparg 0) / `not in` (1); specializable.",
    "POP_JUMP_IF_FALSE": "`(bool -- )` jumps forward when false.",
    "POP_JUMP_IF_TRUE": "`(bool -- )` jumps forward when true.",
    "POP_JUMP_IF_NONE": "`(value -- )` jumps forward when None.",
    "POP_JUMP_IF_NOT_NONE": "`(value -- )` jumps forward when not None.",
    "JUMP_FORWARD": "`( -- )` relative jump forward by oparg code units.",
    "JUMP_BACKWARD": "`( -- )` loop back edge; checks the eval breaker; its cache counts toward tier 2.",
    "JUMP_BACKWARD_NO_INTERRUPT": "`( -- )` back edge that never checks the eval breaker.",
    "CALL": "`(callable self_or_null args[oparg] -- res)`; specializable.",
    "CALL_KW": "`(callable self_or_null args[oparg] kwnames -- res)`.",
    "CALL_INTRINSIC_1": "`(value -- res)` runs intrinsic oparg (INTRINSIC_*).",
    "MAKE_FUNCTION": "`(code -- func)`.",
    "SET_FUNCTION_ATTRIBUTE": "`(attr func -- func)` oparg = 1 defaults, 2 kwdefaults, 4 annotations, 8 closure.",
    "BUILD_TUPLE": "`(values[oparg] -- tuple)`.",
    "BUILD_LIST": "`(values[oparg] -- list)`.",
    "BUILD_SET": "`(values[oparg] -- set)`.",
    "BUILD_MAP": "`(keys_and_values[2*oparg] -- dict)`.",
    "BUILD_SLICE": "`(start stop [step] -- slice)`.",
    "BUILD_STRING": "`(pieces[oparg] -- str)` joins f-string parts.",
    "LIST_APPEND": "`(list, unused[oparg-1], v -- list, unused[oparg-1])`.",
    "LIST_EXTEND": "`(list, unused[oparg-1], iterable -- list, unused[oparg-1])`.",
    "SET_ADD": "`(set, unused[oparg-1], v -- set, unused[oparg-1])`.",
    "MAP_ADD": "`(dict, unused[oparg-1], key value -- dict, unused[oparg-1])`.",
    "UNPACK_SEQUENCE": "`(seq -- values[oparg])` the first item ends on top; specializable.",
    "COPY": "`(bottom, unused[oparg-1] -- bottom, unused[oparg-1], bottom)`.",
    "SWAP": "`(bottom, unused[oparg-2], top -- top, unused[oparg-2], bottom)`.",
    "FORMAT_SIMPLE": "`(value -- str)` format(value) for an f-string field.",
    "FORMAT_WITH_SPEC": "`(value spec -- str)` format(value, spec).",
    "CONVERT_VALUE": "`(value -- value)` !s (1), !r (2) or !a (3).",
    "RAISE_VARARGS": "`(args[oparg] -- )` raise, raise exc, raise exc from cause.",
    "RERAISE": "`(values[oparg], exc -- )` re-raises; oparg 1 restores f_lasti.",
    "PUSH_EXC_INFO": "`(exc -- prev_exc exc)` entering an except handler.",
    "POP_EXCEPT": "`(prev_exc -- )` restores the previous handled exception.",
    "CHECK_EXC_MATCH": "`(exc type -- exc bool)` `except type:`.",
    "LOAD_ASSERTION_ERROR": "`( -- AssertionError)`.",
    "LOAD_BUILD_CLASS": "`( -- __build_class__)`.",
    "LOAD_LOCALS": "`( -- locals)` class bodies.",
    "RETURN_GENERATOR": "`( -- )` turns the frame into a generator at its first instruction.",
    "YIELD_VALUE": "`(value -- sent)` suspends the generator.",
    "IMPORT_NAME": "`(level fromlist -- module)`.",
    "IMPORT_FROM": "`(module -- module attr)`.",
    "EXTENDED_ARG": "Prefix: shifts 8 more bits into the next instruction's oparg.",
}

family = {}
for generic, forms in opcode._specializations.items():
    for form in forms:
        family[form] = generic

every = dict(opcode.opmap)
every.update(opcode._specialized_opmap)
rows = sorted((num, name) for name, num in every.items() if num < 256)
consts = []
table = []
for num, name in rows:
    base = family.get(name, name)
    caches = dis._inline_cache_entries.get(base, 0)
    flags = [f for f, members in FLAGS if opcode.opmap.get(base, -1) in members]
    flag_expr = " | ".join(flags) if flags else "0"
    deopt = f"Opcode::{base}" if base != name else f"Opcode::{name}"
    if name in DOCS:
        consts.append(f"    /// {DOCS[name]}")
    consts.append(f"    pub const {name}: Opcode = Opcode({num});")
    table.append(f'    OpInfo {{ op: Opcode::{name}, name: "{name}", caches: {caches}, flags: {flag_expr}, deopt: {deopt} }},')

print("// BEGIN GENERATED by scripts/gen_opcodes.py (CPython %s)" % __import__("sys").version.split()[0])
print("#[rustfmt::skip]")
print("impl Opcode {")
print("\n".join(consts))
print("}")
print()
print("/// Every real opcode of CPython 3.13, generic and specialized, sorted by number.")
print("#[rustfmt::skip]")
print("pub static OPCODES: &[OpInfo] = &[")
print("\n".join(table))
print("];")
print()
print("/// Named inline cache fields of each family (`opcode._cache_format`): (name, code units).")
print("#[rustfmt::skip]")
print("pub static CACHE_FORMAT: &[(Opcode, &[(&str, u8)])] = &[")
for fam, fields in opcode._cache_format.items():
    parts = ", ".join(f'("{k}", {v})' for k, v in fields.items())
    print(f"    (Opcode::{fam}, &[{parts}]),")
print("];")
print("// END GENERATED")
