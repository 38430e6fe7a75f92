//! Executor backends: who runs an executor once it exists.
//!
//! Tier 2 builds an [`Executor`] (a trace of uops with its stubs). A *backend* is offered each
//! new executor and may compile it into something it can run ([`MachineCode`]); executors it
//! declines run in the uop interpreter (`interp/tier2.rs`), which is also the default
//! backend ([`UopInterpreter`]). `tracer` knows nothing about machine code: a backend only
//! promises to stop exactly where the uop interpreter would leave the trace.
//!
//! ```text
//!   run_executor(exec)
//!     exec.machine? --yes--> MachineCode::run ... reaches a stub ---+
//!          | no                                                    |  stub index
//!          v                                                       v
//!     uop interpreter from uop 0                  uop interpreter at the stub: _DEOPT,
//!                                                 _EXIT_TRACE, _ERROR_POP_N, _DYNAMIC_EXIT
//! ```
//!
//! The stubs (leaving the trace, warming side exits, linking side traces) always run in the
//! interpreter's loop, so a backend cannot get them subtly different; everything before them
//! (guards, actions, `_SET_IP`, `_JUMP_TO_TOP`) is the backend's, and it runs each uop either
//! itself or through [`Vm::backend_step`], which does what the interpreter's loop does for
//! one uop.

pub mod state;

use crate::exceptions::PyErr;
use crate::executor::Executor;
use crate::frame::Frame;
use crate::uops::{Args, Step, Uop};
use crate::vm::Vm;

pub use state::{outcome, JitState};

/// A way of running executors, chosen per VM (`Vm::tier2.backend`).
pub trait ExecutorBackend {
    /// A short name for views (`uop interpreter`, `copy-and-patch JIT`).
    fn name(&self) -> &'static str;

    /// Called once for each new executor (already in its `Rc`, so its address is stable):
    /// compile it, or `None` to leave it to the uop interpreter.
    fn compile(&self, exec: &Executor) -> Option<Box<dyn MachineCode>>;
}

/// An executor compiled by a backend.
pub trait MachineCode {
    /// Runs `exec`'s trace from its first uop until it reaches a stub that leaves the trace
    /// (`_DEOPT`, `_EXIT_TRACE`, `_ERROR_POP_N`, `_DYNAMIC_EXIT`) and returns that stub's
    /// index; the uop interpreter then runs the stub. Invariant: `f` and `pending` are then
    /// exactly as the uop interpreter would have left them on reaching that stub.
    fn run(
        &self,
        vm: &mut Vm,
        f: &mut Box<Frame>,
        exec: &Executor,
        pending: &mut Option<PyErr>,
    ) -> usize;
}

/// The default backend: compiles nothing, so every executor runs in the uop interpreter.
pub struct UopInterpreter;

impl ExecutorBackend for UopInterpreter {
    fn name(&self) -> &'static str {
        "uop interpreter"
    }

    fn compile(&self, _exec: &Executor) -> Option<Box<dyn MachineCode>> {
        None
    }
}

/// The uops that leave the trace; they always run in the uop interpreter's loop.
pub fn leaves_trace(uop: Uop) -> bool {
    matches!(
        uop,
        Uop::_DEOPT | Uop::_EXIT_TRACE | Uop::_ERROR_POP_N | Uop::_DYNAMIC_EXIT
    )
}

impl Vm {
    /// Runs uop `index` of `exec` exactly as the uop interpreter's loop does, for backends
    /// that call back into the VM: returns an [`outcome`] (`CONTINUE`, or `JUMP` to the
    /// uop's `jump_target`, or `ERROR` with the exception stored in `pending` for its
    /// `error_target`). `_JUMP_TO_TOP` and the stubs are the caller's to handle.
    #[inline]
    pub fn backend_step(
        &mut self,
        f: &mut Box<Frame>,
        exec: &Executor,
        index: usize,
        pending: &mut Option<PyErr>,
    ) -> u64 {
        if self.options.stats {
            self.tier2.stats.uops_executed += 1;
        }
        let ready = &exec.ready[index];
        if let Some(run) = ready.run {
            let args = Args {
                oparg: ready.oparg,
                operand: ready.operand,
                object: ready.object.as_ref(),
            };
            return match run(self, f, args) {
                Ok(Step::Continue | Step::Jumped) => outcome::CONTINUE,
                Ok(Step::Deopt) => {
                    let uop = exec.uops[index].uop;
                    self.note_guard(uop, uop.meta().flags & crate::uops::flags::EXIT != 0);
                    outcome::JUMP
                }
                Err(e) => {
                    *pending = Some(e);
                    outcome::ERROR
                }
            };
        }
        self.backend_step_special(f, exec, index, pending)
    }

