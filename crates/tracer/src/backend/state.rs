//! The one `#[repr(C)]` description of a running trace that machine code may read and write.
//!
//! This file is compiled twice: into `tracer` (as `backend::state`) and, unchanged, into the
//! standalone `no_std` stencil source of `stencil-jit` (through `#[path]`), so the stencils
//! and the VM agree on every field offset by construction. It may only use `core`.
//!
//! ```text
//!   JitState            written by            read by
//!   context    ------>  the backend           helpers (the VM behind an opaque pointer)
//!   instr      ------>  the backend           _SET_IP stencils store the operand through it
//!   iterations          _JUMP_TO_TOP          the backend adds it to the executor's stats
//!   stack      ------>  the backend/helpers   stencils: the frame's localsplus + eval stack
//!   sp                  stencils, helpers     how many slots of `stack` hold values (in a
//!                                             register between helper calls: `Regs::sp`)
//!   capacity   ------>  the backend/helpers   stencils push only below `limit`
//!   limit      ------>  the backend/helpers   (= stack + capacity)
//!   layout     ------>  the backend           stencils of iteration, subscripts and
//!                                             attributes (where a heap value's state is)
//!   globals    ------>  the backend/helpers   stencils of module globals (the running
//!                                             frame's globals dict)
//!   func_version ---->  the backend/helpers   _CHECK_FUNCTION (the running function's
//!                                             version)
//! ```
//!
//! A stack slot is a `tracer::value::Value`: 16 bytes, `#[repr(u64)]`, so the tag is the
//! first word and the payload the second (see [`value`]). Machine code handles only the
//! *immediate* values (no reference count: `None`, `bool`, `int` in 64 bits, `float`);
//! anything else goes to the helper that runs the uop in the VM.

/// The state every stencil receives as its only argument (CPython's stencils get the frame,
/// the stack pointer and the thread state; ours get this, and reach the VM through helpers).
///
/// Invariant: while machine code runs, `stack[..sp]` are the frame's values (the frame's
/// `Vec` length is brought in line with `sp` before every helper call and on leaving), and
/// `capacity` is the `Vec`'s capacity; helpers refresh all three after the VM ran.
#[repr(C)]
pub struct JitState {
    /// Opaque to machine code: what the backend's helpers need to run a uop (the VM, the
    /// frame, the executor, the pending error). Stencils only pass it along.
    pub context: *mut core::ffi::c_void,
    /// The running frame's `instr` (the instruction tracebacks name): `_SET_IP` writes it.
    pub instr: *mut usize,
    /// `_JUMP_TO_TOP` taken since the trace was entered (loop iterations run in the trace).
    pub iterations: u64,
    /// The frame's slots: localsplus, then the evaluation stack (`Frame::stack`'s buffer).
    pub stack: *mut Slot,
    /// Slots in use (`Frame::stack.len()`); the top of the stack is `stack[sp - 1]`. While
    /// machine code runs, the stack pointer is a register ([`Regs::sp`]); this count is
    /// brought in line before each helper call and on leaving.
    pub sp: usize,
    /// Slots allocated (`Frame::stack.capacity()`).
    pub capacity: usize,
    /// `stack + capacity`: machine code pushes only while its stack pointer is below it.
    pub limit: *mut Slot,
    /// Where machine code finds the state of heap values (a copy kept here, not a pointer:
    /// one load from `JitState` instead of two on every use).
    pub layout: Layout,
    /// The running frame's globals: the address of its `Dict` (inside the frame's
    /// `Rc<RefCell<Dict>>`), read by the `LOAD_GLOBAL_MODULE` stencils at the offsets of
    /// `Layout::dict_*`. Helpers refresh it (a call may run another frame).
    pub globals: *const core::ffi::c_void,
    /// The running function's version (`Function::version`, a `u32`; a frame without a
    /// function reads a 0), which `_CHECK_FUNCTION` compares with its operand. Helpers
    /// refresh it (a call may run another frame).
    pub func_version: *const u32,
    /// Nonzero when the VM counts failed guards by uop (`--stats`): a guard that would
    /// jump straight to its exit stub takes its slow path instead, so that the VM counts it.
    pub counting_guards: u64,
}

