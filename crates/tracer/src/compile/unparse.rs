//! An expression back to source text, as CPython's compiler writes an annotation under
//! `from __future__ import annotations` (`_PyAST_ExprAsUnicode`): the annotation is stored as
//! this string instead of being evaluated.
//!
//! The text is regenerated from the tree, not copied from the file: spacing is normalised
//! (`list[ int ]` becomes `'list[int]'`, `a|b` becomes `'a | b'`), literals are written as
//! their repr (`0x10` becomes `'16'`, `"x"` becomes `"'x'"`), and parentheses appear only
//! where precedence needs them:
//!
//! ```text
//!   (a + b) * c     the sum binds looser than `*`: parenthesised     -> '(a + b) * c'
//!   a + (b * c)     the product binds tighter: parentheses dropped   -> 'a + b * c'
//!   a ** -b         `**` wants its right operand at power level, and a
//!                   unary minus is looser: parenthesised              -> 'a ** (-b)'
//!   f(k=1, *b)      the tree keeps positional and keyword arguments
//!                   apart, so they come back in that order            -> 'f(*b, k=1)'
//! ```
//!
//! Each expression is written at a *level*: the loosest precedence its context accepts
//! without parentheses. Constructs CPython can write but this module does not (f-strings,
//! complex literals) are reported by name so the compiler refuses them.

use ruff_python_ast::{self as ast, Expr, Number, Operator, UnaryOp};

/// Precedence levels, loosest first (CPython's `PR_*` in `ast_unparse.c`).
mod level {
    pub const TUPLE: u8 = 0;
    pub const TEST: u8 = 1;
    pub const OR: u8 = 2;
    pub const AND: u8 = 3;
    pub const NOT: u8 = 4;
    pub const CMP: u8 = 5;
    pub const EXPR: u8 = 6;
    pub const BOR: u8 = 6;
    pub const BXOR: u8 = 7;
    pub const BAND: u8 = 8;
    pub const SHIFT: u8 = 9;
    pub const ARITH: u8 = 10;
    pub const TERM: u8 = 11;
    pub const FACTOR: u8 = 12;
    pub const POWER: u8 = 13;
    pub const AWAIT: u8 = 14;
    pub const ATOM: u8 = 15;
}

/// The source text of annotation `e`, or the name of the construct that cannot be written.
pub fn annotation_text(e: &Expr) -> Result<String, &'static str> {
    let mut out = String::new();
    write(&mut out, e, level::TEST)?;
    Ok(out)
}

type Res = Result<(), &'static str>;

fn paren_if(out: &mut String, cond: bool, body: impl FnOnce(&mut String) -> Res) -> Res {
    if cond {
        out.push('(');
    }
    body(out)?;
    if cond {
        out.push(')');
    }
    Ok(())
}

fn comma_list(out: &mut String, items: &[Expr], at: u8) -> Res {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(out, item, at)?;
    }
    Ok(())
}

fn binop(op: Operator) -> (&'static str, u8) {
    use Operator::*;
    match op {
        Add => ("+", level::ARITH),
        Sub => ("-", level::ARITH),
        Mult => ("*", level::TERM),
        MatMult => ("@", level::TERM),
        Div => ("/", level::TERM),
        Mod => ("%", level::TERM),
        FloorDiv => ("//", level::TERM),
        LShift => ("<<", level::SHIFT),
        RShift => (">>", level::SHIFT),
        BitOr => ("|", level::BOR),
        BitXor => ("^", level::BXOR),
        BitAnd => ("&", level::BAND),
        Pow => ("**", level::POWER),
    }
}

fn number(out: &mut String, n: &ast::ExprNumberLiteral) -> Res {
    match &n.value {
        Number::Int(i) => out.push_str(&i.to_string()),
        // An infinite float has no literal: CPython writes one that overflows to it.
        Number::Float(f) if f.is_infinite() => out.push_str("1e309"),
        Number::Float(f) => out.push_str(&crate::object::float::repr(*f)),
        Number::Complex { .. } => return Err("a complex literal in a string annotation"),
    }
    Ok(())
}