    /// Runs uops `first..end` of `exec` with [`Vm::backend_step`] until one does not go on;
    /// answers its outcome and index (`CONTINUE` and `end` when all went on). A call's
    /// `_INIT_CALL_PY_EXACT_ARGS`, `_SAVE_RETURN_OFFSET`, `_PUSH_FRAME` inside the range run
    /// as one body (tier 1's): the same frame, pushed at once, the same error at the same uop,
    /// about 110 machine instructions a call fewer than three steps (classes: 1.32M calls,
    /// 2,200.7M -> 2,058.4M instructions with the JIT).
    #[inline]
    pub fn backend_run(
        &mut self,
        f: &mut Box<Frame>,
        exec: &Executor,
        first: usize,
        end: usize,
        pending: &mut Option<PyErr>,
    ) -> (u64, usize) {
        let mut index = first;
        while index < end {
            if exec.uops[index].uop.base() == Uop::_INIT_CALL_PY_EXACT_ARGS && index + 2 < end {
                let (save, push) = (&exec.uops[index + 1], &exec.uops[index + 2]);
                if save.uop == Uop::_SAVE_RETURN_OFFSET && push.uop == Uop::_PUSH_FRAME {
                    if self.options.stats {
                        self.tier2.stats.uops_executed += 3;
                    }
                    let oparg = exec.uops[index].oparg;
                    match crate::interp::uop::call::init_call_and_push(self, f, oparg, save.oparg) {
                        Ok(()) => {
                            index += 3;
                            continue;
                        }
                        Err((at, e)) => {
                            *pending = Some(e);
                            return (outcome::ERROR, index + at);
                        }
                    }
                }
            }
            let result = self.backend_step(f, exec, index, pending);
            if result != outcome::CONTINUE {
                return (result, index);
            }
            index += 1;
        }
        (outcome::CONTINUE, end)
    }

    /// `backend_step` for the uops the uop interpreter's loop handles itself.
    #[cold]
    fn backend_step_special(
        &mut self,
        f: &mut Box<Frame>,
        exec: &Executor,
        index: usize,
        pending: &mut Option<PyErr>,
    ) -> u64 {
        let inst = &exec.uops[index];
        match inst.uop {
            Uop::_START_EXECUTOR | Uop::_CHECK_VALIDITY if !exec.valid.get() => outcome::JUMP,
            Uop::_CHECK_VALIDITY_AND_SET_IP if !exec.valid.get() => outcome::JUMP,
            Uop::_CHECK_VALIDITY_AND_SET_IP | Uop::_SET_IP => {
                f.instr = inst.operand.int() as usize;
                outcome::CONTINUE
            }
            Uop::_CHECK_FUNCTION if !self.function_version_matches(f, inst.operand.int()) => {
                self.note_guard(inst.uop, false);
                outcome::JUMP
            }
            Uop::_CHECK_STACK_SPACE_OPERAND if !self.has_stack_space() => {
                self.note_guard(inst.uop, false);
                outcome::JUMP
            }
            Uop::_START_EXECUTOR
            | Uop::_CHECK_VALIDITY
            | Uop::_TIER2_RESUME_CHECK
            | Uop::_CHECK_FUNCTION
            | Uop::_CHECK_STACK_SPACE_OPERAND => outcome::CONTINUE,
            other => {
                *pending = Some(crate::exceptions::new(
                    "SystemError",
                    format!("backend_step cannot run {}", other.name()),
                ));
                outcome::ERROR
            }
        }
    }
}
