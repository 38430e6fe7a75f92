//! Errors of the front end: syntax errors read like CPython's (the `File` line and the last
//! line are compared with what CPython 3.13 prints for the same source), and constructs
//! outside the supported subset are "not supported yet" errors naming file, line and column.

use tracer::error::CompileError;

/// Compiles `source` and returns the error's display text.
fn error_of(source: &str) -> String {
    match tracer::compile::compile(source, "t.py") {
        Ok(_) => panic!("expected an error for {source:?}"),
        Err(e) => e.to_string(),
    }
}

/// `expected` is (line number, last line) as CPython 3.13 reports them.
fn check_syntax(source: &str, line: u32, last: &str) {
    let text = error_of(source);
    assert!(
        text.starts_with(&format!("  File \"t.py\", line {line}\n")),
        "{text}"
    );
    assert_eq!(text.lines().last(), Some(last), "{text}");
}

fn check_unsupported(source: &str, construct: &str, line: u32) {
    match tracer::compile::compile(source, "t.py") {
        Err(CompileError::Unsupported {
            construct: c,
            location,
        }) => {
            assert!(c.contains(construct), "{c}");
            assert_eq!(location.line, line);
            assert_eq!(location.file, "t.py");
        }
        other => panic!("expected an unsupported error, got {other:?}"),
    }
}

#[test]
fn syntax_errors_use_cpython_wording() {
    check_syntax(
        "for i in range(3)\n    pass\n",
        1,
        "SyntaxError: expected ':'",
    );
    check_syntax("a = 1\nb = = 2\n", 2, "SyntaxError: invalid syntax");
    check_syntax(
        "x = [1, 2,\nprint(x)\n",
        1,
        "SyntaxError: '[' was never closed",
    );
    check_syntax(
        "s = \"abc\nprint(s)\n",
        1,
        "SyntaxError: unterminated string literal (detected at line 1)",
    );
    check_syntax(
        "x = 1\n    y = 2\n",
        2,
        "IndentationError: unexpected indent",
    );
    check_syntax(
        "def g(x):\n    if x:\n        return 1\n  return 2\n",
        4,
        "IndentationError: unindent does not match any outer indentation level",
    );
    check_syntax(
        "x + 1 = 3\n",
        1,
        "SyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?",
    );
}

#[test]
fn compiler_checks_report_like_cpython() {
    check_syntax(
        "def f():\n    pass\nreturn 5\n",
        3,
        "SyntaxError: 'return' outside function",
    );
    check_syntax(
        "def f():\n    nonlocal y\n",
        2,
        "SyntaxError: no binding for nonlocal 'y' found",
    );
    check_syntax(
        "for x in y:\n    pass\nbreak\n",
        3,
        "SyntaxError: 'break' outside loop",
    );
    check_syntax("yield 1\n", 1, "SyntaxError: 'yield' outside function");
}

#[test]
fn syntax_error_shows_line_and_caret() {
    let text = error_of("x = 1\nif x\n    pass\n");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "    if x");
    assert_eq!(lines[2], "        ^");
}

#[test]
fn constructs_outside_the_subset_are_named() {
    check_unsupported(
        "async def f(x):\n    async with x:\n        pass\n",
        "async with",
        2,
    );
    check_unsupported(
        "try:\n    pass\nexcept* ValueError:\n    pass\n",
        "except*",
        1,
    );
    check_unsupported("class C(*bases):\n    pass\n", "starred class bases", 1);
    check_unsupported("class C(**kw):\n    pass\n", "starred class bases", 1);
    check_unsupported("type X = int\n", "type alias", 1);
    check_unsupported("import os\n", "import os", 1);
    check_unsupported("from os import sep\n", "from os import", 1);
    check_unsupported(
        "from __future__ import barry_as_FLUFL\n",
        "barry_as_FLUFL",
        1,
    );
    check_unsupported(
        "from __future__ import annotations\nx: f'{y}'\n",
        "an f-string in a string annotation",
        2,
    );
    check_unsupported("import os.path as p\n", "import os.path (only", 1);
}

/// The whole report, caret line included, as CPython 3.13 prints it (each expectation was
/// checked against `python3.13` with the same source in a file named t.py).
fn check_report(source: &str, report: &[&str]) {
    let text = error_of(source);
    assert_eq!(text.lines().collect::<Vec<_>>(), report, "{text}");
}