fn comprehension(out: &mut String, generators: &[ast::Comprehension]) -> Res {
    for g in generators {
        out.push_str(if g.is_async { " async for " } else { " for " });
        write(out, &g.target, level::TUPLE)?;
        out.push_str(" in ");
        write(out, &g.iter, level::TEST + 1)?;
        for cond in &g.ifs {
            out.push_str(" if ");
            write(out, cond, level::TEST + 1)?;
        }
    }
    Ok(())
}

/// A subscript's index: a tuple of several items is written without its parentheses.
fn slice(out: &mut String, e: &Expr) -> Res {
    match e {
        Expr::Tuple(t) if !t.elts.is_empty() => {
            comma_list(out, &t.elts, level::TEST)?;
            if t.elts.len() == 1 {
                out.push(',');
            }
            Ok(())
        }
        other => write(out, other, level::TUPLE),
    }
}

/// A lambda's parameters: `a, b=1, /, *c, d, **e`.
fn parameters(out: &mut String, p: &ast::Parameters) -> Res {
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !std::mem::take(&mut first) {
            out.push_str(", ");
        }
    };
    let with_default = |out: &mut String, a: &ast::ParameterWithDefault| -> Res {
        out.push_str(a.parameter.name.as_str());
        if let Some(d) = &a.default {
            out.push('=');
            write(out, d, level::TEST)?;
        }
        Ok(())
    };
    for a in &p.posonlyargs {
        sep(out);
        with_default(out, a)?;
    }
    if !p.posonlyargs.is_empty() {
        sep(out);
        out.push('/');
    }
    for a in &p.args {
        sep(out);
        with_default(out, a)?;
    }
    if let Some(v) = &p.vararg {
        sep(out);
        out.push('*');
        out.push_str(v.name.as_str());
    } else if !p.kwonlyargs.is_empty() {
        sep(out);
        out.push('*');
    }
    for a in &p.kwonlyargs {
        sep(out);
        with_default(out, a)?;
    }
    if let Some(k) = &p.kwarg {
        sep(out);
        out.push_str("**");
        out.push_str(k.name.as_str());
    }
    Ok(())
}

