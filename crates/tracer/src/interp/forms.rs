//! Tier 1's specialized instructions, built from the uop table.
//!
//! A specialized instruction is the uops of its expansion, run in order with operands read
//! from its inline cache — the same functions the uop interpreter runs from a trace:
//!
//! ```text
//!   LOAD_ATTR_INSTANCE_VALUE = _GUARD_TYPE_VERSION(cache32 @2)        deopt -> LOAD_ATTR
//!                            + _CHECK_MANAGED_OBJECT_HAS_VALUES       deopt -> LOAD_ATTR
//!                            + _LOAD_ATTR_INSTANCE_VALUE(cache16 @4)
//! ```
//!
//! [`Vm::form`] is generated from `uops::expansion`'s table. It is monomorphized per opcode,
//! so each dispatch arm is straight-line code: every uop function is known at compile time
//! and inlined. A failed guard returns `Step::Deopt` and the caller runs the generic
//! instruction; `Step::Jumped` means a uop moved the pc itself (a loop exit, a pushed frame).

use std::rc::Rc;

use crate::bytecode::Opcode;
use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::interp::Flow;
use crate::object::RtCode;
use crate::specialize::read_u32;
use crate::uops::table::ExecFn;
use crate::uops::{Args, Step, Uop};
use crate::vm::Vm;

/// One part of a form: call its uop with arguments read as the table says, and stop the form
/// on anything but `Continue`.
macro_rules! part {
    ($vm:ident, $f:ident, $instr:ident, $oparg:ident, $op:expr, $uop:ident, Object) => {{
        // Borrowed from the code object (held by its own handle while the uop has the
        // frame), so the uop clones the object only if it keeps it.
        let code = $f.code.clone();
        let obj = code.objcache[$instr].borrow();
        let args = Args {
            oparg: $oparg,
            operand: 0,
            object: Some(&*obj),
        };
        part!(@call $vm, $f, $uop, args)
    }};
    ($vm:ident, $f:ident, $instr:ident, $oparg:ident, $op:expr, $uop:ident, $($src:tt)*) => {{
        let args = part!(@args $f, $instr, $oparg, $op, $($src)*);
        part!(@call $vm, $f, $uop, args)
    }};
    (@call $vm:ident, $f:ident, $uop:ident, $args:expr) => {{
        const RUN: ExecFn = Uop::$uop.exec();
        match RUN($vm, $f, $args)? {
            Step::Continue => {}
            other => return Ok(other),
        }
    }};
    (@args $f:ident, $instr:ident, $oparg:ident, $op:expr, Oparg) => {
        Args::oparg($oparg)
    };
    (@args $f:ident, $instr:ident, $oparg:ident, $op:expr, Replaced($u:ident)) => {
        Args::oparg($oparg)
    };
    (@args $f:ident, $instr:ident, $oparg:ident, $op:expr, Top) => {
        Args::oparg($oparg >> 4)
    };
    (@args $f:ident, $instr:ident, $oparg:ident, $op:expr, Bottom) => {
        Args::oparg($oparg & 15)
    };
    (@args $f:ident, $instr:ident, $oparg:ident, $op:expr, ReturnOffset) => {
        Args::oparg(const { 1 + $op.cache_entries() as u32 })
    };
    (@args $f:ident, $instr:ident, $oparg:ident, $op:expr, Cache16($k:expr)) => {
        Args {
            oparg: $oparg,
            operand: u64::from($f.code.units[$instr + $k].get()),
            object: None,
        }
    };
    (@args $f:ident, $instr:ident, $oparg:ident, $op:expr, Cache32($k:expr)) => {
        Args {
            oparg: $oparg,
            operand: u64::from(read_u32(&$f.code.units, $instr + $k)),
            object: None,
        }
    };
}

macro_rules! tier1_forms {
    ($($op:ident = [$($uop:ident($($src:tt)*)),+ $(,)?];)*) => {
        impl Vm {
            /// Runs specialized instruction `OP` (at `instr`, with `oparg`) as its uops.
            #[inline(always)]
            pub(super) fn form<const OP: u8>(
                &mut self,
                f: &mut Box<Frame>,
                instr: usize,
                oparg: u32,
            ) -> PyResult<Step> {
                match Opcode(OP) {
                    $(Opcode::$op => {
                        $(part!(self, f, instr, oparg, Opcode::$op, $uop, $($src)*);)+
                        Ok(Step::Continue)
                    })*
                    other => Err(exc::new(
                        "SystemError",
                        format!("{} has no uop expansion", other.name()),
                    )),
                }
            }
        }

        impl Vm {
            /// Runs any specialized instruction made of uops (those without an arm of their
            /// own in the eval loop).
            pub(super) fn dispatch_form<const INSTR: bool>(
                &mut self,
                f: &mut Box<Frame>,
                op: Opcode,
                oparg: u32,
                instr: usize,
                start: usize,
                code_before: Option<&Rc<RtCode>>,
            ) -> PyResult<Flow> {
                match op {
                    $(Opcode::$op => self.run_form::<INSTR, { Opcode::$op.0 }>(
                        f, oparg, instr, start, code_before,
                    ),)*
                    other => Err(exc::new(
                        "SystemError",
                        format!("{} has no uop expansion", other.name()),
                    )),
                }
            }
        }

        /// True when tier 1 runs `op` through [`Vm::form`]. Inlined: the eval loop asks it
        /// for every form without an arm of its own, and it is one bit test.
        #[inline]
        pub fn has_form(op: Opcode) -> bool {
            matches!(op, $(Opcode::$op)|*)
        }
    };
}

crate::expansions!(tier1_forms);
