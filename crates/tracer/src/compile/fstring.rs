//! f-strings: literal text (adjacent pieces merged, as CPython's parser does), each replacement
//! field as CONVERT_VALUE / FORMAT_SIMPLE / FORMAT_WITH_SPEC, and BUILD_STRING to join them.

use ruff_python_ast as ast;
use ruff_text_size::{TextRange, TextSize};

use super::expr::{WithLoc, STACK_USE_GUIDELINE};
use super::ir::Loc;
use super::{CResult, Compiler};
use crate::bytecode::Opcode;
use crate::code::Const;

impl<'a> Compiler<'a> {
    // ---- f-strings ----

    pub(crate) fn fstring(&mut self, f: &'a ast::ExprFString, loc: Loc) -> CResult {
        let mut parts: Vec<Part<'a>> = Vec::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(s) => push_literal(&mut parts, &s.value, s.range),
                ast::FStringPart::FString(fs) => collect_parts(&mut parts, &fs.elements),
            }
        }
        self.joined(&parts, loc)
    }

    fn joined(&mut self, parts: &[Part<'a>], loc: Loc) -> CResult {
        if parts.len() > STACK_USE_GUIDELINE {
            return Err(self
                .unsupported("very long f-strings", ruff_text_size::TextRange::default())
                .with_loc(self, loc));
        }
        for p in parts {
            match p {
                Part::Literal(s, range) => {
                    let lloc = self.loc(*range);
                    self.load_const(Const::Str(s.as_str().into()), lloc)
                }
                Part::Value(v) => self.formatted_value(v)?,
            }
        }
        match parts.len() {
            0 => self.load_const(Const::Str("".into()), loc),
            1 => {}
            n => self.op_arg(Opcode::BUILD_STRING, n as u32, loc),
        }
        Ok(())
    }

    fn formatted_value(&mut self, v: &'a ast::InterpolatedElement) -> CResult {
        let loc = self.loc(v.range);
        self.expr(&v.expression)?;
        let mut conversion = v.conversion;
        if v.debug_text.is_some()
            && conversion == ast::ConversionFlag::None
            && v.format_spec.is_none()
        {
            conversion = ast::ConversionFlag::Repr;
        }
        let conv = match conversion {
            ast::ConversionFlag::None => None,
            ast::ConversionFlag::Str => Some(1),
            ast::ConversionFlag::Repr => Some(2),
            ast::ConversionFlag::Ascii => Some(3),
        };
        if let Some(c) = conv {
            self.op_arg(Opcode::CONVERT_VALUE, c, loc);
        }
        match &v.format_spec {
            Some(spec) => {
                let mut parts = Vec::new();
                collect_parts(&mut parts, &spec.elements);
                // CPython's format-spec node starts at the `:`.
                let before = self.source[..spec.range.start().to_usize()].trim_end_matches(':');
                let start = TextSize::from(before.len() as u32);
                let spec_loc = self.loc(TextRange::new(start, spec.range.end()));
                self.joined(&parts, spec_loc)?;
                self.op(Opcode::FORMAT_WITH_SPEC, loc);
            }
            None => self.op(Opcode::FORMAT_SIMPLE, loc),
        }
        Ok(())
    }
}

/// One piece of an f-string after CPython's merging of adjacent literal text.
enum Part<'a> {
    /// Literal text and the source range it came from (merged pieces span all of them).
    Literal(String, TextRange),
    Value(&'a ast::InterpolatedElement),
}

fn push_literal(parts: &mut Vec<Part<'_>>, s: &str, range: TextRange) {
    if s.is_empty() {
        return;
    }
    if let Some(Part::Literal(prev, prev_range)) = parts.last_mut() {
        prev.push_str(s);
        *prev_range = prev_range.cover(range);
    } else {
        parts.push(Part::Literal(s.to_string(), range));
    }
}

fn collect_parts<'a>(parts: &mut Vec<Part<'a>>, elements: &'a ast::InterpolatedStringElements) {
    for el in elements.iter() {
        match el {
            ast::InterpolatedStringElement::Literal(l) => push_literal(parts, &l.value, l.range),
            ast::InterpolatedStringElement::Interpolation(i) => {
                if let Some(d) = &i.debug_text {
                    // The `expr=` text sits right after the `{`.
                    let start = i.range.start() + TextSize::from(1);
                    let range = TextRange::at(start, TextSize::of(d.as_str()));
                    push_literal(parts, d.as_str(), range);
                }
                parts.push(Part::Value(i));
            }
        }
    }
}