#[test]
fn symtable_errors_name_the_conflict() {
    check_report(
        "def f(a, b, a):\n    return a\n",
        &[
            "  File \"t.py\", line 1",
            "    def f(a, b, a):",
            "                ^",
            "SyntaxError: duplicate argument 'a' in function definition",
        ],
    );
    check_report(
        "def f(a, b:int, b:int=2): pass\n",
        &[
            "  File \"t.py\", line 1",
            "    def f(a, b:int, b:int=2): pass",
            "                    ^^^^^",
            "SyntaxError: duplicate argument 'b' in function definition",
        ],
    );
    check_syntax(
        "lambda a, a: 1\n",
        1,
        "SyntaxError: duplicate argument 'a' in function definition",
    );
    check_report(
        "def f():\n    x = 1\n    global x\n",
        &[
            "  File \"t.py\", line 3",
            "    global x",
            "    ^^^^^^^^",
            "SyntaxError: name 'x' is assigned to before global declaration",
        ],
    );
    // Use wins over assignment, parameter over both: CPython's order of checks.
    check_syntax(
        "def f():\n    x = 1\n    print(x)\n    global x\n",
        4,
        "SyntaxError: name 'x' is used prior to global declaration",
    );
    check_syntax(
        "def f(x):\n    global x\n",
        2,
        "SyntaxError: name 'x' is parameter and global",
    );
    check_syntax(
        "def f():\n    x: int\n    global x\n",
        3,
        "SyntaxError: annotated name 'x' can't be global",
    );
    check_syntax(
        "def f():\n    global x\n    x: int = 1\n",
        3,
        "SyntaxError: annotated name 'x' can't be global",
    );
    check_syntax(
        "def g():\n  x=1\n  def f():\n    print(x)\n    nonlocal x\n",
        5,
        "SyntaxError: name 'x' is used prior to nonlocal declaration",
    );
    check_syntax(
        "def f():\n    global x\n    nonlocal x\n",
        2,
        "SyntaxError: name 'x' is nonlocal and global",
    );
    check_syntax(
        "x = 1\nglobal x\n",
        2,
        "SyntaxError: name 'x' is assigned to before global declaration",
    );
}

#[test]
fn symtable_accepts_what_cpython_accepts() {
    // An import before `global` and a module-level annotation of a name some function declares
    // global are both fine in CPython; the errors must not fire (the compile may still stop at
    // a construct outside the subset, which is not a syntax error).
    for source in [
        "def f():\n    import math\n    global math\n",
        "def f():\n    global x\n    x = 1\nx = 2\n",
    ] {
        assert!(
            !matches!(
                tracer::compile::compile(source, "t.py"),
                Err(CompileError::Syntax(_) | CompileError::Invalid(_))
            ),
            "{source}"
        );
    }
}

#[test]
fn parser_errors_get_cpython_specific_messages() {
    check_report(
        "total = sum(x for x in range(3), 1)\n",
        &[
            "  File \"t.py\", line 1",
            "    total = sum(x for x in range(3), 1)",
            "                ^^^^^^^^^^^^^^^^^^^",
            "SyntaxError: Generator expression must be parenthesized",
        ],
    );
    check_report(
        "x = 1\nprint x + 1  # c\n",
        &[
            "  File \"t.py\", line 2",
            "    print x + 1  # c",
            "    ^^^^^^^^^^^",
            "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?",
        ],
    );
    check_syntax(
        "if 1: exec \"x\"\n",
        1,
        "SyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?",
    );
    check_report(
        "if True:\n    x = 1\nelse:\nprint(x)\n",
        &[
            "  File \"t.py\", line 4",
            "    print(x)",
            "    ^^^^^",
            "IndentationError: expected an indented block after 'else' statement on line 3",
        ],
    );
    check_report(
        "if 1:\n",
        &[
            "  File \"t.py\", line 1",
            "    if 1:",
            "IndentationError: expected an indented block after 'if' statement on line 1",
        ],
    );
    let block = |source, line, what: &str| {
        let last = format!("IndentationError: expected an indented block after {what}");
        check_syntax(source, line, &last);
    };
    block("def f():\nx = 1\n", 2, "function definition on line 1");
    block("class C:\n\nx = 1\n", 3, "class definition on line 1");
    block(
        "if 1:\n  pass\nelif 2:\n# c\nx = 1\n",
        5,
        "'elif' statement on line 3",
    );
    block(
        "try:\n  pass\nexcept* E:\nx = 1\n",
        4,
        "'except*' statement on line 3",
    );
    block("if (a and\n    b):\nx = 1\n", 3, "'if' statement on line 1");
    block("while 1:\nx = 1\n", 2, "'while' statement on line 1");
    block("match x:\ny\n", 2, "'match' statement on line 1");
}

#[test]
fn indentation_errors_draw_carets_like_cpython() {
    check_report(
        "x = 1\n    y = 2\n",
        &[
            "  File \"t.py\", line 2",
            "    y = 2",
            "IndentationError: unexpected indent",
        ],
    );
    check_report(
        "if 1:\n        x = 1\n    y = 2\n",
        &[
            "  File \"t.py\", line 3",
            "    y = 2",
            "         ^",
            "IndentationError: unindent does not match any outer indentation level",
        ],
    );
}
