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
//!   executor uops                 stencils (build time)        machine code (run time)
//!   0 _START_EXECUTOR    -------> check_validity  --copy-->  movabs rax, &valid; cmp; jcc stub
//!   1 _LOAD_FAST_1       -------> helper          --copy-->  movabs rax, call_uop; movabs rsi, 1
//!                                                            call rax; cmp; jcc stub ...
//!   ...                                                      ...
//!   6 _JUMP_TO_TOP       -------> jump_to_top     --copy-->  inc [rdi+16]; jmp uop 1
//!   7 _EXIT_TRACE        -------> leave           --copy-->  movabs rax, 7; ret
//! ```
//!
//! The machine code leaves exactly where the uop interpreter would: stubs return their index
//! and the uop interpreter runs them (exits, deopts, errors, side-trace linking), so tier 2
//! can mix compiled and interpreted executors. Only x86_64 Linux has stencils; elsewhere
//! [`Jit`] declines every executor and [`NOTICE`] says so. `unsafe` lives in `memory.rs` only.

mod patch;
pub mod stencil;
pub mod teach;

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
mod memory;

/// The compile-speed yardstick (optional feature `cranelift`; see `benches/compile.rs`).
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
    /// Byte offset of each uop's code (plus the total at the end).
    pub offsets: Vec<usize>,
    /// Every hole patched, in order.
    pub patches: Vec<Patch>,
    /// The finished code.
    pub code: Vec<u8>,
    /// Where it was mapped.
    pub address: usize,
    /// Time to lay out, copy, patch and seal.
    pub nanos: u64,
}

/// Counters over a VM's run.
#[derive(Clone, Debug, Default)]
pub struct JitStats {
    pub compiled: u64,
    pub declined: u64,
    pub uops: u64,
    pub code_bytes: u64,
    pub nanos: u64,
}

/// The copy-and-patch backend.
#[derive(Default)]
pub struct Jit {
    pub stats: RefCell<JitStats>,
    /// When set, each compilation is recorded here.
    pub record: Option<Rc<RefCell<Vec<Compiled>>>>,
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
        let started = Instant::now();
        let recording = self.record.is_some();
        match compile(exec, recording) {
            Ok((trace, record)) => {
                let nanos = started.elapsed().as_nanos() as u64;
                let mut stats = self.stats.borrow_mut();
                stats.compiled += 1;
                stats.uops += exec.uops.len() as u64;
                stats.code_bytes += trace.size() as u64;
                stats.nanos += nanos;
                if let (Some(log), Some(mut record)) = (&self.record, record) {
                    record.nanos = nanos;
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
    let layout = patch::Layout::new(exec)?;
    let mut mapping = memory::Mapping::new(layout.size()).ok_or(CompileError::NoMemory)?;
    let values = patch::Values {
        helper: memory::helper_address(),
    };
    let mut patches = record.then(Vec::new);
    patch::patch_into(mapping.bytes(), exec, &layout, &values, patches.as_mut());
    let code = mapping.seal().ok_or(CompileError::NoMemory)?;
    let record = patches.map(|patches| Compiled {
        executor: exec.id,
        qualname: exec
            .code
            .borrow()
            .upgrade()
            .map_or_else(|| "?".to_string(), |c| c.code.qualname.to_string()),
        offset: exec.offset(),
        uops: exec.uops.clone(),
        stencils: layout.stencils.iter().map(|s| s.name).collect(),
        offsets: layout.offsets.clone(),
        patches,
        code: code.bytes().to_vec(),
        address: code.address(),
        nanos: 0,
    });
    Ok((Trace { code }, record))
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
        f: &mut Frame,
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
