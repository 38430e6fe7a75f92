//! Copy-and-patch by hand, safely: the entry point of `notebooks/04-jit.ipynb`.
//!
//! A learner copies stencils and patches their holes in their own code, into a plain
//! `Vec<u8>`, and wants to see that trace run. Running arbitrary bytes would need `unsafe`
//! (and could do anything), so [`HandPatched`] is an executor backend that asks the learner's
//! function for each executor's code and compares it with what the JIT itself produces, byte
//! for byte:
//!
//! ```text
//!   tier 2 makes an executor --> HandPatched::compile
//!                                  your_patch(&Blank) -> Vec<u8>      (your copy-and-patch)
//!                                  crate::compile(exec)  -> the JIT's code, sealed
//!                                  equal?  yes: run it (the very bytes you wrote)
//!                                          no:  refuse, say where they differ; the uop
//!                                               interpreter runs the executor instead
//! ```
//!
//! Everything a hand-patcher needs is in the [`Blank`]: the uops, the JIT's own [`Layout`]
//! (the stencil of each uop after runs of VM calls became one call, where each uop's code
//! goes, and where the slow paths go after the trace), the `helper` stencil every slow path
//! copies, the constants' words and the addresses a trace holds (the three helpers machine
//! code calls and the executor's `valid` flag). The layout is the JIT's, so what is left to
//! the learner is the copying and the patching:
//!
//! ```text
//!   for each uop i:        copy stencils[i] to layout.offsets[i], patch its holes
//!   for each (i, at) in layout.slow:
//!                          copy the helper stencil to `at`, patch its holes as uop i's,
//!                          then `jmp` (e9 rel32) to layout.offsets[i + 1]
//! ```
//!
//! Nothing here uses `unsafe`: the code that runs is the JIT's own, sealed by `memory.rs`.

use std::cell::RefCell;
use std::rc::Rc;

use tracer::backend::{ExecutorBackend, MachineCode};
use tracer::executor::Executor;
use tracer::uops::UopInst;
use tracer::vm::{Vm, VmOptions};

use crate::patch::{self, Layout};
use crate::stencil::{self, Stencil};

/// One executor, before any code exists: what a hand-patcher fills in.
pub struct Blank {
    /// The executor's id (`executor #0` in `explain jit`).
    pub executor: usize,
    /// Its uops, trace then stubs.
    pub uops: Vec<UopInst>,
    /// The JIT's layout of this executor (`patch::Layout::new`): `offsets` (each uop's code,
    /// then the end of the hot code), `counts` (`_JIT_COUNT`), `slow` (the slow paths after
    /// the trace) and `size()`.
    pub layout: Layout,
    /// The stencil each uop gets, as the layout chose it (`helper` runs made one call: the
    /// rest of a run has the empty `fused` stencil).
    pub stencils: Vec<&'static Stencil>,
    /// The stencil every slow path copies.
    pub helper_stencil: &'static Stencil,
    /// Per uop, the two words of its constant (`_JIT_CONST_TAG`, `_JIT_CONST_PAYLOAD`; zeros
    /// for a uop without one).
    pub constants: Vec<(u64, u64)>,
    /// What `_JIT_HELPER` holes receive: the function machine code calls to run uops.
    pub helper: u64,
    /// What `_JIT_INCREF` and `_JIT_DECREF` holes receive: the functions that add and drop
    /// a reference to a heap value.
    pub incref: u64,
    pub decref: u64,
    /// What `_JIT_VALID` holes receive: the address of this executor's `valid` flag.
    pub valid: u64,
}

/// What became of one executor offered to [`HandPatched`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Your bytes were the JIT's: they ran.
    Ran { executor: usize, bytes: usize },
    /// Your bytes differ from the JIT's at `offset` (in the code of uop `uop`, or in its
    /// slow path when `slow`); the executor ran in the uop interpreter instead.
    Refused {
        executor: usize,
        offset: usize,
        uop: usize,
        slow: bool,
        expected: Option<u8>,
        got: Option<u8>,
    },
    /// The JIT cannot compile this executor (no stencils on this machine, for example).
    Declined { executor: usize, why: String },
}

/// A hand-patching function: the code of one executor.
pub type PatchFn = Box<dyn Fn(&Blank) -> Vec<u8>>;

/// The executor backend that runs hand-patched traces (see the module documentation).
pub struct HandPatched {
    patch: PatchFn,
    /// One entry per executor offered, in order.
    pub log: Rc<RefCell<Vec<Outcome>>>,
}

impl HandPatched {
    /// A backend calling `patch` for each executor, and the log it fills.
    pub fn new(patch: PatchFn) -> (HandPatched, Rc<RefCell<Vec<Outcome>>>) {
        let log = Rc::new(RefCell::new(Vec::new()));
        (
            HandPatched {
                patch,
                log: log.clone(),
            },
            log,
        )
    }
}