fn write(out: &mut String, e: &Expr, at: u8) -> Res {
    match e {
        Expr::Name(n) => out.push_str(n.id.as_str()),
        Expr::NoneLiteral(_) => out.push_str("None"),
        Expr::BooleanLiteral(b) => out.push_str(if b.value { "True" } else { "False" }),
        Expr::EllipsisLiteral(_) => out.push_str("..."),
        Expr::NumberLiteral(n) => number(out, n)?,
        Expr::StringLiteral(s) => out.push_str(&crate::object::str::repr(s.value.to_str())),
        Expr::BytesLiteral(b) => {
            let bytes: Vec<u8> = b.value.bytes().collect();
            out.push_str(&crate::object::str::bytes_repr(&bytes));
        }
        Expr::Attribute(a) => {
            write(out, &a.value, level::ATOM)?;
            // `1 .real`: a dot straight after an int literal would read as a float.
            let int =
                matches!(&*a.value, Expr::NumberLiteral(n) if matches!(n.value, Number::Int(_)));
            out.push_str(if int { " ." } else { "." });
            out.push_str(a.attr.as_str());
        }
        Expr::Subscript(s) => {
            write(out, &s.value, level::ATOM)?;
            out.push('[');
            slice(out, &s.slice)?;
            out.push(']');
        }
        Expr::Slice(s) => {
            if let Some(lower) = &s.lower {
                write(out, lower, level::TEST)?;
            }
            out.push(':');
            if let Some(upper) = &s.upper {
                write(out, upper, level::TEST)?;
            }
            if let Some(step) = &s.step {
                out.push(':');
                write(out, step, level::TEST)?;
            }
        }
        Expr::Starred(s) => {
            out.push('*');
            write(out, &s.value, level::EXPR)?;
        }
        Expr::BinOp(b) => {
            let (op, pr) = binop(b.op);
            let right_assoc = b.op == Operator::Pow;
            paren_if(out, at > pr, |out| {
                write(out, &b.left, if right_assoc { pr + 1 } else { pr })?;
                out.push(' ');
                out.push_str(op);
                out.push(' ');
                write(out, &b.right, if right_assoc { pr } else { pr + 1 })
            })?;
        }
        Expr::UnaryOp(u) => {
            let (op, pr) = match u.op {
                UnaryOp::Not => ("not ", level::NOT),
                UnaryOp::Invert => ("~", level::FACTOR),
                UnaryOp::UAdd => ("+", level::FACTOR),
                UnaryOp::USub => ("-", level::FACTOR),
            };
            paren_if(out, at > pr, |out| {
                out.push_str(op);
                write(out, &u.operand, pr)
            })?;
        }
        Expr::BoolOp(b) => {
            let (op, pr) = match b.op {
                ast::BoolOp::And => (" and ", level::AND),
                ast::BoolOp::Or => (" or ", level::OR),
            };
            paren_if(out, at > pr, |out| {
                for (i, v) in b.values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(op);
                    }
                    write(out, v, pr + 1)?;
                }
                Ok(())
            })?;
        }
        Expr::Compare(c) => {
            paren_if(out, at > level::CMP, |out| {
                write(out, &c.left, level::CMP + 1)?;
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    out.push(' ');
                    out.push_str(op.as_str());
                    out.push(' ');
                    write(out, right, level::CMP + 1)?;
                }
                Ok(())
            })?;
        }
        Expr::If(i) => {
            paren_if(out, at > level::TEST, |out| {
                write(out, &i.body, level::TEST + 1)?;
                out.push_str(" if ");
                write(out, &i.test, level::TEST + 1)?;
                out.push_str(" else ");
                write(out, &i.orelse, level::TEST)
            })?;
        }
        Expr::Named(n) => {
            paren_if(out, at > level::TUPLE, |out| {
                write(out, &n.target, level::ATOM)?;
                out.push_str(" := ");
                write(out, &n.value, level::ATOM)
            })?;
        }
        Expr::Await(a) => {
            paren_if(out, at > level::AWAIT, |out| {
                out.push_str("await ");
                write(out, &a.value, level::ATOM)
            })?;
        }
        Expr::Tuple(t) => match t.elts.len() {
            0 => out.push_str("()"),
            1 => {
                out.push('(');
                write(out, &t.elts[0], level::TEST)?;
                out.push_str(",)");
            }
            _ => paren_if(out, at > level::TUPLE, |out| {
                comma_list(out, &t.elts, level::TEST)
            })?,
        },
        Expr::List(l) => {
            out.push('[');
            comma_list(out, &l.elts, level::TEST)?;
            out.push(']');
        }
        Expr::Set(s) => {
            out.push('{');
            comma_list(out, &s.elts, level::TEST)?;
            out.push('}');
        }
        Expr::Dict(d) => {
            out.push('{');
            for (i, item) in d.items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match &item.key {
                    Some(k) => {
                        write(out, k, level::TEST)?;
                        out.push_str(": ");
                        write(out, &item.value, level::TEST)?;
                    }
                    None => {
                        out.push_str("**");
                        write(out, &item.value, level::EXPR)?;
                    }
                }
            }
            out.push('}');
        }
        Expr::ListComp(c) => {
            out.push('[');
            write(out, &c.elt, level::TEST)?;
            comprehension(out, &c.generators)?;
            out.push(']');
        }
        Expr::SetComp(c) => {
            out.push('{');
            write(out, &c.elt, level::TEST)?;
            comprehension(out, &c.generators)?;
            out.push('}');
        }
        Expr::DictComp(c) => {
            out.push('{');
            match &c.key {
                Some(key) => {
                    write(out, key, level::TEST)?;
                    out.push_str(": ");
                    write(out, &c.value, level::TEST)?;
                }
                None => {
                    out.push_str("**");
                    write(out, &c.value, level::EXPR)?;
                }
            }
            comprehension(out, &c.generators)?;
            out.push('}');
        }
        Expr::Generator(g) => {
            out.push('(');
            write(out, &g.elt, level::TEST)?;
            comprehension(out, &g.generators)?;
            out.push(')');
        }
        Expr::Call(c) => {
            write(out, &c.func, level::ATOM)?;
            let args = &c.arguments;
            // A lone generator expression argument keeps only its own parentheses.
            if let ([Expr::Generator(g)], true) = (&*args.args, args.keywords.is_empty()) {
                if !g.parenthesized {
                    return write(out, &args.args[0], level::TEST);
                }
            }
            out.push('(');
            comma_list(out, &args.args, level::TEST)?;
            for (i, k) in args.keywords.iter().enumerate() {
                if i > 0 || !args.args.is_empty() {
                    out.push_str(", ");
                }
                match &k.arg {
                    Some(name) => {
                        out.push_str(name.as_str());
                        out.push('=');
                    }
                    None => out.push_str("**"),
                }
                write(out, &k.value, level::TEST)?;
            }
            out.push(')');
        }
        Expr::FString(_) => return Err("an f-string in a string annotation"),
        Expr::Lambda(l) => {
            paren_if(out, at > level::TEST, |out| {
                out.push_str("lambda");
                if let Some(p) = &l.parameters {
                    out.push(' ');
                    parameters(out, p)?;
                }
                out.push_str(": ");
                write(out, &l.body, level::TEST)
            })?;
        }
        _ => return Err("this expression in a string annotation"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::annotation_text;

    fn text(source: &str) -> String {
        let parsed = ruff_python_parser::parse_expression(source).expect("parses");
        annotation_text(parsed.expr()).expect("writable")
    }

    /// What python3.13 stores for `x: SOURCE` under `from __future__ import annotations`.
    #[test]
    fn writes_what_cpython_writes() {
        for (source, want) in [
            ("list[ int ]", "list[int]"),
            ("Tree|None", "Tree | None"),
            ("dict[str, tuple[int, ...]]", "dict[str, tuple[int, ...]]"),
            ("(a + b) * c", "(a + b) * c"),
            ("a + (b * c)", "a + b * c"),
            ("a - (b - c)", "a - (b - c)"),
            ("(a ** b) ** c", "(a ** b) ** c"),
            ("a ** -b", "a ** (-b)"),
            ("-a ** b", "-a ** b"),
            ("not (a and b)", "not (a and b)"),
            ("0x10", "16"),
            ("'x' \"y\"", "'xy'"),
            ("f(a, *b, k=1, **d)", "f(a, *b, k=1, **d)"),
            ("f(x for x in y)", "f(x for x in y)"),
            ("1 .real", "1 .real"),
            ("a[1:2, ::3]", "a[1:2, ::3]"),
            ("(1,)", "(1,)"),
            ("a if b else c", "a if b else c"),
            ("[*a]", "[*a]"),
            ("x[()]", "x[()]"),
            ("a < b <= c", "a < b <= c"),
            ("{'a': 1, **b}", "{'a': 1, **b}"),
            ("1e400", "1e309"),
            ("f(k=1, *b)", "f(*b, k=1)"),
            ("a[1,]", "a[1,]"),
            ("a[*b]", "a[*b,]"),
            ("lambda: 1", "lambda: 1"),
            (
                "lambda a, b=1, /, c=2, *d, e, **f: a",
                "lambda a, b=1, /, c=2, *d, e, **f: a",
            ),
            ("lambda *, k: k", "lambda *, k: k"),
            ("[x for x in y if z]", "[x for x in y if z]"),
            ("b'x'", "b'x'"),
            ("'\\n'", "'\\n'"),
            ("x not in y", "x not in y"),
            ("a is not b", "a is not b"),
            ("a // b % c", "a // b % c"),
            ("a & b ^ c | d", "a & b ^ c | d"),
            ("1e20", "1e+20"),
            ("10**20", "10 ** 20"),
        ] {
            assert_eq!(text(source), want, "{source}");
        }
    }
}
