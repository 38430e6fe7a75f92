//! The only `unsafe` code of the workspace's JIT: executable memory, entering machine code,
//! and the helper that machine code calls back.
//!
//! ```text
//!   Mapping::new   pages RW- cut from a chunk (one mmap per 64 pages)
//!                  copy + patch the stencils (safe: a &mut [u8])
//!   seal           mprotect R-X   never writable again (W^X); the slice is gone
//!   enter          call the code as extern "C" fn(*mut JitState, *mut Slot) -> u64
//!   Drop           munmap of its pages
//! ```
//!
//! Each trace gets whole pages of its own, so sealing one never touches another's.
//!
//! Machine code pushes and pops on the frame's stack itself (`JitState::stack` and a stack
//! pointer in a register, which stencils write to `JitState::sp` before each helper call
//! and on leaving), so the frame's `Vec<Value>` length is stale while it runs. The length
//! is brought in line ([`sync_len`]) before the VM sees the frame (each helper call, and on
//! leaving), and the
//! VM's stack (which a helper may grow or shrink) is handed back to machine code after
//! each helper call ([`view`]).
//!
//! Invariant: a [`Code`] only exists after `seal`, so its pages are read-execute for its
//! whole life, and its bytes are a trace that `patch.rs` laid out completely (every jump
//! lands on the start of a stencil of the same trace; every stencil ends in a jump to the
//! next one, a jump elsewhere in the trace, or `ret`).

#![allow(unsafe_code)]

mod layout;

pub use layout::layout;

use std::ffi::c_void;

use tracer::backend::state::{Regs, Slot};
use tracer::backend::{outcome, JitState};
use tracer::exceptions::PyErr;
use tracer::executor::Executor;
use tracer::frame::Frame;
use tracer::value::Value;
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
    thread_local! {
        static PAGE: usize = {
            // SAFETY: sysconf has no preconditions; it only reads a constant of the system.
            let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
            usize::try_from(size).unwrap_or(4096).max(1)
        };
    }
    PAGE.with(|p| *p)
}

/// Pages are reserved from the system this many at a time (one `mmap` for many traces).
const CHUNK_PAGES: usize = 64;