/// The [`Blank`] of `exec`, or why it has none.
pub fn blank(exec: &Executor) -> Result<Blank, String> {
    let layout = Layout::new(exec).map_err(|e| e.to_string())?;
    let stencils = layout
        .stencils
        .iter()
        .map(|&i| &stencil::STENCILS[i])
        .collect();
    let helper_stencil = stencil::warm_up()
        .helper
        .map(|i| &stencil::STENCILS[i])
        .ok_or("this build has no helper stencil")?;
    let (helper, incref, decref) = addresses();
    Ok(Blank {
        executor: exec.id,
        uops: exec.uops.clone(),
        constants: exec.uops.iter().map(patch::const_words).collect(),
        layout,
        stencils,
        helper_stencil,
        helper,
        incref,
        decref,
        valid: exec.valid.as_ptr() as u64,
    })
}

/// The addresses patched into `_JIT_HELPER`, `_JIT_INCREF` and `_JIT_DECREF` holes (zeros
/// where this build has no JIT).
pub fn addresses() -> (u64, u64, u64) {
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    return (
        crate::memory::helper_address(),
        crate::memory::incref_address(),
        crate::memory::decref_address(),
    );
    #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
    (0, 0, 0)
}

impl ExecutorBackend for HandPatched {
    fn name(&self) -> &'static str {
        "copy-and-patch by hand"
    }

    fn compile(&self, exec: &Executor) -> Option<Box<dyn MachineCode>> {
        let executor = exec.id;
        let declined = |why: String| Outcome::Declined { executor, why };
        let blank = match blank(exec) {
            Ok(blank) => blank,
            Err(why) => {
                self.log.borrow_mut().push(declined(why));
                return None;
            }
        };
        let mine = (self.patch)(&blank);
        let (trace, record) = match crate::compile(exec, true) {
            Ok((trace, Some(record))) => (trace, record),
            Ok((_, None)) => {
                self.log
                    .borrow_mut()
                    .push(declined("nothing recorded".into()));
                return None;
            }
            Err(e) => {
                self.log.borrow_mut().push(declined(e.to_string()));
                return None;
            }
        };
        let expected = &record.code;
        let differs = (0..expected.len().max(mine.len())).find(|&i| expected.get(i) != mine.get(i));
        match differs {
            None => {
                self.log.borrow_mut().push(Outcome::Ran {
                    executor,
                    bytes: mine.len(),
                });
                Some(Box::new(trace))
            }
            Some(offset) => {
                let (uop, slow) = where_is(&blank.layout, offset);
                self.log.borrow_mut().push(Outcome::Refused {
                    executor,
                    offset,
                    uop,
                    slow,
                    expected: expected.get(offset).copied(),
                    got: mine.get(offset).copied(),
                });
                None
            }
        }
    }
}

/// The uop whose code holds byte `offset`: in the hot code, the last uop starting at or
/// before it; after it, the uop whose slow path holds it (then `true`).
fn where_is(layout: &Layout, offset: usize) -> (usize, bool) {
    let hot_end = layout.offsets.last().copied().unwrap_or(0);
    let n = layout.offsets.len().saturating_sub(1);
    if offset < hot_end {
        // A uop with no code shares its offset with the next: the last one starting there.
        let uop = layout
            .offsets
            .iter()
            .rposition(|&o| o <= offset)
            .unwrap_or(0)
            .min(n.saturating_sub(1));
        return (uop, false);
    }
    // Past the hot code: a slow path, or (bytes too many, no slow path) the last uop.
    layout
        .slow
        .iter()
        .rev()
        .find(|&&(_, at)| at <= offset)
        .map_or((n.saturating_sub(1), false), |&(uop, _)| (uop, true))
}

/// What [`run`] reports.
#[derive(Clone, Debug)]
pub struct Run {
    /// What the program printed.
    pub output: String,
    /// The program's uncaught exception, as a traceback.
    pub error: Option<String>,
    /// What became of each executor.
    pub outcomes: Vec<Outcome>,
    /// Per executor still alive at the end: (id, times entered, loop iterations in the trace).
    pub executions: Vec<(usize, u64, u64)>,
}

/// Compiles and runs `source` with tier 2 on and `patch` writing every executor's code (on
/// this thread: keep the notebook's programs small, as deep recursion needs the CLI's big
/// stack).
pub fn run(source: &str, patch: PatchFn) -> Result<Run, String> {
    let code = tracer::compile::compile(source, "<notebook>").map_err(|e| format!("{e:?}"))?;
    let (backend, log) = HandPatched::new(patch);
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        tier2: true,
        ..VmOptions::default()
    });
    vm.tier2.backend = Rc::new(backend);
    let error = vm.run_module(&code).err().map(|e| vm.format_traceback(e));
    let executions = vm
        .tier2
        .executors
        .iter()
        .filter_map(|e| e.upgrade())
        .map(|e| {
            let s = e.stats.borrow();
            (e.id, s.entered, s.iterations)
        })
        .collect();
    let outcomes = log.borrow().clone();
    Ok(Run {
        output: vm.take_output(),
        error,
        outcomes,
        executions,
    })
}
