//! `"..." % (a, b)` compiled as an f-string, as CPython 3.13's AST optimizer does
//! (`optimize_format` in `ast_opt.c`): when the left side is a string constant, the right
//! side a tuple display (not all constants, no `*`), and every conversion is a plain `%s`,
//! `%r` or `%a` with at most a width and a precision of up to two digits each, the format
//! becomes literal pieces and `CONVERT_VALUE` / `FORMAT_SIMPLE` / `FORMAT_WITH_SPEC` joined
//! by `BUILD_STRING`, so `str.__mod__` is never called. Any other format (`%d`, `%(name)s`,
//! a count mismatch) keeps the `BINARY_OP %`.
//!
//! ```text
//!   "%s=%r" % (k, v)   ->   f"{k!s}={v!r}"
//!   "%-5s|" % (x,)     ->   f"{x!s:5}|"      "%5.2s" % (x,)  ->  f"{x!s:>5.2}"
//! ```
//!
//! The literal pieces and format specs carry no source location (CPython builds them with
//! line -1); each value keeps its own.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::expr::STACK_USE_GUIDELINE;
use super::ir::Loc;
use super::{CResult, Compiler};
use crate::bytecode::Opcode;
use crate::code::Const;

/// One piece of the rewritten format.
enum Piece<'a> {
    Literal(String),
    /// The value, its conversion (`s`, `r` or `a`) and its format spec.
    Value(&'a Expr, char, Option<String>),
}

/// Parses `%[flags][width][.prec]spec` at `pos` (just after the `%`); `None` for anything
/// CPython's `simple_format_arg_parse` does not accept.
fn parse_spec(fmt: &[char], pos: &mut usize) -> Option<(char, bool, i32, i32)> {
    let next = |pos: &mut usize| -> Option<char> {
        let c = fmt.get(*pos).copied();
        *pos += 1;
        c
    };
    let mut ljust = false;
    let mut ch;
    loop {
        ch = next(pos)?;
        match ch {
            '-' => ljust = true,
            '+' | ' ' | '#' | '0' => {}
            _ => break,
        }
    }
    let (mut width, mut prec) = (-1, -1);
    if ch.is_ascii_digit() {
        width = 0;
        let mut digits = 0;
        while ch.is_ascii_digit() {
            width = width * 10 + (ch as i32 - '0' as i32);
            ch = next(pos)?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
    }
    if ch == '.' {
        ch = next(pos)?;
        prec = 0;
        let mut digits = 0;
        while ch.is_ascii_digit() {
            prec = prec * 10 + (ch as i32 - '0' as i32);
            ch = next(pos)?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
    }
    Some((ch, ljust, width, prec))
}

/// The pieces of `fmt % (items...)`, or `None` when CPython keeps the `%`.
fn pieces<'a>(fmt: &str, items: &'a [Expr]) -> Option<Vec<Piece<'a>>> {
    let fmt: Vec<char> = fmt.chars().collect();
    let mut out = Vec::new();
    let (mut pos, mut count) = (0usize, 0usize);
    loop {
        // Literal text up to the next lone `%` (`%%` is a literal percent sign).
        let start = pos;
        let mut text = String::new();
        while pos < fmt.len() {
            if fmt[pos] != '%' {
                text.push(fmt[pos]);
                pos += 1;
            } else if pos + 1 < fmt.len() && fmt[pos + 1] == '%' {
                text.push('%');
                pos += 2;
            } else {
                break;
            }
        }
        if pos > start {
            out.push(Piece::Literal(text));
        }
        if pos >= fmt.len() {
            break;
        }
        let item = items.get(count)?;
        pos += 1;
        count += 1;
        let (spec, ljust, width, prec) = parse_spec(&fmt, &mut pos)?;
        if !matches!(spec, 's' | 'r' | 'a') {
            return None;
        }
        let mut format_spec = String::new();
        if !ljust && width > 0 {
            format_spec.push('>');
        }
        if width >= 0 {
            format_spec.push_str(&width.to_string());
        }
        if prec >= 0 {
            format_spec.push_str(&format!(".{prec}"));
        }
        let format_spec = (!format_spec.is_empty()).then_some(format_spec);
        out.push(Piece::Value(item, spec, format_spec));
    }
    (count == items.len()).then_some(out)
}

impl<'a> Compiler<'a> {
    /// Compiles `b` as an f-string when CPython would; `Ok(false)` leaves it to `BINARY_OP`.
    pub(crate) fn percent_format(&mut self, b: &'a ast::ExprBinOp, loc: Loc) -> CResult<bool> {
        if b.op != ast::Operator::Mod {
            return Ok(false);
        }
        let Expr::Tuple(t) = &*b.right else {
            return Ok(false);
        };
        if t.elts.iter().any(|e| matches!(e, Expr::Starred(_)))
            || self.folder.fold(&b.right).is_some()
        {
            return Ok(false);
        }
        let Some(Const::Str(fmt)) = self.folder.fold(&b.left) else {
            return Ok(false);
        };
        let Some(pieces) = pieces(&fmt, &t.elts) else {
            return Ok(false);
        };
        if pieces.len() > STACK_USE_GUIDELINE {
            return Err(self.unsupported("very long f-strings", b.range));
        }
        for p in &pieces {
            match p {
                Piece::Literal(s) => self.load_const(Const::Str(s.as_str().into()), Loc::NONE),
                Piece::Value(e, conv, spec) => {
                    let vloc = self.loc(e.range());
                    self.expr(e)?;
                    let oparg = match conv {
                        's' => 1,
                        'r' => 2,
                        _ => 3,
                    };
                    self.op_arg(Opcode::CONVERT_VALUE, oparg, vloc);
                    match spec {
                        Some(s) => {
                            self.load_const(Const::Str(s.as_str().into()), Loc::NONE);
                            self.op(Opcode::FORMAT_WITH_SPEC, vloc);
                        }
                        None => self.op(Opcode::FORMAT_SIMPLE, vloc),
                    }
                }
            }
        }
        match pieces.len() {
            0 => self.load_const(Const::Str("".into()), loc),
            1 => {}
            n => self.op_arg(Opcode::BUILD_STRING, n as u32, loc),
        }
        Ok(true)
    }
}
