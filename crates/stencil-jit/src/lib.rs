//! A copy-and-patch JIT for tier-2 traces (the technique of CPython 3.13's `--enable-experimental-jit`,
//! PEP 744, after Xu and Kjolstad's "Copy-and-Patch Compilation", OOPSLA 2021).
//!
//! At build time, `build.rs` compiles `stencils/stencils.rs` with `rustc` and keeps each
//! function's machine code with its unresolved relocations: a *stencil* with *holes*. At run
//! time, when tier 2 creates an executor, [`Jit`] (an [`ExecutorBackend`]) copies one stencil
//! per uop into fresh memory, writes the runtime values into the holes, and makes the memory
//! executable. No IR, no register allocation: compiling is a `memcpy` plus a few stores.
//!
//! ```text
//!   executor uops               stencils (build time)     machine code (run time)
//!   0 _START_EXECUTOR   ------> check_validity   --copy--> cmp [valid], 0; jne stub
//!   1 _ITER_CHECK_RANGE ------> iter_check_range --copy--> top an Iter::Range? else slow
//!   2 _GUARD_NOT_EXH..  ------> for_iter_range   --copy--> remaining > 0? else slow;
//!   3 _ITER_NEXT_RANGE  ---/    (fused: one for 2, 3)      push next; next += step
//!   4 _LOAD_ATTR_MODULE ------> helper           --copy--> call call_uop(state, 4, 1)
//!   5 _LOAD_FAST_2      ------> load_fast        --copy--> tag = stack[2].tag
//!                                                          if immediate: push, fall through
//!   9 _BINARY_OP_ADD_INT -----> binary_op_add_int --copy-> both tags INT? add; jo slow
//!   ...                                                    ...
//!  13 _JUMP_TO_TOP      ------> jump_to_top      --copy--> inc [iterations]; jmp uop 1
//!  14 _EXIT_TRACE       ------> leave            --copy--> mov rax, 14; ret
//!     (after the trace)         helper (a copy per         slow path of uop 9: call
//!                               uop with a slow path)      call_uop(state, 9); jmp uop 10
//! ```
//!
//! Machine code works on the frame's stack directly (`JitState::stack` and the stack pointer,
//! which stencils pass each other in a register: tracer's `backend/state.rs`, a `#[repr(C)]`
//! file both sides compile). Loads, stores, stack
//! shuffles, int and float arithmetic, comparisons and guards are inline for *immediate*
//! values (an `int` in 64 bits, `float`, `bool`, `None`: `Value` is `#[repr(u64)]`, a tag
//! word then a payload word); a heap value is cloned and dropped by changing its `Rc`'s
//! strong count inline (CPython's `Py_INCREF`/`Py_DECREF`), and only a last reference goes
//! to a small helper (`_JIT_DECREF`), which frees it. Anything else (an overflow, a big int,
//! a failed guard)
//! jumps to the uop's *slow path*, a copy of the `helper` stencil placed after the trace,
//! which runs the whole uop in the VM ([`tracer::vm::Vm::backend_step`]), so results,
//! guard statistics and errors are exactly the uop interpreter's. Range and list iteration,
//! list subscripts and instance attributes are inline too, reading state at offsets measured
//! once on real values (`JitState::layout`). Other uops (calls, other attribute kinds)
//! always call the VM; a run of such uops is one call, which answers "go on" or the stub
//! where the uop interpreter takes over (machine code then returns that index).
//!
//! Runs of adjacent uops that traces hold again and again (`self.x`, a `for` loop's head,
//! `x * local`) get one *fused* stencil for the whole run ([`stencil::FUSIONS`]), whose slow
//! path runs the whole run in the VM.
//!
//! The machine code leaves exactly where the uop interpreter would: stubs return their index
//! and the uop interpreter runs them (exits, deopts, errors, side-trace linking), so tier 2
//! can mix compiled and interpreted executors. Only x86_64 Linux has stencils; elsewhere
//! [`Jit`] declines every executor and [`NOTICE`] says so. `unsafe` lives in `memory.rs` only.

pub mod patch;
pub mod stencil;
pub mod teach;

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
mod memory;

