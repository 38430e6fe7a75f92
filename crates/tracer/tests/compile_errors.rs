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
    check_unsupported("with open('f') as f:\n    pass\n", "with", 1);
    check_unsupported("x = 1\nmatch x:\n    case 1:\n        pass\n", "match", 2);
    check_unsupported("async def f():\n    pass\n", "async def", 1);
    check_unsupported(
        "def d(f):\n    return f\n@d\ndef g():\n    pass\n",
        "decorators",
        3,
    );
    check_unsupported("def f(*args):\n    pass\n", "*args", 1);
    check_unsupported("f(*xs)\n", "*args", 1);
    check_unsupported("import os\n", "import os", 1);
    check_unsupported("from math import pi\n", "from", 1);
    check_unsupported("if (n := 1):\n    pass\n", ":=", 1);
    check_unsupported("x: int = 1\n", "annotat", 1);
}
