//! Inputs the VM once accepted where CPython 3.13 refuses them (issue 13's reproducers and the
//! nesting limits of issue 12, item 5), one table row each: the source, and the last line
//! python3.13 prints on stderr, which `explain run` must print too (and `explain dis`, for the
//! errors raised at compile time).
//!
//! With python3.13 installed the table's expectations are checked against it live, so a row
//! cannot hold a message CPython does not print. The hostile inputs of the table (long chains
//! and deep nesting) must also be answered quickly: their time and memory against CPython's
//! are tabulated by scripts/hostile-compile.py.

#[path = "programs/support.rs"]
mod support;

use std::time::{Duration, Instant};

use support::{explain, python313, Report};

/// What python3.13 does with a row's source.
enum Expect {
    /// Fails at compile time with this last line: `explain run` and `explain dis` both print it.
    Compile(&'static str),
    /// Fails while running with this last line.
    Run(&'static str),
    /// Runs to success (`explain run` must too: the row sits just inside a limit).
    Ok,
    /// A construct the VM refuses (CPython runs it): `not supported yet: {0}`.
    Refused(&'static str),
}

struct Row {
    name: &'static str,
    source: String,
    expect: Expect,
}

fn row(name: &'static str, source: impl Into<String>, expect: Expect) -> Row {
    Row {
        name,
        source: source.into(),
        expect,
    }
}

fn nested_ifs(n: usize, indent: &str) -> String {
    let mut s: String = (0..n).map(|i| indent.repeat(i) + "if 1:\n").collect();
    s.push_str(&indent.repeat(n));
    s.push_str("pass\n");
    s
}

fn rows() -> Vec<Row> {
    use Expect::*;
    let sum = |n: usize| format!("a = 1\nx = {}\n", vec!["a"; n].join(" + "));
    vec![
        // Item 1: metaclasses.
        row(
            "metaclass keyword",
            "class M(type):\n    def __new__(m, n, b, ns): return undefined\n\
             class A(metaclass=M): pass\n",
            Run("NameError: name 'undefined' is not defined"),
        ),
        row(
            "metaclass function",
            "def meta(name, bases, ns):\n    return 42\nclass A(metaclass=meta): pass\nA + 1\n",
            Ok,
        ),
        row(
            "subclass of type called",
            "class M(type):\n    pass\nX = M('X', (), {})\n",
            Ok,
        ),
        row(
            "type() with keywords",
            "type('C', (), {}, x=1)\n",
            Run("TypeError: C.__init_subclass__() takes no keyword arguments"),
        ),
        // Item 2: builtins called as CPython would refuse.
        row(
            "str.split maxsplit a function",
            "'a,b,c'.split(',', lambda: 1)\n",
            Run("TypeError: 'function' object cannot be interpreted as an integer"),
        ),
        row(
            "print unknown keyword",
            "print('x', y='\\n')\n",
            Run("TypeError: print() got an unexpected keyword argument 'y'"),
        ),
        row(
            "sorted unknown keyword",
            "def f(x): return x\nsorted([3, 1], mixed=f)\n",
            Run("TypeError: sort() got an unexpected keyword argument 'mixed'"),
        ),
        row(
            "min unknown keyword",
            "min([3, 1], keynot=len)\n",
            Run("TypeError: min() got an unexpected keyword argument 'keynot'"),
        ),
        row(
            "list three arguments",
            "a = b = c = [1]\nlist(a, b, c)\n",
            Run("TypeError: list expected at most 1 argument, got 3"),
        ),
        row(
            "reversed two keys",
            "d = {1: 2, 3: 4}\nreversed(*list(d))\n",
            Run("TypeError: reversed expected 1 argument, got 2"),
        ),
        row(
            "int of a bool with a base",
            "int(not '0b1', 16)\n",
            Run("TypeError: int() can't convert non-string with explicit base"),
        ),
        row(
            "format spec a bool",
            "v = 3\nformat(v, True)\n",
            Run("TypeError: format() argument 2 must be str, not bool"),
        ),
        row(
            "subscripting str",
            "str[1]\n",
            Run("TypeError: type 'str' is not subscriptable"),
        ),
        row(
            "f-string spec on a function",
            "def f(): pass\nprint(f'{f:>10}')\n",
            Run("TypeError: unsupported format string passed to function.__format__"),
        ),
        // Item 3: the limits of CPython's tokenizer, parser and compiler.
        row(
            "201 nested parentheses",
            format!("x = {}1{}\n", "(".repeat(201), ")".repeat(201)),
            Compile("SyntaxError: too many nested parentheses"),
        ),
        row(
            "parser stack",
            format!("x = {}1\n", "~".repeat(7000)),
            Compile("MemoryError: Parser stack overflowed - Python source too complex to parse"),
        ),
        row(
            "compiler recursion",
            sum(14_000),
            Compile("RecursionError: maximum recursion depth exceeded during compilation"),
        ),
        row(
            "NUL byte",
            "x = 1\0\n",
            Compile("SyntaxError: source code cannot contain null bytes"),
        ),
        row(
            "inconsistent dedent",
            "if 1:\n    x = 1\n  y = 2\n",
            Compile("IndentationError: unindent does not match any outer indentation level"),
        ),
        // Item 4: hostile input, answered fast (and as CPython where CPython refuses).
        row("5,000 ~", format!("x = {}1\n", "~".repeat(5_000)), Ok),
        row(
            "20,000 ~",
            format!("x = {}1\n", "~".repeat(20_000)),
            Compile("MemoryError: Parser stack overflowed - Python source too complex to parse"),
        ),
        row(
            "100,000 ~",
            format!("x = {}1\n", "~".repeat(100_000)),
            Compile("MemoryError: Parser stack overflowed - Python source too complex to parse"),
        ),
        row(
            "20,000 nested (lambda:",
            format!("x = {}1{}\n", "(lambda:".repeat(20_000), ")".repeat(20_000)),
            Compile("MemoryError: Parser stack overflowed - Python source too complex to parse"),
        ),
        row(
            "20,000 lambda:",
            format!("x = {}1\n", "lambda: ".repeat(20_000)),
            Compile("MemoryError: Parser stack overflowed - Python source too complex to parse"),
        ),
        // Issue 12, item 5: nesting limits.
        row(
            "10,000 nested parentheses",
            format!("print({}1{})\n", "(".repeat(10_000), ")".repeat(10_000)),
            Compile("SyntaxError: too many nested parentheses"),
        ),
        row(
            "3,000 nested ifs",
            nested_ifs(3_000, " "),
            Compile("IndentationError: too many levels of indentation"),
        ),
        row(
            "3,000 nested ifs (tabs)",
            nested_ifs(3_000, "\t"),
            Compile("IndentationError: too many levels of indentation"),
        ),
        row(
            "22 nested for loops",
            (0..22)
                .map(|i| " ".repeat(i) + "for a in []:\n")
                .chain([" ".repeat(22) + "pass\n"])
                .collect::<String>(),
            Compile("SyntaxError: too many statically nested blocks"),
        ),
        // Findings of the mutation fuzz test (tests/fuzz.rs), by seed and case.
        row(
            "walrus in a comprehension iterable (seed 10 case 4242)",
            "x = [y for y in (z := [1, 2])]\n",
            Compile("SyntaxError: assignment expression cannot be used in a comprehension iterable expression"),
        ),
        row(
            "walrus in a lambda in a later iterable",
            "x = [a for b in [1] for a in (lambda: (y := [1]))()]\n",
            Compile("SyntaxError: assignment expression cannot be used in a comprehension iterable expression"),
        ),
        row(
            "format spec starting with = (seed 10 case 8187)",
            "x = 3.5\nprint(f'{x:==12.4e}|{x:=12.4e}|{x:=>9}')\n",
            Ok,
        ),
        row(
            "a lone surrogate (listed by explain dis, not run yet)",
            "s = 'a\\udc80'\nprint(len(s))\n",
            Refused("lone surrogate escapes in strings"),
        ),
        row(
            "complex constant in a folded list (seed 10 case 8199)",
            "print(sorted([3.5, -3j, 2, 0.0]))\n",
            Refused("complex numbers"),
        ),
        row(
            "a staticmethod object called (seed 13 case 865)",
            "class P:\n    @staticmethod\n    @staticmethod\n    def f():\n        return 1\n\
             assert P.f() + staticmethod(len)([1]) == 2\n",
            Ok,
        ),
        row(
            "PEP 604 union of types (seed 13 case 1255)",
            "print(int | None)\n",
            Refused("`|` between types (PEP 604 unions)"),
        ),
        row(
            "line break in a single-quoted f-string's format spec (seed 23 case 4522)",
            "x = 7\nprint(f\"{x:d\n  # note\n}\", f'{x:\n}')\n",
            Refused("a line break inside an f-string's format spec"),
        ),
        row(
            "an async comprehension (compiled for listings, refused when run)",
            "async def f(xs):\n    return [x async for x in xs]\n",
            Refused("async comprehension"),
        ),
        row(
            "a generator expression that awaits is an async generator",
            "def f(xs):\n    return (await x for x in xs)\n",
            Refused("async generators (a generator expression that awaits)"),
        ),
        row(
            "try/except* (compiled for listings, refused when run)",
            "try:\n    pass\nexcept* ValueError as e:\n    print(e)\n",
            Refused("try/except*"),
        ),
        row(
            "a generic function (compiled for listings, refused when run)",
            "def first[T](xs: list[T]) -> T:\n    return xs[0]\n",
            Refused("type parameters"),
        ),
        row(
            "a generic class (compiled for listings, refused when run)",
            "class Box[T]:\n    pass\n",
            Refused("type parameters"),
        ),
        row(
            "a type alias (compiled for listings, refused when run)",
            "type Pair = tuple[int, int]\n",
            Refused("type alias"),
        ),
        row(
            "try/else/finally without an except (seed 26 case 2712)",
            "try:\n    x = 1\nelse:\n    pass\nfinally:\n    pass\n",
            Compile("SyntaxError: expected 'except' or 'finally' block"),
        ),
        row(
            "a complex constant in a list iterated over (seed 26 case 9953)",
            "print([v for v in [1, 2j, 3]], {1j: 1, 2: 2})\n",
            Refused("complex numbers"),
        ),
        row(
            "the same after a nested field in the spec",
            "print(f\"{1:{2}\n}\")\n",
            Compile("SyntaxError: unterminated f-string literal (detected at line 1)"),
        ),
    ]
}

/// A debug build answers each row well within this (CPython needs about 0.1 s).
const BUDGET: Duration = Duration::from_secs(10);

fn scratch(name: &str, source: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pyinternals-refusals-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let file: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let path = dir.join(format!("{file}.py"));
    std::fs::write(&path, source).expect("write scratch file");
    path
}

fn check(row: &Row, path: &str) -> Result<(), String> {
    let mut commands = vec!["run"];
    if matches!(row.expect, Expect::Compile(_)) {
        commands.push("dis");
    }
    for command in commands {
        let start = Instant::now();
        let out = support::run(explain(&[command, path]));
        let took = start.elapsed();
        if out.timed_out || out.stderr.contains("panicked at") || out.code.is_none() {
            return Err(format!("{command}: {}", support::describe_end(&out)));
        }
        if took > BUDGET {
            return Err(format!("{command}: took {took:?}"));
        }
        let last = out.stderr_last_line();
        let good = match row.expect {
            Expect::Compile(want) | Expect::Run(want) => out.code != Some(0) && last == want,
            Expect::Ok => out.code == Some(0),
            Expect::Refused(what) => {
                out.code != Some(0) && last.contains(&format!("not supported yet: {what}"))
            }
        };
        if !good {
            return Err(format!(
                "explain {command}: exit {:?}, last line {last:?}",
                out.code
            ));
        }
    }
    Ok(())
}

#[test]
fn refused_as_cpython_refuses() {
    let mut report = Report::new("refusals");
    for row in rows() {
        let path = scratch(row.name, &row.source);
        let outcome = check(&row, path.to_str().expect("utf-8 temp path"));
        let _ = std::fs::remove_file(&path);
        report.record(row.name, outcome);
    }
    report.finish();
}

/// With python3.13 installed, every row's expectation must be what CPython does.
#[test]
fn expectations_are_cpythons() {
    let mut wrong = Vec::new();
    for row in rows() {
        let path = scratch(&format!("cpython {}", row.name), &row.source);
        let Some(cmd) = python313(&[path.to_str().expect("utf-8 temp path")]) else {
            eprintln!("python3.13 not available: the table is the oracle");
            return;
        };
        let out = support::run(cmd);
        let _ = std::fs::remove_file(&path);
        let last = out.stderr_last_line();
        let traceback = out.stderr.contains("Traceback (most recent call last):");
        let good = match row.expect {
            Expect::Compile(want) => !traceback && last == want,
            Expect::Run(want) => traceback && last == want,
            Expect::Ok => out.code == Some(0),
            // A refused construct is one CPython runs (to success or to its own error).
            Expect::Refused(_) => out.code == Some(0) || traceback,
        };
        if !good {
            wrong.push(format!(
                "{}: CPython exits {:?} with {last:?}",
                row.name, out.code
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "rows CPython disagrees with:\n{}",
        wrong.join("\n")
    );
}
