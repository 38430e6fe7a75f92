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
                ast::FStringPart::Literal(s) => {
                    let units = self.surrogate_units(|source, consumed| {
                        super::surrogates::decode_part(source, s, consumed)
                    });
                    push_literal(&mut parts, units, &s.value, s.range)
                }
                ast::FStringPart::FString(fs) => {
                    let raw = fs.flags.prefix().is_raw();
                    self.collect_parts(&mut parts, &fs.elements, raw)
                }
            }
        }
        self.joined(parts, loc)
    }

    fn joined(&mut self, parts: Vec<Part<'a>>, loc: Loc) -> CResult {
        if parts.len() > STACK_USE_GUIDELINE {
            return Err(self
                .unsupported("very long f-strings", ruff_text_size::TextRange::default())
                .with_loc(self, loc));
        }
        let n = parts.len();
        for p in parts {
            match p {
                Part::Literal(units, range) => {
                    let lloc = self.loc(range);
                    self.load_const(super::fold::text_or_surrogates(units), lloc)
                }
                Part::Value(v, raw) => self.formatted_value(v, raw)?,
            }
        }
        match n {
            0 => self.load_const(Const::Str("".into()), loc),
            1 => {}
            n => self.op_arg(Opcode::BUILD_STRING, n as u32, loc),
        }
        Ok(())
    }

    fn formatted_value(&mut self, v: &'a ast::InterpolatedElement, raw: bool) -> CResult {
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
                self.collect_parts(&mut parts, &spec.elements, raw);
                // CPython's format-spec node starts at the `:`.
                let before = self.source[..spec.range.start().to_usize()].trim_end_matches(':');
                let start = TextSize::from(before.len() as u32);
                let spec_loc = self.loc(TextRange::new(start, spec.range.end()));
                self.joined(parts, spec_loc)?;
                self.op(Opcode::FORMAT_WITH_SPEC, loc);
            }
            None => self.op(Opcode::FORMAT_SIMPLE, loc),
        }
        Ok(())
    }
}

/// One piece of an f-string after CPython's merging of adjacent literal text.
enum Part<'a> {
    /// Literal text as code points (lone surrogates included, see `surrogates.rs`) and the
    /// source range it came from (merged pieces span all of them).
    Literal(Vec<u32>, TextRange),
    /// A replacement field, and whether its f-string is raw (for its format spec's text).
    Value(&'a ast::InterpolatedElement, bool),
}

/// Appends literal text: `units` when the source spelled a lone surrogate, else `s`.
fn push_literal(parts: &mut Vec<Part<'_>>, units: Option<Vec<u32>>, s: &str, range: TextRange) {
    let units = units.unwrap_or_else(|| s.chars().map(u32::from).collect());
    if units.is_empty() {
        return;
    }
    if let Some(Part::Literal(prev, prev_range)) = parts.last_mut() {
        prev.extend(units);
        *prev_range = prev_range.cover(range);
    } else {
        parts.push(Part::Literal(units, range));
    }
}

impl<'a> Compiler<'a> {
    fn collect_parts(
        &self,
        parts: &mut Vec<Part<'a>>,
        elements: &'a ast::InterpolatedStringElements,
        raw: bool,
    ) {
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    let units = self.surrogate_units(|source, consumed| {
                        super::surrogates::decode_fstring_text(
                            source, l.range, &l.value, raw, consumed,
                        )
                    });
                    push_literal(parts, units, &l.value, l.range)
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(d) = &i.debug_text {
                        // The `expr=` text sits right after the `{`.
                        let start = i.range.start() + TextSize::from(1);
                        let range = TextRange::at(start, TextSize::of(d.as_str()));
                        push_literal(parts, None, d.as_str(), range);
                    }
                    parts.push(Part::Value(i, raw));
                }
            }
        }
    }

    /// Runs a surrogate decoder when the module spells lone surrogates (listings only),
    /// recording what it consumed or where it failed, as the folder does for plain literals.
    fn surrogate_units(
        &self,
        decode: impl FnOnce(&str, &mut Vec<usize>) -> Result<Option<Vec<u32>>, usize>,
    ) -> Option<Vec<u32>> {
        let source = self.folder.surrogate_source.as_ref()?;
        let mut consumed = self.folder.surrogates_decoded.borrow_mut();
        match decode(source, &mut consumed) {
            Ok(units) => units,
            Err(at) => {
                self.folder.surrogate_failure.borrow_mut().get_or_insert(at);
                None
            }
        }
    }
}
