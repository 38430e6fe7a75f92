//! The only `unsafe` code of the workspace's JIT: executable memory, entering machine code,
//! and the helper that machine code calls back.
//!
//! ```text
//!   Mapping::new   pages RW- from the thread's arena (chunks of 64 pages, one mmap each;
//!                  a dropped trace's pages come back)
//!                  copy + patch the stencils (safe: a &mut [u8])
//!   seal           mprotect R-X   never writable again (W^X); the slice is gone
//!   enter          call the code as extern "C" fn(*mut JitState, *mut Slot) -> u64
//!   Drop           its pages go back to the arena (still R-X until reused: no syscall)
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

/// Pages are mapped from the system this many at a time (one `mmap` for many traces).
const CHUNK_PAGES: usize = 64;

/// Freed pages are made read-write again once this many have gathered (or no untouched piece
/// is big enough): one `mprotect` for many, where making each freed trace's pages read-write
/// for the next compilation cost `benches/compile.rs` a second `mprotect` per trace (82 ns
/// per uop against 61).
const RECYCLE_PAGES: usize = 16;

/// The pages this thread's traces are cut from (a code arena): chunks mapped once and never
/// unmapped, handed out as page-aligned pieces, and taken back when a trace is dropped.
///
/// Why: a compilation used to get fresh pages (a page fault on the first write of each) and
/// a dropped trace unmapped its own (`munmap`: one more system call); `explain run --jit
/// --stats` and `benches/compile.rs` showed those costing several times the copying and
/// patching. Now a dropped trace's pages go back to `freed` without a system call; a
/// compilation takes pages that were written before (`recycled`: no page fault) if any are
/// big enough, else, once enough have gathered ([`RECYCLE_PAGES`]), first makes all of
/// `freed` read-write again (one `mprotect` per run of adjacent pieces) and tries again,
/// and only then touches pages never written (`untouched`). Measured in one session:
/// `benches/compile.rs` (compile, drop, again) 146 -> 56 ns per uop; `explain run --jit
/// --stats` on nbody (every compilation a first one, 10 of 15 executors invalidated) 76 -> 70
/// ns per uop (making freed pages read-write at every compilation gave 63 there but 82 in the
/// bench: a second `mprotect` per trace). Mapping chunks with `MAP_POPULATE` instead of
/// touching pages one by one made the nbody run slower (85): it faults in pages no trace
/// uses.
///
/// W^X holds throughout: a piece in `recycled` or `untouched` is read-write and belongs to
/// no trace; a piece in `freed` is still read-execute (its stale code is never run: no trace
/// points into it) until it is made read-write again, and none is ever both.
#[derive(Default)]
struct Arena {
    /// Read-write pages no trace owns, written before: (address, bytes), whole pages.
    recycled: Vec<(usize, usize)>,
    /// Read-write pages never written (the rest of the chunks): (address, bytes).
    untouched: Vec<(usize, usize)>,
    /// Pages of dropped traces, still read-execute: (address, bytes), whole pages.
    freed: Vec<(usize, usize)>,
}