/// Where the state of a heap value sits, in bytes from its payload word (its `Rc`'s
/// pointer). Rust defines none of these places (where an `Rc` keeps its value, where a
/// `RefCell` keeps its contents, the order of a `Vec`'s words, the order of a struct's
/// fields): the backend measures them once, on real values, and machine code reads them
/// through `JitState::layout`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct Layout {
    /// `Value::Iter`: the `Iter` state ([`iter`]).
    pub iter: u64,
    /// `Value::List`: its `Vec`'s items pointer and length.
    pub list_items: u64,
    pub list_len: u64,
    /// `Value::Instance`: the word of its class (an `Rc<Class>` pointer), and from that
    /// word the class's `version` (a `u32`, CPython's `tp_version_tag`).
    pub instance_class: u64,
    pub class_version: u64,
    /// `Value::Instance`: its inline values' items pointer and length, and its `has_dict`
    /// flag (one byte).
    pub instance_items: u64,
    pub instance_len: u64,
    pub instance_has_dict: u64,
    /// Every heap value: the `Rc`'s strong count (a `usize`; the same place for every kind,
    /// std's `RcInner` is `#[repr(C)]`), which machine code raises and lowers itself
    /// (dropping the last reference is the VM's: a helper call).
    pub strong: u64,
    /// A dict behind an `Rc<RefCell<Dict>>` word (a `Value::Dict`'s payload, a module's
    /// dict): the `Dict`, from that word.
    pub dict: u64,
    /// In a `Dict`: its keys version (a `u32`, 0 = none given out; any other value means
    /// the keys and their order are as when it was given out), and the word pointing to its
    /// entries (insertion order, `Dict::value_at`'s index).
    pub dict_keys_version: u64,
    pub dict_entries: u64,
    /// The size of one entry, and where its value (a `Value`) sits in it.
    pub dict_entry_size: u64,
    pub dict_entry_value: u64,
    /// `Value::Module`: its dict's `Rc<RefCell<Dict>>` word, from the payload word.
    pub module_dict: u64,
    /// `Value::Builtin`: its `float_kernel` (a function pointer, 0 for none), from the
    /// payload word.
    pub builtin_float_kernel: u64,
    /// From a class word (see `class_version`): the number of the class's shared keys (a
    /// `usize`: the length of `Class::shared_keys`), which `_GUARD_KEYS_VERSION` compares
    /// (this VM's keys version is that count plus one).
    pub class_keys_len: u64,
    /// `Value::Cell`: the `Value` inside its `RefCell`, from the payload word.
    pub cell_value: u64,
}

// Every stencil that copies or drops a heap value reads `layout.strong` through the state
// pointer: within 127 bytes of it, the load takes a one-byte displacement (three bytes
// fewer in `_LOAD_FAST`, `_STORE_FAST` and most others). New fields go after it.
const _: () =
    assert!(core::mem::offset_of!(JitState, layout) + core::mem::offset_of!(Layout, strong) < 128);

/// What every stencil receives and hands to the next (in two registers: the System V
/// calling convention passes `(state, sp)` in `rdi`, `rsi` and returns this pair in `rax`,
/// `rdx`): the state, and the frame's stack pointer (the first free slot), which lives in a
/// register while machine code runs and is written to `JitState::sp` (as a count) only
/// where the VM looks: helper calls and leaving. The reference-count helpers return it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Regs {
    pub state: *mut JitState,
    pub sp: *mut Slot,
}

/// One stack slot as machine code sees a `Value`: the tag word, then the payload word.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Slot {
    pub tag: u64,
    pub payload: u64,
}

/// A helper's answer to the stencil that called it (also the uop interpreter's three ways on).
pub mod outcome {
    /// Go on with the next uop.
    pub const CONTINUE: u64 = 0;
    /// A guard failed: go to the uop's `jump_target` (its `_EXIT_TRACE` or `_DEOPT` stub).
    pub const JUMP: u64 = 1;
    /// The uop raised: go to its `error_target` (an `_ERROR_POP_N` stub).
    pub const ERROR: u64 = 2;
    /// A JIT helper's answer to machine code: every uop it ran went on, so continue in the
    /// trace. Any other answer is the index of the uop (a stub) where the uop interpreter
    /// takes over: machine code returns it at once.
    pub const IN_TRACE: u64 = u64::MAX;
}