/// The compile-speed yardstick (optional feature `cranelift`; see `benches/cranelift.rs`).
#[cfg(all(feature = "cranelift", target_arch = "x86_64", target_os = "linux"))]
pub mod cranelift;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use tracer::backend::{ExecutorBackend, MachineCode};
use tracer::exceptions::PyErr;
use tracer::executor::Executor;
use tracer::frame::Frame;
use tracer::vm::Vm;

pub use patch::{CompileError, Patch};

/// Printed (once) where the JIT was asked for but this target has no stencils.
pub const NOTICE: &str =
    "note: the copy-and-patch JIT supports x86_64 Linux only; traces run in the uop interpreter";

/// Whether this build can compile traces.
pub fn supported() -> bool {
    cfg!(all(target_arch = "x86_64", target_os = "linux")) && stencil::available()
}

/// How many compiled traces are mapped on this thread (each is unmapped when its executor is
/// dropped).
pub fn live_code() -> usize {
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    return memory::live_code();
    #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
    0
}

/// What compiling one executor did (kept when recording, for `explain jit`).
#[derive(Clone)]
pub struct Compiled {
    pub executor: usize,
    /// The code object's qualified name and the executor's byte offset in it.
    pub qualname: String,
    pub offset: usize,
    /// The executor's uops (trace and stubs), one stencil each.
    pub uops: Vec<tracer::uops::UopInst>,
    /// The stencil used for each uop.
    pub stencils: Vec<&'static str>,
    /// Byte offset of each uop's code (plus the end of the trace).
    pub offsets: Vec<usize>,
    /// The fused runs: (first uop, number of uops); the first uop's stencil does the
    /// work of all of them ([`stencil::FUSIONS`]).
    pub runs: Vec<(usize, usize)>,
    /// The slow paths after the trace: (uop index, byte offset).
    pub slow: Vec<(usize, usize)>,
    /// Every hole patched, in order.
    pub patches: Vec<Patch>,
    /// The finished code.
    pub code: Vec<u8>,
    /// Where it was mapped.
    pub address: usize,
    /// Time to lay out, get memory, copy, patch and seal.
    pub nanos: u64,
    /// Of which laying out, copying and patching (no system calls, no page faults).
    pub patch_nanos: u64,
}

impl Compiled {
    /// For a uop without code of its own (stencil `fused`): the uop whose code runs it (a
    /// helper call that runs a run of uops, or a fused stencil).
    pub fn head_of(&self, i: usize) -> Option<usize> {
        if self.stencils.get(i) != Some(&"fused") {
            return None;
        }
        (0..i).rev().find(|&k| self.stencils[k] != "fused")
    }

    /// The uops whose work uop `i`'s stencil does, when `i` starts a fused run
    /// ([`stencil::FUSIONS`]): uop `i` and the ones after it that it covers.
    pub fn fused_run(&self, i: usize) -> Option<std::ops::Range<usize>> {
        self.runs
            .iter()
            .find(|&&(first, _)| first == i)
            .map(|&(first, len)| first..first + len)
    }

    /// Whether uop `i`'s code is inline machine code: an inline stencil, or a uop covered
    /// by an earlier uop's fused stencil.
    pub fn is_inline(&self, i: usize) -> bool {
        match self.head_of(i) {
            Some(head) => self.fused_run(head).is_some(),
            None => stencil::is_inline(self.stencils[i]),
        }
    }
}

/// Counters over a VM's run.
#[derive(Clone, Debug, Default)]
pub struct JitStats {
    pub compiled: u64,
    pub declined: u64,
    pub uops: u64,
    pub code_bytes: u64,
    /// Time compiling: everything (`nanos`), and laying out, copying and patching alone
    /// (`patch_nanos`; the rest is getting fresh pages and `mprotect`).
    pub nanos: u64,
    pub patch_nanos: u64,
}

/// The copy-and-patch backend.
pub struct Jit {
    pub stats: RefCell<JitStats>,
    /// When set, each compilation is recorded here.
    pub record: Option<Rc<RefCell<Vec<Compiled>>>>,
}

impl Default for Jit {
    /// A backend with the stencil table built (so compile times are steady-state ones).
    fn default() -> Jit {
        stencil::warm_up();
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        {
            patch::prepare(&values());
            memory::layout();
        }
        Jit {
            stats: RefCell::default(),
            record: None,
        }
    }
}