thread_local! {
    static ARENA: std::cell::RefCell<Arena> = std::cell::RefCell::default();
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

/// Sets the permissions of `bytes` (whole pages) at `at`; false when the system refuses.
///
/// # Safety
/// The pages must be mapped and owned by the caller (the arena or one `Mapping`/`Code`), and
/// nothing may hold a reference into them that the new permissions would break.
unsafe fn protect(at: usize, bytes: usize, prot: libc::c_int) -> bool {
    debug_assert!(bytes > 0 && bytes.is_multiple_of(page_size()) && at.is_multiple_of(page_size()));
    // SAFETY: the caller owns these whole pages and holds no reference the change breaks.
    unsafe { libc::mprotect(at as *mut libc::c_void, bytes, prot) == 0 }
}

/// Sorts `pieces` by address and joins the adjacent ones.
fn coalesce(pieces: &mut Vec<(usize, usize)>) {
    pieces.sort_unstable();
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(pieces.len());
    for &(at, bytes) in pieces.iter() {
        match joined.last_mut() {
            Some(last) if last.0 + last.1 == at => last.1 += bytes,
            _ => joined.push((at, bytes)),
        }
    }
    *pieces = joined;
}

impl Arena {
    /// `bytes` (whole pages) of read-write pages owned by no one else, or `None`.
    fn take(&mut self, bytes: usize) -> Option<usize> {
        if let Some(at) = cut(&mut self.recycled, bytes) {
            return Some(at);
        }
        let freed: usize = self.freed.iter().map(|&(_, len)| len).sum();
        let untouched_fits = self.untouched.iter().any(|&(_, len)| len >= bytes);
        if freed >= RECYCLE_PAGES * page_size() || (freed > 0 && !untouched_fits) {
            coalesce(&mut self.freed);
            for (at, len) in std::mem::take(&mut self.freed) {
                // SAFETY: the arena owns the freed pieces (their `Code` is gone) and nothing
                // refers to them: no trace's code jumps into another trace's pages.
                if unsafe { protect(at, len, libc::PROT_READ | libc::PROT_WRITE) } {
                    self.recycled.push((at, len));
                }
            }
            coalesce(&mut self.recycled);
            if let Some(at) = cut(&mut self.recycled, bytes) {
                return Some(at);
            }
        }
        if let Some(at) = cut(&mut self.untouched, bytes) {
            return Some(at);
        }
        let size = bytes.max(CHUNK_PAGES * page_size());
        let at = map(size)? as usize;
        self.untouched.push((at, size));
        cut(&mut self.untouched, bytes)
    }
}

/// Cuts `bytes` from the front of the first piece of `pieces` big enough.
fn cut(pieces: &mut Vec<(usize, usize)>, bytes: usize) -> Option<usize> {
    let i = pieces.iter().position(|&(_, len)| len >= bytes)?;
    let (at, len) = pieces[i];
    if len == bytes {
        pieces.swap_remove(i);
    } else {
        pieces[i] = (at + bytes, len - bytes);
    }
    Some(at)
}

impl Mapping {
    /// `len` bytes of read-write pages (`None` when the system refuses), from this thread's
    /// arena ([`Arena`]).
    pub fn new(len: usize) -> Option<Mapping> {
        let page = page_size();
        let mapped = len.max(1).div_ceil(page) * page;
        let at = ARENA.with(|a| a.borrow_mut().take(mapped))?;
        let mut mapping = Mapping {
            ptr: at as *mut u8,
            len,
            mapped,
        };
        // Touch every page now: the kernel provides a fresh page on its first write (a page
        // fault each), which is the cost of getting memory, not of copying and patching. (A
        // reused piece is already there: no fault.)
        for byte in mapping.bytes().iter_mut().step_by(page) {
            *byte = 0;
        }
        Some(mapping)
    }

    /// The writable bytes.
    pub fn bytes(&mut self) -> &mut [u8] {
        debug_assert!(self.len <= self.mapped);
        // SAFETY: `ptr` is a live read-write mapping of `mapped >= len` bytes owned by
        // `self`; the `&mut self` borrow makes this the only reference to it.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    /// Makes the memory read-execute (never writable again) and returns it as code.
    pub fn seal(self) -> Option<Code> {
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: `ptr`/`mapped` are the whole pages `new` took from the arena for `self`;
        // no slice into them outlives `self` (bytes() borrows self), so nothing can write
        // them after this.
        let ok = unsafe {
            protect(
                this.ptr as usize,
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
        // On failure `code` is dropped here and its pages go back to the arena.
        ok.then_some(code)
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // Never sealed: the pages are still read-write (and were written: `new` touched
        // them), ready for the next trace.
        let piece = (self.ptr as usize, self.mapped);
        let _ = ARENA.try_with(|a| a.borrow_mut().recycled.push(piece));
    }
}

impl Drop for Code {
    fn drop(&mut self) {
        LIVE.with(|n| n.set(n.get() - 1));
        // No trace runs these pages any more (running code borrows its executor, which owns
        // this `Code`): back to the arena, still read-execute, with no system call. (At the
        // thread's end the arena is gone, and the pages stay mapped until the process ends.)
        let piece = (self.ptr as usize, self.mapped);
        let _ = ARENA.try_with(|a| a.borrow_mut().freed.push(piece));
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
        func_version: func_version_of(f),
        counting_guards: u64::from(vm.options.stats),
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
    let (result, index) = vm.backend_run(frame, exec, first, first + count, pending);
    let answer = if result == outcome::CONTINUE {
        outcome::IN_TRACE
    } else {
        let inst = &exec.uops[index];
        u64::from(if result == outcome::JUMP {
            inst.jump_target
        } else {
            inst.error_target
        })
    };
    (state.stack, state.sp, state.capacity) = view(frame);
    state.limit = state.stack.wrapping_add(state.capacity);
    // A helper that pushed or popped a frame left another box in `*frame`: `_SET_IP`
    // stencils must write the running frame's `instr`, never the old one's (which may be
    // freed by now).
    state.instr = &raw mut frame.instr;
    state.globals = globals_of(frame);
    state.func_version = func_version_of(frame);
    answer
}

/// Where the frame's function keeps its version (`JitState::func_version`), or a 0 for a
/// frame without a function (module code), as `Vm::function_version_matches` reads it.
fn func_version_of(f: &Frame) -> *const u32 {
    static NO_FUNCTION: u32 = 0;
    f.func.as_ref().map_or(&raw const NO_FUNCTION, |func| {
        func.version.as_ptr().cast_const()
    })
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
        assert_eq!(words(&Value::float(2.5)), (tag::FLOAT, 2.5f64.to_bits()));
        let s = Value::str("x");
        assert_eq!(words(&s).0, tag::FIRST_HEAP);
        for v in [Value::Null, Value::None, Value::bool(true), Value::Int(3)] {
            let p = std::ptr::from_ref(&v).cast::<u64>();
            // SAFETY: the tag word of any `Value` is initialized.
            let t = unsafe { p.read() };
            assert_eq!(Some(t), v.immediate_words().map(|w| w.0));
        }
        let b = Value::bool(true);
        // SAFETY: a `Bool`'s payload byte (offset 8) is initialized.
        let byte = unsafe { std::ptr::from_ref(&b).cast::<u8>().add(8).read() };
        assert_eq!(byte, 1);
    }

    /// The permissions (`r-xp`) of the mapping containing `address`, from /proc/self/maps.
    fn permissions(address: usize) -> String {
        let maps = std::fs::read_to_string("/proc/self/maps").expect("read /proc/self/maps");
        maps.lines()
            .find_map(|line| {
                let mut words = line.split_whitespace();
                let (lo, hi) = words.next()?.split_once('-')?;
                let lo = usize::from_str_radix(lo, 16).ok()?;
                let hi = usize::from_str_radix(hi, 16).ok()?;
                (lo <= address && address < hi).then(|| words.next().map(str::to_string))?
            })
            .unwrap_or_default()
    }

    #[test]
    fn freed_pieces_are_reused_and_never_writable_and_executable() {
        // A thread of its own: a fresh arena, whatever ran on this one before.
        std::thread::spawn(|| {
            let page = page_size();
            let mut first = Mapping::new(3 * page).expect("pages");
            let at = first.ptr as usize;
            assert_eq!(permissions(at), "rw-p");
            first.bytes().fill(0xC3);
            let code = first.seal().expect("sealed");
            assert_eq!(permissions(at), "r-xp");
            // A second trace comes from the rest of the chunk, after the first.
            let second = Mapping::new(page).expect("pages").seal().expect("sealed");
            assert_eq!(second.address(), at + 3 * page);
            drop(code);
            // Dropped: back to the arena, no system call, so still read-execute.
            assert_eq!(permissions(at), "r-xp");
            // 62 pages: no untouched piece is that big (the chunk's rest is 60), so the
            // freed 3 pages are made read-write again first (the second trace keeps its page,
            // read-execute)...
            let mut big = Mapping::new((CHUNK_PAGES - 2) * page).expect("pages");
            assert_eq!(permissions(at), "rw-p");
            assert_eq!(permissions(at + 3 * page), "r-xp");
            // ... but neither they nor the chunk's rest (60 pages, not adjacent to them) hold
            // 62 pages: a new chunk does.
            assert_ne!(big.ptr as usize, at);
            big.bytes()[0] = 1;
            drop(big);
            // 2 pages fit in the recycled piece: the same address.
            let mut again = Mapping::new(2 * page).expect("pages");
            assert_eq!(again.ptr as usize, at);
            assert_eq!(permissions(at), "rw-p");
            again.bytes().fill(0xC3);
            assert_eq!(again.bytes()[0], 0xC3);
            let code = again.seal().expect("sealed");
            assert_eq!(permissions(at), "r-xp");
            assert_eq!(code.bytes()[2 * page - 1], 0xC3);
            let maps = std::fs::read_to_string("/proc/self/maps").expect("maps");
            assert!(!maps
                .lines()
                .any(|l| l.split_whitespace().nth(1) == Some("rwxp")));
            drop((code, second));
        })
        .join()
        .expect("the test thread");
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