/// The layout of `tracer::value::Value` (`#[repr(u64)]`: a `#[repr(C)]` union of
/// `(tag: u64, fields...)` structs), which `value.rs` takes its discriminants from.
pub mod value {
    /// Size of a `Value` (two words).
    pub const SIZE: usize = 16;
    /// Byte offset of the tag word.
    pub const TAG_OFFSET: usize = 0;
    /// Byte offset of the payload: the `i64` of `Int`, the `f64` bits of `Float`, the byte
    /// of `Bool` (the other seven bytes are padding), the pointer of the heap variants.
    pub const PAYLOAD_OFFSET: usize = 8;

    /// The tags of the variants machine code reads or writes.
    pub mod tag {
        pub const NULL: u64 = 0;
        pub const NONE: u64 = 1;
        pub const NOT_IMPLEMENTED: u64 = 2;
        pub const ELLIPSIS: u64 = 3;
        pub const BOOL: u64 = 4;
        pub const INT: u64 = 5;
        /// `Float` comes before `BigInt` (tags, not declaration order), so that the
        /// immediates are exactly the tags up to `FLOAT`: one comparison.
        pub const FLOAT: u64 = 6;
        pub const BIG_INT: u64 = 7;
        /// The first heap variant (`Str`); every tag from here on holds an `Rc`.
        pub const FIRST_HEAP: u64 = 8;
        /// `List(Rc<RefCell<Vec<Value>>>)`: items and length at `Layout::list_items`/`list_len`.
        pub const LIST: u64 = 11;
        /// `Builtin(Rc<Builtin>)`: its float kernel at `Layout::builtin_float_kernel`.
        pub const BUILTIN: u64 = 18;
        /// `Instance(Rc<Instance>)`: a class's instance (see `JitState::layout`).
        pub const INSTANCE: u64 = 20;
        /// `Module(Rc<Module>)`: its dict at `Layout::module_dict`.
        pub const MODULE: u64 = 21;
        /// `Iter(Rc<RefCell<Iter>>)`: a builtin iterator (see [`super::super::iter`]).
        pub const ITER: u64 = 23;
        /// `Cell(Rc<RefCell<Value>>)`: a closure cell, its value at `Layout::cell_value`.
        pub const CELL: u64 = 25;
    }

    /// True for a tag whose value owns no reference (moving or dropping it is a copy or
    /// nothing): every tag up to `FLOAT` (one `cmp`/`ja` in machine code, where a float
    /// tag after `BIG_INT` took two tests on every float moved).
    #[inline(always)]
    pub const fn is_immediate(tag: u64) -> bool {
        tag <= self::tag::FLOAT
    }

    /// CPython's largest "compact" int (one 30-bit digit): `_COMPARE_OP_INT` deopts past it.
    pub const COMPACT_MAX: i64 = (1 << 30) - 1;
}

/// The layout of `tracer::object::iter::Iter` (`#[repr(u64)]`, like `Value`: a tag word,
/// then the variant's fields in order) for the variants machine code steps itself.
///
/// A `Value::Iter`'s payload word points to the `Rc`'s allocation; the `Iter` sits at a
/// fixed offset inside it, which Rust does not define (the reference counts and the
/// `RefCell`'s flag come first, in an order of the standard library's choosing): the
/// backend measures it once and hands it over as `Layout::iter`.
pub mod iter {
    /// The tags of the `Iter` variants machine code reads (`iter.rs` takes them from here).
    pub mod tag {
        pub const LIST: u64 = 0;
        pub const TUPLE: u64 = 1;
        pub const RANGE: u64 = 2;
    }

    /// `Iter::Range { next, step, remaining }` as machine code sees it.
    #[repr(C)]
    pub struct RangeIter {
        pub tag: u64,
        /// The value the next step yields.
        pub next: i64,
        pub step: i64,
        /// How many values are left (exhausted at `<= 0`).
        pub remaining: i64,
    }

    /// `Iter::List { list, index }` as machine code sees it.
    #[repr(C)]
    pub struct ListIter {
        pub tag: u64,
        /// The list's `Rc` pointer word (a `Value::List`'s payload word).
        pub list: u64,
        /// The index of the next item.
        pub index: u64,
    }
}