thread_local! {
    /// The unused rest of the last chunk: read-write pages owned by no `Mapping` yet.
    static CHUNK: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// Maps `bytes` (whole pages) read-write at an address the kernel chooses.
fn map(bytes: usize) -> Option<*mut u8> {
    // SAFETY: an anonymous private mapping at an address the kernel chooses touches no
    // existing memory; the result is checked against MAP_FAILED before any use.
    let ptr = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            bytes,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    (ptr != libc::MAP_FAILED).then_some(ptr.cast())
}

/// Unmaps `bytes` (whole pages) at `ptr`.
///
/// # Safety
/// The pages must be mapped, owned by the caller, and referenced by nothing afterwards.
unsafe fn unmap(ptr: *mut u8, bytes: usize) {
    debug_assert!(bytes > 0 && bytes.is_multiple_of(page_size()));
    // SAFETY: the caller owns these whole pages; unmapping part of a larger mapping is
    // allowed and leaves the rest mapped.
    unsafe { libc::munmap(ptr.cast(), bytes) };
}

impl Mapping {
    /// `len` bytes of read-write pages (`None` when the system refuses): cut from the
    /// current chunk, or from a new one when it is too small (its rest is unmapped).
    pub fn new(len: usize) -> Option<Mapping> {
        let page = page_size();
        let mapped = len.max(1).div_ceil(page) * page;
        let (mut at, mut rest) = CHUNK.with(|c| c.get());
        if rest < mapped {
            if rest > 0 {
                // SAFETY: `at..at + rest` are the chunk's whole pages that no mapping owns.
                unsafe { unmap(at as *mut u8, rest) };
            }
            let size = mapped.max(CHUNK_PAGES * page);
            at = map(size).inspect(|_| CHUNK.with(|c| c.set((0, 0))))? as usize;
            rest = size;
        }
        CHUNK.with(|c| c.set((at + mapped, rest - mapped)));
        let mut mapping = Mapping {
            ptr: at as *mut u8,
            len,
            mapped,
        };
        // Touch every page now: the kernel provides fresh pages on the first write (a page
        // fault each), which is the cost of getting memory, not of copying and patching.
        for byte in mapping.bytes().iter_mut().step_by(page) {
            *byte = 0;
        }
        Some(mapping)
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
        // SAFETY: the pages are owned by `self` and unmapped only here, once.
        unsafe { unmap(self.ptr, self.mapped) };
    }
}

impl Drop for Code {
    fn drop(&mut self) {
        LIVE.with(|n| n.set(n.get() - 1));
        // SAFETY: the pages are owned by `self` and unmapped only here, once; no trace runs
        // them any more: running code borrows its executor, which owns this `Code`.
        unsafe { unmap(self.ptr, self.mapped) };
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
/// helper's `&mut Box<Frame>` never overlap in time. `frame` is the place holding the
/// running frame's box: a helper that pushes or pops a frame puts another box there.
struct Context {
    vm: *mut Vm,
    frame: *mut Box<Frame>,
    exec: *const Executor,
    pending: *mut Option<PyErr>,
}

/// Runs `code` (a sealed trace of `exec`) on `f`; returns the stub index it stopped at and
/// the `_JUMP_TO_TOP`s it took.
pub fn enter(
    code: &Code,
    vm: &mut Vm,
    f: &mut Box<Frame>,
    exec: &Executor,
    pending: &mut Option<PyErr>,
) -> (usize, u64) {
    let (stack, sp, capacity) = view(f);
    let frame: *mut Box<Frame> = f;
    let mut context = Context {
        vm,
        frame,
        exec,
        pending,
    };
    let mut state = JitState {
        context: (&raw mut context).cast::<c_void>(),
        // SAFETY: `frame` comes from a live `&mut Box<Frame>` that is not used again in
        // this function; only the address of a field of the boxed frame is taken.
        instr: unsafe { &raw mut (*frame).instr },
        iterations: 0,
        stack,
        sp,
        capacity,
        limit: stack.wrapping_add(capacity),
        // `compile` made no code without it, so it is known here.
        layout: layout().copied().unwrap_or_default(),
        globals: globals_of(f),
    };
    debug_assert!(code.len > 0 && layout().is_some());
    // SAFETY: `code` is a sealed trace laid out by patch.rs for `exec` (the Code invariant):
    // its entry is a function of this signature that returns only with a stub index (a
    // `leave` stencil, or a `helper` stencil passing on `call_uop`'s answer), with the stack
    // as it found it; the calls it makes are to `call_uop` with the `state` passed here,
    // which stays alive and unmoved until it returns, and to `decref` with the words of a
    // heap value taken off the frame's stack whose count is 1. It reads and writes
    // iterators, lists and instances on that stack at the offsets of `layout()` (measured on
    // real values of the same types) without a `RefCell` borrow: none is held while the
    // trace runs, since the VM is inside `MachineCode::run` and every helper releases its
    // borrows before it returns. It raises and lowers (never to 0) the strong count of heap
    // values at `layout().strong`, the `Rc` count `Clone`/`Drop` change, measured on several
    // kinds; `Rc` is not thread-safe and this thread is the only one running. It reads the
    // running frame's globals dict and a module's dict (never writes them) at the offsets of
    // `layout()` (measured on a real module and dict), only after their keys version
    // matched a nonzero version given out when the entry index was cached: no key was
    // added or removed since (tracer's `Dict` sets the version to 0 on any such change), so
    // the index is inside the entries.
    let entry: extern "C" fn(*mut JitState, *mut Slot) -> u64 =
        unsafe { std::mem::transmute(code.ptr) };
    // The stack pointer machine code keeps in a register: one past the top value.
    let top = stack.wrapping_add(sp);
    let stub = entry(&raw mut state, top);
    // SAFETY: `frame` is still the live, unaliased frame (the code has returned and keeps no
    // pointer); `state.sp` counts the values machine code and helpers left on its stack.
    sync_len(unsafe { &mut *frame }, &state);
    (stub as usize, state.iterations)
}

/// The frame's stack as machine code sees it: (buffer, length, capacity).
fn view(f: &mut Frame) -> (*mut Slot, usize, usize) {
    (
        f.stack.as_mut_ptr().cast::<Slot>(),
        f.stack.len(),
        f.stack.capacity(),
    )
}

/// Sets the frame's stack length to the `sp` machine code kept.
fn sync_len(f: &mut Frame, state: &JitState) {
    debug_assert!(state.sp <= f.stack.capacity());
    debug_assert!(std::ptr::eq(state.stack, f.stack.as_ptr().cast::<Slot>()));
    // SAFETY: `state.stack` is this `Vec`'s buffer (checked above: stencils never move it,
    // and every helper call refreshes it) and `sp <= capacity`. Slots below `sp` hold
    // values: those the VM left (below the length it last reported), or ones machine code
    // wrote there: copies of immediate `Value`s (no reference count: a bitwise copy is a
    // valid clone), copies of heap values after their strong count was raised, or values
    // moved (the slot they came from is no longer counted, above the new `sp` or
    // overwritten). Slots dropped by lowering `sp` held immediates, moved-out values or
    // values handed to `decref`, so nothing leaks and nothing is dropped twice.
    unsafe { f.stack.set_len(state.sp) };
}

/// The helper (`_JIT_HELPER`): runs `count` uops of the running executor from `first` in
/// the VM, as the uop interpreter's loop would; answers `outcome::IN_TRACE` when all went
/// on, else the index of the stub the failing uop goes to (`jump_target` or
/// `error_target`), where the uop interpreter takes over.
pub extern "C" fn call_uop(state: *mut JitState, first: u64, count: u64) -> u64 {
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
    let (first, count) = (first as usize, count as usize);
    debug_assert!(count > 0 && first + count <= exec.uops.len());
    // SAFETY: `state` is live for the whole call (see above) and no reference to it exists
    // besides this one: machine code waits for the helper.
    let state = unsafe { &mut *state };
    sync_len(frame, state);
    let mut answer = outcome::IN_TRACE;
    for index in first..first + count {
        let result = vm.backend_step(frame, exec, index, pending);
        if result != outcome::CONTINUE {
            let inst = &exec.uops[index];
            let stub = if result == outcome::JUMP {
                inst.jump_target
            } else {
                inst.error_target
            };
            answer = u64::from(stub);
            break;
        }
    }
    (state.stack, state.sp, state.capacity) = view(frame);
    state.limit = state.stack.wrapping_add(state.capacity);
    // A helper that pushed or popped a frame left another box in `*frame`: `_SET_IP`
    // stencils must write the running frame's `instr`, never the old one's (which may be
    // freed by now).
    state.instr = &raw mut frame.instr;
    state.globals = globals_of(frame);
    answer
}

/// The address of the frame's globals `Dict` (`JitState::globals`), which the
/// `LOAD_GLOBAL_MODULE` stencils read without a `RefCell` borrow (none is held while a
/// trace runs: see [`enter`]).
fn globals_of(f: &Frame) -> *const c_void {
    std::cell::RefCell::as_ptr(&f.globals).cast_const().cast()
}

/// The helper's address, patched into `_JIT_HELPER` holes.
pub fn helper_address() -> u64 {
    call_uop as extern "C" fn(*mut JitState, u64, u64) -> u64 as usize as u64
}

/// `_JIT_INCREF`: adds a reference to the value whose two words are `tag` and `payload`
/// (a heap value on the frame's stack that machine code is about to copy); returns `state`
/// and `sp` untouched (the stencil needs them afterwards and so keeps them in no register).
/// No stencil of this build calls it any more (they raise counts inline); it stays while
/// the notebook's and the exercises' hole tables still name `_JIT_INCREF`.
pub extern "C" fn incref(state: *mut JitState, sp: *mut Slot, tag: u64, payload: u64) -> Regs {
    let words = Slot { tag, payload };
    debug_assert!(
        !tracer::backend::state::value::is_immediate(tag),
        "an immediate value (tag {tag}, payload {payload:#x}) reached a reference-count helper"
    );
    // SAFETY: machine code passes the words of a live `Value` slot of the frame's stack
    // (below `sp`), so they are a valid `Value` (`repr(u64)`: tag word, then payload word;
    // `Slot` is two `u64`s, same size and alignment). The `ManuallyDrop` keeps this
    // bitwise copy from dropping what the slot still owns; the clone's reference is leaked
    // into the copy machine code writes next.
    let value = std::mem::ManuallyDrop::new(unsafe { std::mem::transmute::<Slot, Value>(words) });
    std::mem::forget(Value::clone(&value));
    Regs { state, sp }
}

/// `_JIT_DECREF`: drops the value whose two words are `tag` and `payload` (a heap value
/// machine code took off the frame's stack: popped, or overwritten in a local); returns
/// `state` and `sp` untouched.
pub extern "C" fn decref(state: *mut JitState, sp: *mut Slot, tag: u64, payload: u64) -> Regs {
    let words = Slot { tag, payload };
    debug_assert!(
        !tracer::backend::state::value::is_immediate(tag),
        "an immediate value (tag {tag}, payload {payload:#x}) reached a reference-count helper"
    );
    // SAFETY: machine code passes the words of a `Value` it removed from the frame's stack
    // (the slot is above `sp` or was overwritten), so this is its only owner now: rebuilding
    // and dropping it drops it exactly once. Dropping a `Value` runs no Python code (no
    // `Drop` impl in tracer calls back into the VM), so the stale frame length is not seen.
    drop(unsafe { std::mem::transmute::<Slot, Value>(words) });
    Regs { state, sp }
}

/// The two words of `v` as machine code sees them: the tag, and the payload word (for a
/// heap value the `Rc`'s pointer). For patching a heap constant into a trace.
pub fn value_words(v: &Value) -> (u64, u64) {
    let p = std::ptr::from_ref(v).cast::<u64>();
    debug_assert!(p.is_aligned() && v.immediate_words().is_none());
    // SAFETY: `v` is a live `Value`, 16 bytes aligned to 8 (`repr(u64)`, asserted in
    // tracer's value.rs); its tag word is always initialized, and the payload word of a heap
    // variant (the only kind passed here) is its `Rc` pointer, initialized too.
    unsafe { (p.read(), p.add(1).read()) }
}

/// `incref`'s address, patched into `_JIT_INCREF` holes.
pub fn incref_address() -> u64 {
    incref as extern "C" fn(*mut JitState, *mut Slot, u64, u64) -> Regs as usize as u64
}

/// `decref`'s address, patched into `_JIT_DECREF` holes.
pub fn decref_address() -> u64 {
    decref as extern "C" fn(*mut JitState, *mut Slot, u64, u64) -> Regs as usize as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer::backend::state::value::tag;

    /// The words machine code reads, read from real `Value`s.
    fn words(v: &Value) -> (u64, u64) {
        let p = std::ptr::from_ref(v).cast::<u64>();
        debug_assert!(p.is_aligned());
        // SAFETY: a `Value` is two initialized-tag words (`repr(u64)`): the tag word is
        // always initialized, and the payload word is for the variants read here (`Int`,
        // `Float`: a full word; heap variants: a pointer).
        unsafe { (p.read(), p.add(1).read()) }
    }

    #[test]
    fn value_layout_is_what_stencils_read() {
        assert_eq!(words(&Value::Int(-7)), (tag::INT, -7i64 as u64));
        assert_eq!(words(&Value::Float(2.5)), (tag::FLOAT, 2.5f64.to_bits()));
        let s = Value::str("x");
        assert_eq!(words(&s).0, tag::FIRST_HEAP);
        for v in [Value::Null, Value::None, Value::Bool(true), Value::Int(3)] {
            let p = std::ptr::from_ref(&v).cast::<u64>();
            // SAFETY: the tag word of any `Value` is initialized.
            let t = unsafe { p.read() };
            assert_eq!(Some(t), v.immediate_words().map(|w| w.0));
        }
        let b = Value::Bool(true);
        // SAFETY: a `Bool`'s payload byte (offset 8) is initialized.
        let byte = unsafe { std::ptr::from_ref(&b).cast::<u8>().add(8).read() };
        assert_eq!(byte, 1);
    }

    #[test]
    fn incref_and_decref_balance() {
        let s = Value::str("shared");
        let (t, p) = words(&s);
        let count = || match &s {
            Value::Str(rc) => std::rc::Rc::strong_count(rc),
            _ => 0,
        };
        let (state, sp) = (std::ptr::null_mut(), std::ptr::null_mut());
        let back = incref(state, sp, t, p);
        assert_eq!((back.state, back.sp), (state, sp));
        assert_eq!(count(), 2);
        // The copy machine code would make now owns the new reference: drop it.
        decref(state, sp, t, p);
        assert_eq!(count(), 1);
    }
}
