//! The only `unsafe` code of the workspace's JIT: executable memory, entering machine code,
//! and the helper that machine code calls back.
//!
//! ```text
//!   Mapping::new   mmap  RW-   copy + patch the stencils (safe: a &mut [u8])
//!   seal           mprotect R-X   never writable again (W^X); the slice is gone
//!   enter          call the code as extern "C" fn(*mut JitState) -> u64
//!   Drop           munmap
//! ```
//!
//! Invariant: a [`Code`] only exists after `seal`, so its pages are read-execute for its
//! whole life, and its bytes are a trace that `patch.rs` laid out completely (every jump
//! lands on the start of a stencil of the same trace; every stencil ends in a jump to the
//! next one, a jump elsewhere in the trace, or `ret`).

#![allow(unsafe_code)]

use std::ffi::c_void;

use tracer::backend::JitState;
use tracer::exceptions::PyErr;
use tracer::executor::Executor;
use tracer::frame::Frame;
use tracer::vm::Vm;

/// Memory being filled: mapped read-write, not executable.
pub struct Mapping {
    ptr: *mut u8,
    /// Bytes usable by the caller.
    len: usize,
    /// Bytes mapped (`len` rounded up to pages, at least one page).
    mapped: usize,
}

/// Sealed machine code: read-execute, unmapped on drop.
pub struct Code {
    ptr: *mut u8,
    len: usize,
    mapped: usize,
}

thread_local! {
    /// Sealed code mappings alive on this thread (for tests and stats: code is freed).
    static LIVE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many compiled traces are mapped on this thread right now.
pub fn live_code() -> usize {
    LIVE.with(|n| n.get())
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions; it only reads a constant of the system.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size).unwrap_or(4096).max(1)
}

impl Mapping {
    /// Maps `len` bytes read-write (`None` when the system refuses).
    pub fn new(len: usize) -> Option<Mapping> {
        let page = page_size();
        let mapped = len.max(1).div_ceil(page) * page;
        // SAFETY: an anonymous private mapping at an address the kernel chooses touches no
        // existing memory; the result is checked against MAP_FAILED before any use.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                mapped,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        Some(Mapping {
            ptr: ptr.cast(),
            len,
            mapped,
        })
    }

    /// The writable bytes.
    pub fn bytes(&mut self) -> &mut [u8] {
        // SAFETY: `ptr` is a live read-write mapping of `mapped >= len` bytes owned by
        // `self`; the `&mut self` borrow makes this the only reference to it.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    /// Makes the memory read-execute (never writable again) and returns it as code.
    pub fn seal(self) -> Option<Code> {
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: `ptr`/`mapped` describe exactly the mapping `new` made; no slice into it
        // outlives `self` (bytes() borrows self), so nothing can write it after this.
        let ok = unsafe {
            libc::mprotect(
                this.ptr.cast(),
                this.mapped,
                libc::PROT_READ | libc::PROT_EXEC,
            )
        };
        let code = Code {
            ptr: this.ptr,
            len: this.len,
            mapped: this.mapped,
        };
        LIVE.with(|n| n.set(n.get() + 1));
        // On failure `code` is dropped here and unmaps the memory.
        (ok == 0).then_some(code)
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: the mapping is owned by `self` and unmapped only here, once.
        unsafe { libc::munmap(self.ptr.cast(), self.mapped) };
    }
}

impl Drop for Code {
    fn drop(&mut self) {
        LIVE.with(|n| n.set(n.get() - 1));
        // SAFETY: the mapping is owned by `self` and unmapped only here, once; no trace runs
        // it any more: running code borrows its executor, which owns this `Code`.
        unsafe { libc::munmap(self.ptr.cast(), self.mapped) };
    }
}

impl Code {
    /// The start address (for views and tests).
    pub fn address(&self) -> usize {
        self.ptr as usize
    }

    /// The code's bytes (readable: the mapping is read-execute).
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` is a live readable mapping of at least `len` bytes owned by `self`,
        // and nothing writes it after `seal`.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

/// What the helper needs to run a uop: the arguments of [`tracer::backend::MachineCode::run`]
/// as raw pointers, so that the machine code's writes through `JitState::instr` and the
/// helper's `&mut Frame` never overlap in time.
struct Context {
    vm: *mut Vm,
    frame: *mut Frame,
    exec: *const Executor,
    pending: *mut Option<PyErr>,
}

/// Runs `code` (a sealed trace of `exec`) on `f`; returns the stub index it stopped at and
/// the `_JUMP_TO_TOP`s it took.
pub fn enter(
    code: &Code,
    vm: &mut Vm,
    f: &mut Frame,
    exec: &Executor,
    pending: &mut Option<PyErr>,
) -> (usize, u64) {
    let frame: *mut Frame = f;
    let mut context = Context {
        vm,
        frame,
        exec,
        pending,
    };
    let mut state = JitState {
        context: (&raw mut context).cast::<c_void>(),
        // SAFETY: `frame` comes from a live `&mut Frame` that is not used again in this
        // function; only the address of a field is taken.
        instr: unsafe { &raw mut (*frame).instr },
        iterations: 0,
    };
    debug_assert!(code.len > 0);
    // SAFETY: `code` is a sealed trace laid out by patch.rs for `exec` (the Code invariant):
    // its entry is a function of this signature that returns only through a `leave` stencil
    // (`ret` with the stack as it found it), and every call it makes is to `call_uop` with
    // the `state` passed here, which stays alive and unmoved until it returns.
    let entry: extern "C" fn(*mut JitState) -> u64 = unsafe { std::mem::transmute(code.ptr) };
    let stub = entry(&raw mut state);
    (stub as usize, state.iterations)
}

/// The helper (`_JIT_HELPER`): runs uop `index` of the running executor in the VM.
pub extern "C" fn call_uop(state: *mut JitState, index: u64) -> u64 {
    // SAFETY: machine code calls this only with the `state` that `enter` built on its
    // stack, whose `context` points to the `Context` in the same frame; its pointers come
    // from `&mut`/`&` references that `enter` holds and does not use while the code runs,
    // and no other reference to them is live during this call (the machine code keeps
    // none, and `instr` is written only between helper calls).
    let context = unsafe { &*(*state).context.cast::<Context>() };
    debug_assert!(!context.vm.is_null() && !context.frame.is_null());
    // SAFETY: as above: each pointer is valid, aligned and unaliased for this call.
    let (vm, frame, exec, pending) = unsafe {
        (
            &mut *context.vm,
            &mut *context.frame,
            &*context.exec,
            &mut *context.pending,
        )
    };
    debug_assert!((index as usize) < exec.uops.len());
    vm.backend_step(frame, exec, index as usize, pending)
}

/// The helper's address, patched into `_JIT_HELPER` holes.
pub fn helper_address() -> u64 {
    call_uop as extern "C" fn(*mut JitState, u64) -> u64 as usize as u64
}