impl Jit {
    /// A backend that records every compilation into the returned list.
    pub fn recording() -> (Jit, Rc<RefCell<Vec<Compiled>>>) {
        let log = Rc::new(RefCell::new(Vec::new()));
        let jit = Jit {
            record: Some(log.clone()),
            ..Jit::default()
        };
        (jit, log)
    }
}

impl ExecutorBackend for Jit {
    fn name(&self) -> &'static str {
        "copy-and-patch JIT"
    }

    fn compile(&self, exec: &Executor) -> Option<Box<dyn MachineCode>> {
        let recording = self.record.is_some();
        match compile(exec, recording) {
            Ok((trace, record)) => {
                let mut stats = self.stats.borrow_mut();
                stats.compiled += 1;
                stats.uops += exec.uops.len() as u64;
                stats.code_bytes += trace.size() as u64;
                stats.nanos += trace.nanos;
                stats.patch_nanos += trace.patch_nanos;
                if let (Some(log), Some(record)) = (&self.record, record) {
                    log.borrow_mut().push(record);
                }
                Some(Box::new(trace))
            }
            Err(_) => {
                self.stats.borrow_mut().declined += 1;
                None
            }
        }
    }
}

/// Compiles `exec` into sealed machine code (and, when `record`, what was done).
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
pub fn compile(exec: &Executor, record: bool) -> Result<(Trace, Option<Compiled>), CompileError> {
    let started = Instant::now();
    memory::layout().ok_or(CompileError::NoLayout)?;
    let layout = patch::Layout::new(exec)?;
    let laid_out = started.elapsed();
    let mut mapping = memory::Mapping::new(layout.size()).ok_or(CompileError::NoMemory)?;
    let values = values();
    let mut patches = record.then(Vec::new);
    let patching = Instant::now();
    patch::patch_into(mapping.bytes(), exec, &layout, &values, patches.as_mut());
    let patch_nanos = (laid_out + patching.elapsed()).as_nanos() as u64;
    let code = mapping.seal().ok_or(CompileError::NoMemory)?;
    let nanos = started.elapsed().as_nanos() as u64;
    let record = patches.map(|patches| Compiled {
        executor: exec.id,
        qualname: exec
            .code
            .borrow()
            .upgrade()
            .map_or_else(|| "?".to_string(), |c| c.code.qualname.to_string()),
        offset: exec.offset(),
        uops: exec.uops.clone(),
        stencils: layout
            .stencils
            .iter()
            .map(|&i| stencil::STENCILS[i].name)
            .collect(),
        offsets: layout.offsets.clone(),
        runs: layout.runs.clone(),
        slow: layout.slow.clone(),
        patches,
        code: code.bytes().to_vec(),
        address: code.address(),
        nanos,
        patch_nanos,
    });
    Ok((
        Trace {
            code,
            nanos,
            patch_nanos,
        },
        record,
    ))
}

/// The addresses of the functions machine code calls.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn values() -> patch::Values {
    patch::Values {
        helper: memory::helper_address(),
        incref: memory::incref_address(),
        decref: memory::decref_address(),
    }
}

/// Without stencils nothing compiles.
#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
pub fn compile(_exec: &Executor, _record: bool) -> Result<(Trace, Option<Compiled>), CompileError> {
    Err(CompileError::NoStencils)
}

/// An executor's machine code.
pub struct Trace {
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    code: memory::Code,
    /// Time compiling it, and laying out, copying and patching alone (see [`JitStats`]).
    pub nanos: u64,
    pub patch_nanos: u64,
}

impl Trace {
    /// Bytes of machine code.
    pub fn size(&self) -> usize {
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        return self.code.bytes().len();
        #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
        0
    }

    /// Start address of the code (for the W^X test).
    pub fn address(&self) -> usize {
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        return self.code.address();
        #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
        0
    }
}

impl MachineCode for Trace {
    #[allow(unused_variables)]
    fn run(
        &self,
        vm: &mut Vm,
        f: &mut Box<Frame>,
        exec: &Executor,
        pending: &mut Option<PyErr>,
    ) -> usize {
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        {
            let (stub, iterations) = memory::enter(&self.code, vm, f, exec, pending);
            if iterations > 0 {
                exec.stats.borrow_mut().iterations += iterations;
            }
            stub
        }
        #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
        0
    }
}
