//! Mapping and class patterns (`compiler_pattern_mapping`, `compiler_pattern_class`): both
//! ask the VM for a tuple of values in one instruction (`MATCH_KEYS` looks the keys up with
//! `subject.get(key, dummy)`, `MATCH_CLASS` does the `isinstance` check and reads the
//! attributes `__match_args__` and the keywords name), get `None` back on failure, and then
//! match the tuple's items one by one.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::{const_eq, is_wildcard, PatternContext};
use crate::bytecode::Opcode;
use crate::code::Const;
use crate::compile::{CResult, Compiler};

impl<'a> Compiler<'a> {
    /// `{"k": p, C.K: q, **rest}`.
    pub(super) fn pattern_mapping(
        &mut self,
        m: &'a ast::PatternMatchMapping,
        pc: &mut PatternContext,
    ) -> CResult {
        let loc = self.loc(m.range);
        let size = m.keys.len();
        // The subject stays on top through the type and length checks.
        pc.on_top += 1;
        self.op(Opcode::MATCH_MAPPING, loc);
        self.jump_to_fail_pop(loc, pc, Opcode::POP_JUMP_IF_FALSE);
        if size == 0 && m.rest.is_none() {
            // `{}` matches any mapping.
            pc.on_top -= 1;
            self.op(Opcode::POP_TOP, loc);
            return Ok(());
        }
        if size > 0 {
            self.length_check(loc, pc, size, ast::CmpOp::GtE);
        }
        // The keys: literals (checked for duplicates now) or attribute lookups.
        let mut seen: Vec<Const> = Vec::new();
        for key in &m.keys {
            match self.folder.fold(key) {
                Some(c) => {
                    if seen.iter().any(|s| const_eq(s, &c)) {
                        let repr = crate::dis::repr::const_repr(&c, &|_| 0);
                        let msg = format!("mapping pattern checks duplicate key ({repr})");
                        return Err(self.invalid(&msg, m.range));
                    }
                    seen.push(c);
                }
                None if matches!(key, Expr::Attribute(_)) => {}
                None => {
                    let msg = "mapping pattern keys may only match literals and attribute lookups";
                    return Err(self.invalid(msg, m.range));
                }
            }
            self.expr(key)?;
        }
        self.op_arg(Opcode::BUILD_TUPLE, size as u32, loc);
        self.op(Opcode::MATCH_KEYS, loc);
        // The keys tuple and the values tuple (or None) are now on top of the subject.
        pc.on_top += 2;
        self.op_arg(Opcode::COPY, 1, loc);
        self.load_const(Const::None, loc);
        self.op_arg(Opcode::IS_OP, 1, loc);
        self.jump_to_fail_pop(loc, pc, Opcode::POP_JUMP_IF_FALSE);
        self.op_arg(Opcode::UNPACK_SEQUENCE, size as u32, loc);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in &m.patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        // Whatever follows consumes the keys tuple and the subject.
        pc.on_top -= 2;
        if let Some(rest) = &m.rest {
            // rest = dict(subject); then `del rest[key]` for each key.
            self.op_arg(Opcode::BUILD_MAP, 0, loc);
            self.op_arg(Opcode::SWAP, 3, loc);
            self.op_arg(Opcode::DICT_UPDATE, 2, loc);
            self.op_arg(Opcode::UNPACK_SEQUENCE, size as u32, loc);
            for k in (1..=size).rev() {
                self.op_arg(Opcode::COPY, 1 + k as u32, loc);
                self.op_arg(Opcode::SWAP, 2, loc);
                self.op(Opcode::DELETE_SUBSCR, loc);
            }
            self.pattern_store_name(loc, Some(rest.id.as_str()), m.range, pc)?;
        } else {
            self.op(Opcode::POP_TOP, loc); // the keys tuple
            self.op(Opcode::POP_TOP, loc); // the subject
        }
        Ok(())
    }

    /// `Cls(p, q, attr=r)`.
    pub(super) fn pattern_class(
        &mut self,
        c: &'a ast::PatternMatchClass,
        pc: &mut PatternContext,
    ) -> CResult {
        let loc = self.loc(c.range);
        let args = &c.arguments;
        let nargs = args.patterns.len();
        let nattrs = args.keywords.len();
        for (i, k) in args.keywords.iter().enumerate() {
            let name = k.attr.id.as_str();
            if name == "__debug__" {
                return Err(self.invalid("cannot assign to __debug__", k.pattern.range()));
            }
            if let Some(dup) = args.keywords[i + 1..]
                .iter()
                .find(|o| o.attr.id == k.attr.id)
            {
                let msg = format!("attribute name repeated in class pattern: {name}");
                return Err(self.invalid(&msg, dup.pattern.range()));
            }
        }
        self.expr(&c.cls)?;
        let names: Vec<Const> = args
            .keywords
            .iter()
            .map(|k| Const::Str(k.attr.id.as_str().into()))
            .collect();
        self.load_const(Const::Tuple(names.into()), loc);
        self.op_arg(Opcode::MATCH_CLASS, nargs as u32, loc);
        self.op_arg(Opcode::COPY, 1, loc);
        self.load_const(Const::None, loc);
        self.op_arg(Opcode::IS_OP, 1, loc);
        // The attributes tuple (or None) is on top.
        pc.on_top += 1;
        self.jump_to_fail_pop(loc, pc, Opcode::POP_JUMP_IF_FALSE);
        self.op_arg(Opcode::UNPACK_SEQUENCE, (nargs + nattrs) as u32, loc);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        let subpatterns = args
            .patterns
            .iter()
            .chain(args.keywords.iter().map(|k| &k.pattern));
        for p in subpatterns {
            pc.on_top -= 1;
            if is_wildcard(p) {
                self.op(Opcode::POP_TOP, loc);
                continue;
            }
            self.subpattern(p, pc)?;
        }
        Ok(())
    }
}
