//! Tests of the scan: tokenizer limits, bracket errors and the nesting count.

use super::*;

fn event(source: &str) -> Option<(usize, EventKind)> {
    scan(source).event.map(|e| (e.offset, e.kind))
}

#[test]
fn brackets_count_to_200() {
    let ok = format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200));
    assert_eq!(event(&ok), None);
    let bad = format!("x = {}1{}\n", "[".repeat(201), "]".repeat(201));
    assert_eq!(event(&bad), Some((204, EventKind::TooManyParentheses)));
    // Brackets in strings and comments are text.
    let text = format!("x = '{}'  # {}\n", "(".repeat(300), "[".repeat(300));
    assert_eq!(event(&text), None);
    // Replacement fields of f-strings are code.
    let fstring = |n| format!("x = f'{{{}1{}}}'\n", "(".repeat(n), ")".repeat(n));
    assert_eq!(event(&fstring(199)), None);
    assert_eq!(
        event(&fstring(200)),
        Some((206, EventKind::TooManyParentheses))
    );
}

#[test]
fn nul_is_reported_at_its_line() {
    assert_eq!(event("x = 1\ny = 2\x00\n"), Some((6, EventKind::NulByte)));
    // A bracket error on an earlier line comes first.
    assert_eq!(event("x = )\n\x00"), Some((4, EventKind::Unmatched(b')'))));
}

#[test]
fn indentation_counts_levels() {
    let deep = |n: usize| -> String {
        let mut s: String = (0..n)
            .map(|i| format!("{}if 1:\n", " ".repeat(i)))
            .collect();
        s.push_str(&" ".repeat(n));
        s.push_str("pass\n");
        s
    };
    assert_eq!(event(&deep(99)), None);
    let src = deep(100);
    let line_101 = src.match_indices('\n').nth(99).map(|(i, _)| i + 1);
    assert_eq!(
        event(&src).map(|e| e.0),
        line_101,
        "the 100th level is refused"
    );
}

#[test]
fn mismatched_brackets() {
    assert_eq!(
        event("x = [1, 2)\n"),
        Some((
            9,
            EventKind::Mismatched {
                close: b')',
                open: b'[',
                open_offset: 4
            }
        ))
    );
    assert_eq!(event("f'{x}' + f\"{y['a']}\"\n"), None);
    assert_eq!(event("f'{x:{y}>10}'\n"), None);
}

#[test]
fn nesting_counts_what_nests() {
    let cut = |s: &str| scan(s).cut;
    // 6001 prefix operators nest.
    assert!(cut(&format!("x = {}1\n", "~".repeat(6001))).is_some());
    assert!(cut(&format!("x = {}1\n", "not ".repeat(6001))).is_some());
    assert!(cut(&format!("x = {}1\n", "lambda: ".repeat(6001))).is_some());
    assert!(cut(&format!("x = a{}\n", " ** a".repeat(6001))).is_some());
    assert!(cut(&format!("x = a{}\n", " if a else a".repeat(6001))).is_some());
    // Left-associative chains and separate operands do not.
    assert_eq!(cut(&format!("x = -a{}\n", " - -a".repeat(7000))), None);
    assert_eq!(
        cut(&format!("x = not a{}\n", " and not a".repeat(7000))),
        None
    );
    assert_eq!(cut(&format!("x = [{}]\n", "~a, ".repeat(7000))), None);
    assert_eq!(cut(&format!("x = 1\n{}", "y = ~1\n".repeat(7000))), None);
}

#[test]
fn colon_equals_in_a_field_starts_the_spec() {
    // `=` fill or alignment, not a walrus: CPython reads `=12.4e` as a format spec, so its
    // digits are text (a fuzz finding: we reported "invalid decimal literal").
    assert_eq!(event("f'{x:=12.4e}'\n"), None);
    assert_eq!(event("f'{x:==12.4e} {y:=>1e}'\n"), None);
    // Inside brackets of the field the colon is code again (a walrus).
    assert!(matches!(
        event("f'{(x:=1e)}'\n"),
        Some((_, EventKind::BadNumber { .. }))
    ));
}
