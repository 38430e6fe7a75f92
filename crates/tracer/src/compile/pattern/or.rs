//! Or-patterns (`compiler_pattern_or`): `case A(x) | B(x):`. Each alternative runs on its own
//! copy of the subject with a fresh context; all must bind the same names, and an alternative
//! that captured them in another order than the first one rotates them into the first one's
//! order, so that every path reaches `end` with the same stack. There the captures are
//! rotated under the items the enclosing pattern keeps.

use ruff_python_ast as ast;
use ruff_text_size::Ranged;

use super::PatternContext;
use crate::bytecode::Opcode;
use crate::compile::{ir, CResult, Compiler};

impl<'a> Compiler<'a> {
    pub(super) fn pattern_or(
        &mut self,
        o: &'a ast::PatternMatchOr,
        pc: &mut PatternContext,
    ) -> CResult {
        let loc = self.loc(o.range);
        let end = self.new_label();
        let size = o.patterns.len();
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            let aloc = self.loc(alt.range());
            let mut sub = PatternContext {
                // An irrefutable alternative must be the last, if allowed at all.
                allow_irrefutable: i == size - 1 && pc.allow_irrefutable,
                ..PatternContext::default()
            };
            self.op_arg(Opcode::COPY, 1, aloc);
            self.pattern(alt, &mut sub)?;
            match &control {
                None => control = Some(sub.stores.clone()),
                Some(ctl) if ctl.len() != sub.stores.len() => {
                    return Err(self.invalid("alternative patterns bind different names", o.range));
                }
                Some(ctl) => {
                    // Put this alternative's captures in the first alternative's order.
                    for icontrol in (0..ctl.len()).rev() {
                        let name = &ctl[icontrol];
                        let Some(istores) = sub.stores.iter().position(|s| s == name) else {
                            let msg = "alternative patterns bind different names";
                            return Err(self.invalid(msg, o.range));
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<String> = sub.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            sub.stores.splice(at..at, rotated);
                            for _ in 0..rotations {
                                self.pattern_rotate(aloc, icontrol + 1);
                            }
                        }
                    }
                }
            }
            self.jump(ir::JUMP, end, aloc);
            self.emit_and_reset_fail_pop(aloc, &mut sub);
        }
        // No alternative matched: drop the last copy of the subject and fail.
        self.op(Opcode::POP_TOP, loc);
        self.jump_to_fail_pop_always(loc, pc);
        self.use_label(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        // Between the new captures and where they belong: the other new captures, the copy of
        // the subject, the enclosing pattern's working items and its earlier captures.
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.pattern_rotate(loc, nrots);
            if pc.stores.contains(&name) {
                return Err(self.duplicate_store(&name, o.range));
            }
            pc.stores.push(name);
        }
        // Drop the copy of the subject.
        self.op(Opcode::POP_TOP, loc);
        Ok(())
    }
}
