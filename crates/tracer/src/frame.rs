//! `Frame`: the activation record of one Python call (CPython's `_PyInterpreterFrame`).
//!
//! A frame owns one `Vec<Value>` laid out as CPython's `localsplus` followed by the evaluation
//! stack:
//!
//! ```text
//!   stack: [ local 0 | local 1 | cell 2 | free 3 ][ eval stack ... ]
//!            ^ 0                                  ^ code.nlocalsplus
//! ```
//!
//! Python-to-Python calls never recurse on the Rust stack: the eval loop moves the running
//! frame into `Vm::frames` and starts the callee (see `interp.rs`). Generator frames are moved
//! into their `Generator` object while suspended.

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::{Dict, Function, Generator, RtCode};
use crate::value::Value;

/// What happens when this frame returns or yields.
#[derive(Clone)]
pub enum FrameKind {
    /// A plain call: the result is pushed on the caller's stack.
    Normal,
    /// `__init__` run by a class call (CPython's init shim): the caller gets `self`, and a
    /// non-None return value is a `TypeError`.
    Init(Value),
    /// A generator's frame, resumed from the caller's `FOR_ITER` (exit = where the caller
    /// continues when the generator finishes) or from `next()` / `send` (exit = None).
    Generator {
        gen: Rc<Generator>,
        for_iter_exit: Option<usize>,
    },
}

/// One activation record.
pub struct Frame {
    pub code: Rc<RtCode>,
    /// Index of the next code unit to execute.
    pub pc: usize,
    /// Index of the instruction being executed (for tracebacks and exception handling).
    pub instr: usize,
    /// localsplus, then the evaluation stack.
    pub stack: Vec<Value>,
    pub globals: Rc<RefCell<Dict>>,
    /// The locals mapping of module and class bodies (`LOAD_NAME` / `STORE_NAME`).
    pub locals: Option<Rc<RefCell<Dict>>>,
    pub func: Option<Rc<Function>>,
    pub kind: FrameKind,
    /// True when a Rust caller waits for this frame (the eval loop returns when it ends).
    pub entry: bool,
}

impl Frame {
    /// A frame at the first instruction.
    pub fn new(
        code: Rc<RtCode>,
        stack: Vec<Value>,
        globals: Rc<RefCell<Dict>>,
        func: Option<Rc<Function>>,
        locals: Option<Rc<RefCell<Dict>>>,
    ) -> Frame {
        Frame {
            code,
            pc: 0,
            instr: 0,
            stack,
            globals,
            locals,
            func,
            kind: FrameKind::Normal,
            entry: false,
        }
    }

    /// Stack depth above the locals.
    #[inline]
    pub fn depth(&self) -> usize {
        self.stack.len() - self.code.nlocalsplus
    }

    /// Pops the top of the evaluation stack.
    ///
    /// A `match`, not `unwrap_or(Value::Null)`: that evaluates the default first and, when the
    /// stack was not empty, drops it through the out-of-line `drop_in_place::<Value>` (about
    /// 8 instructions per pop, 8% of unpack_sequence), though dropping `Null` does nothing.
    #[inline(always)]
    pub fn pop(&mut self) -> Value {
        match self.stack.pop() {
            Some(v) => v,
            None => Value::Null,
        }
    }

    /// Pushes onto the evaluation stack. The common case has room: `Vec::push` then needs no
    /// growth call, and `v` can go straight to the stack from registers instead of being
    /// spilled around that call first (and re-read in a way that stalls the store).
    #[inline(always)]
    pub fn push(&mut self, v: Value) {
        if self.stack.len() < self.stack.capacity() {
            self.stack.push(v);
        } else {
            push_grow(&mut self.stack, v);
        }
    }

    /// The top of the stack.
    #[inline]
    pub fn top(&self) -> &Value {
        &self.stack[self.stack.len() - 1]
    }

    /// The value `n` below the top (0 = top).
    #[inline]
    pub fn peek(&self, n: usize) -> &Value {
        &self.stack[self.stack.len() - 1 - n]
    }

    /// The source line of the current instruction.
    pub fn line(&self) -> Option<u32> {
        self.code.code.line_at(self.instr)
    }
}

/// `Frame::push` when the stack is full (rare: frames reserve their stack size).
#[cold]
#[inline(never)]
fn push_grow(stack: &mut Vec<Value>, v: Value) {
    stack.push(v);
}
