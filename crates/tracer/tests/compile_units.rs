//! Focused checks of compiler stages through the public API: constant folding (what `x = EXPR`
//! stores), the symbol table (which scope a name gets) and code object metadata.

use tracer::code::{flags, Const};
use tracer::dis::repr::const_repr;
use tracer::symtable::{NameScope, SymbolTable};

/// `x = <expr>` compiles to `LOAD_CONST folded` exactly when `expected` is Some.
fn check_fold(expr: &str, expected: Option<&str>) {
    let code =
        tracer::compile::compile_for_listing(&format!("x = {expr}\n"), "t.py").expect("compiles");
    // co_consts[0] is the first constant loaded; a folded expression loads only one.
    let loads = code
        .code
        .iter()
        .filter(|u| tracer::code::unit_opcode(**u) == tracer::bytecode::Opcode::LOAD_CONST)
        .count();
    match expected {
        Some(repr) => {
            assert_eq!(loads, 1, "{expr} should fold");
            assert_eq!(const_repr(&code.consts[0], &|_| 0), repr, "{expr}");
        }
        None => assert!(loads > 1, "{expr} should not fold"),
    }
}

#[test]
fn constant_folding_follows_cpython_limits() {
    check_fold("2 ** 10", Some("1024"));
    check_fold("2 ** 64", Some("18446744073709551616"));
    // bits(2) * 100 > 128: CPython leaves big powers to run time.
    check_fold("2 ** 100", None);
    check_fold("-7 // 2", Some("-4"));
    check_fold("-7 % 3", Some("2"));
    check_fold("1 / 4", Some("0.25"));
    check_fold("1 / 0", None);
    check_fold("'ab' * 3", Some("'ababab'"));
    check_fold("'ab' * -1", None);
    check_fold("(1, 2) + (3,)", Some("(1, 2, 3)"));
    check_fold("1 + 2j", Some("(1+2j)"));
    check_fold("not 0", Some("True"));
    check_fold("~5", Some("-6"));
    check_fold("'abc'[1]", Some("'b'"));
    check_fold("1e300 * 1e300", Some("inf"));
    check_fold("1.5 ** 10000", None);
}

fn check_scope(source: &str, scope_name: &str, name: &str, expected: NameScope) {
    let module = ruff_python_parser::parse_module(source)
        .expect("parses")
        .into_syntax();
    let table = SymbolTable::build(&module);
    let scope = table
        .scopes
        .iter()
        .find(|s| s.name == scope_name)
        .unwrap_or_else(|| panic!("no scope {scope_name}"));
    assert_eq!(scope.scope_of(name), expected, "{name} in {scope_name}");
}

#[test]
fn symbol_table_resolves_scopes_like_cpython() {
    let closure = "def f(a):\n    def g():\n        return a\n    return g\n";
    check_scope(closure, "f", "a", NameScope::Cell);
    check_scope(closure, "g", "a", NameScope::Free);
    check_scope(closure, "f", "g", NameScope::Local);
    check_scope(
        "def f():\n    return len\n",
        "f",
        "len",
        NameScope::GlobalImplicit,
    );
    check_scope(
        "def f():\n    global x\n    x = 1\n",
        "f",
        "x",
        NameScope::GlobalExplicit,
    );
    // A `global` declaration anywhere makes the module use *_GLOBAL for the name too.
    check_scope(
        "x = 0\ndef f():\n    global x\n",
        "top",
        "x",
        NameScope::GlobalExplicit,
    );
    let super_call = "class C:\n    def m(self):\n        return super().m()\n";
    check_scope(super_call, "m", "__class__", NameScope::Free);
    // Inlined comprehension variables become locals of the enclosing function.
    check_scope(
        "def f(xs):\n    return [x for x in xs]\n",
        "f",
        "x",
        NameScope::Local,
    );
    // A comprehension variable captured by a lambda is a cell of the enclosing code.
    check_scope(
        "def f(xs):\n    return [lambda: x for x in xs]\n",
        "f",
        "x",
        NameScope::Cell,
    );
}

#[test]
fn code_objects_carry_cpython_metadata() {
    let src = "def outer(a, b=1, *, c):\n    def inner():\n        yield a\n    return inner\n";
    let module = tracer::compile::compile(src, "t.py").expect("compiles");
    let outer = module.nested().next().unwrap();
    assert_eq!((outer.argcount, outer.kwonlyargcount), (2, 1));
    assert_eq!(&*outer.qualname, "outer");
    assert_eq!(outer.flags & (flags::CO_OPTIMIZED | flags::CO_NEWLOCALS), 3);
    assert_eq!(outer.cellvars(), vec!["a".into()]);
    let inner = outer.nested().next().unwrap();
    assert_eq!(&*inner.qualname, "outer.<locals>.inner");
    assert_ne!(inner.flags & flags::CO_GENERATOR, 0);
    assert_ne!(inner.flags & flags::CO_NESTED, 0);
    assert_eq!(inner.freevars(), vec!["a".into()]);
    assert_eq!(
        inner.exception_table.len(),
        1,
        "generators get a StopIteration handler"
    );
    assert_eq!(inner.positions.len(), inner.code.len());
    assert!(
        matches!(outer.consts[0], Const::None),
        "no docstring: None first"
    );
}

/// Lone surrogates: listed from plain literals and f-strings' text (`surrogates.rs`), refused by name where the
/// compiler would have to carry them through other text (it never lists them as U+FFFD).
#[test]
fn lone_surrogates_are_listed_or_refused_never_replaced() {
    let listed = tracer::compile::compile_for_listing("x = '\\udc80' + 'a'\n", "t.py")
        .expect("a plain literal is listed");
    assert_eq!(const_repr(&listed.consts[0], &|_| 0), "'\\udc80a'");
    let fstring = tracer::compile::compile_for_listing("x = f'\\udc80{{{1}'\n", "t.py")
        .expect("an f-string's text is listed");
    assert_eq!(const_repr(&fstring.consts[0], &|_| 0), "'\\udc80{'");
    for source in [
        "def f():\n    '\\udc80 doc'\n",
        "from __future__ import annotations\ndef f(a: '\\udc80'): pass\n",
    ] {
        let err = tracer::compile::compile_for_listing(source, "t.py")
            .expect_err("refused")
            .to_string();
        assert!(
            err.contains("lone surrogate escapes outside string literals"),
            "{err}"
        );
    }
    let run = tracer::compile::compile("x = '\\udc80'\n", "t.py").expect_err("running refuses");
    assert!(
        run.to_string()
            .contains("lone surrogate escapes in strings"),
        "{run}"
    );
}
