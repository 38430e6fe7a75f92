//! Frame switching for the generic instructions: pushing a callee or resumed generator as
//! the running frame, returning from it, and suspending or creating generators. The
//! interpreter never recurses in Rust for Python calls; these functions swap `Box<Frame>`s in
//! place and keep `Vm::frames` (the callers) and `Vm::depth` in step.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::bytecode::Opcode;
use crate::code::unit_opcode;
use crate::exceptions::{self as exc, PyResult};
use crate::frame::{Frame, FrameKind};
use crate::interp::{Exit, Flow};
use crate::object::{type_name_of, Generator};
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `FOR_ITER` (generic). Generators are resumed by pushing their frame.
    pub(in crate::interp) fn generic_for_iter(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
        arg: usize,
    ) -> PyResult<()> {
        let it = f.peek(0).clone();
        if let Value::Generator(g) = &it {
            f.pc = instr + 2;
            return self.resume_gen_frame(f, g, instr + 2 + arg);
        }
        match self.next(&it)? {
            Some(v) => {
                f.push(v);
                f.pc = instr + 2;
            }
            None => f.pc = instr + 2 + arg + 1,
        }
        Ok(())
    }

    /// Pushes a generator's frame as the running frame (`FOR_ITER_GEN`, generic `FOR_ITER`);
    /// `exit` is where the caller continues when the generator returns.
    pub(in crate::interp) fn resume_gen_frame(
        &mut self,
        f: &mut Box<Frame>,
        g: &Rc<Generator>,
        exit: usize,
    ) -> PyResult<()> {
        if g.finished.get() {
            f.pc = exit + 1;
            return Ok(());
        }
        if g.running.get() {
            return Err(exc::value_error("generator already executing"));
        }
        let Some(mut gf) = g.frame.borrow_mut().take() else {
            f.pc = exit + 1;
            return Ok(());
        };
        self.activate_gen_frame(g, &mut gf, Value::None, Some(exit));
        self.push_frame(f, gf)
    }

    /// Readies `g`'s suspended frame `gf` to run: `sent` goes on its stack (what its `RESUME`
    /// after a yield sees) and `g` is marked running. With `for_iter_exit` the frame runs
    /// inside the caller's eval loop and returns to that offset (`FOR_ITER`, `SEND`); without
    /// it a Rust caller waits for it (`next()`, `send`, `throw`). Inlined always: `SEND_GEN`
    /// and `FOR_ITER_GEN` run it once per value a generator yields (with `send_into_generator`
    /// also inlined, pyperformance's generators ran 6% fewer instructions).
    #[inline(always)]
    pub(in crate::interp) fn activate_gen_frame(
        &mut self,
        g: &Rc<Generator>,
        gf: &mut Box<Frame>,
        sent: Value,
        for_iter_exit: Option<usize>,
    ) {
        gf.push(sent);
        // A suspended generator frame already has its kind (set by `RETURN_GENERATOR`): only
        // the exit changes, so no `Rc` is cloned and no old kind dropped per resume.
        match &mut gf.kind {
            FrameKind::Generator {
                gen,
                for_iter_exit: exit,
            } if Rc::ptr_eq(gen, g) => *exit = for_iter_exit,
            kind => {
                *kind = FrameKind::Generator {
                    gen: g.clone(),
                    for_iter_exit,
                }
            }
        }
        gf.entry = for_iter_exit.is_none();
        g.running.set(true);
        self.gen_enter(g);
    }

    /// Makes `new` the running frame; the current one becomes its caller.
    #[inline(always)]
    pub(crate) fn push_frame(&mut self, f: &mut Box<Frame>, new: Box<Frame>) -> PyResult<()> {
        if self.depth >= self.recursion_limit {
            if let FrameKind::Generator { gen, .. } = &new.kind {
                gen.running.set(false);
                self.gen_leave(gen);
            }
            self.recycle(new);
            return Err(exc::new(
                "RecursionError",
                "maximum recursion depth exceeded",
            ));
        }
        self.depth += 1;
        let caller = std::mem::replace(f, new);
        self.frames.push(caller);
        Ok(())
    }

    /// `push_frame` for a caller that has checked the room already (`_CHECK_STACK_SPACE`
    /// deopts unless `depth + 1 < recursion_limit`): no second test of the limit, and none
    /// of the generator cleanup that only a failed test needs.
    #[inline(always)]
    pub(crate) fn push_frame_with_room(&mut self, f: &mut Box<Frame>, new: Box<Frame>) {
        debug_assert!(self.depth < self.recursion_limit);
        self.depth += 1;
        let caller = std::mem::replace(f, new);
        self.frames.push(caller);
    }

    /// The common return, inlined into the loop's `RETURN_VALUE` and `RETURN_CONST`: a plain
    /// call's frame (`FrameKind::Normal`, not an entry frame) hands `v` to its caller. The
    /// same steps as `pop_frame` without its other cases or the call to reach it (about 35
    /// machine instructions a call). An `__init__` frame returning `None` (the init shim of
    /// `CALL_ALLOC_AND_ENTER_INIT` and of class calls) is a plain return of the instance it
    /// holds: moved out of the kind, not cloned, and no out-of-line `pop_frame` and
    /// `recycle` (about 90 machine instructions an instance). Anything else goes to
    /// `pop_frame`.
    #[inline(always)]
    pub(in crate::interp) fn return_to_caller(
        &mut self,
        f: &mut Box<Frame>,
        v: Value,
    ) -> PyResult<Flow> {
        if f.entry {
            return self.pop_frame(f, v);
        }
        let v = if matches!(f.kind, FrameKind::Normal) {
            v
        } else {
            match std::mem::replace(&mut f.kind, FrameKind::Normal) {
                FrameKind::Init(obj) if matches!(v, Value::None) => {
                    v.discard();
                    obj
                }
                kind => {
                    f.kind = kind;
                    return self.pop_frame(f, v);
                }
            }
        };
        let Some(caller) = self.frames.pop() else {
            return self.pop_frame(f, v);
        };
        self.depth -= 1;
        let done = std::mem::replace(f, caller);
        self.recycle_inline(done);
        f.push(v);
        Ok(Flow::Next)
    }

    /// Returns from the running frame with `v`.
    pub(in crate::interp) fn pop_frame(&mut self, f: &mut Box<Frame>, v: Value) -> PyResult<Flow> {
        self.depth -= 1;
        let mut v = v;
        let mut gen_exit = None;
        match &f.kind {
            FrameKind::Normal => {}
            FrameKind::Init(obj) => {
                if !matches!(v, Value::None) {
                    self.depth += 1;
                    return Err(exc::type_error(format!(
                        "__init__() should return None, not '{}'",
                        type_name_of(&v)
                    )));
                }
                std::mem::replace(&mut v, obj.clone()).discard();
            }
            FrameKind::Generator { gen, for_iter_exit } => {
                gen.finished.set(true);
                gen.running.set(false);
                self.gen_leave(gen);
                gen_exit = Some(*for_iter_exit);
            }
        }
        // `recycle_inline`: `pop_frame` is out of line already, and it ends every call from
        // Rust (`Vm::call`), every generator and every `__init__` raising or not returning
        // None; a second call to `recycle` there cost about 16 machine instructions.
        if f.entry {
            let done = std::mem::replace(f, self.placeholder_frame());
            self.recycle_inline(done);
            return Ok(Flow::Exit(Exit::Return(v)));
        }
        let caller = self.frames.pop().expect("a non-entry frame has a caller");
        let done = std::mem::replace(f, caller);
        self.recycle_inline(done);
        match gen_exit {
            // Resumed by FOR_ITER: CPython pushes the return value and lands on END_FOR, whose
            // only job is to drop it; skip both.
            Some(Some(exit)) if unit_opcode(f.code.units[exit].get()) == Opcode::END_FOR => {
                f.pc = exit + 1
            }
            // Resumed by SEND: the return value is the `yield from` result, for END_SEND.
            Some(Some(exit)) => {
                f.push(v);
                f.pc = exit;
            }
            Some(None) => f.push(v),
            None => f.push(v),
        }
        Ok(Flow::Next)
    }

    /// An empty frame used to move a finished frame out of the loop's variable: a pooled
    /// one when there is one (pooled frames are already empty).
    pub(crate) fn placeholder_frame(&mut self) -> Box<Frame> {
        if let Some(mut frame) = self.frame_pool.pop() {
            frame.entry = false;
            return frame;
        }
        let code = self
            .codes
            .first()
            .cloned()
            .expect("a code object exists while running");
        Box::new(Frame::new(
            code,
            Vec::new(),
            self.builtins.clone(),
            None,
            None,
        ))
    }

    /// `YIELD_VALUE`: suspends the generator frame and hands `v` to its resumer.
    pub(in crate::interp) fn yield_value(
        &mut self,
        f: &mut Box<Frame>,
        v: Value,
    ) -> PyResult<Flow> {
        // The kind is taken, not cloned: a suspended frame's kind is `Normal` anyway (see
        // `suspend`), and moving the generator's `Rc` out saves a count up and down.
        let gen = match std::mem::replace(&mut f.kind, FrameKind::Normal) {
            FrameKind::Generator { gen, .. } => gen,
            other => {
                f.kind = other;
                return Err(exc::new("SystemError", "yield outside a generator frame"));
            }
        };
        self.depth -= 1;
        gen.running.set(false);
        self.gen_leave(&gen);
        if f.entry {
            let mut gf = std::mem::replace(f, self.placeholder_frame());
            gf.entry = false;
            suspend(&gen, gf);
            return Ok(Flow::Exit(Exit::Yield(v)));
        }
        let caller = self.frames.pop().expect("a generator frame has a resumer");
        let gf = std::mem::replace(f, caller);
        suspend(&gen, gf);
        f.push(v);
        Ok(Flow::Next)
    }

    /// `RETURN_GENERATOR`: turns the running frame into a suspended generator and returns it.
    pub(in crate::interp) fn return_generator(&mut self, f: &mut Box<Frame>) -> PyResult<Flow> {
        // The names are the code object's, shared (no allocation per generator).
        let gen = Rc::new(Generator {
            coroutine: f.code.code.flags & crate::code::flags::CO_COROUTINE != 0,
            name: f.code.co_name.clone(),
            qualname: f.code.co_qualname.clone(),
            frame: RefCell::new(None),
            running: Cell::new(false),
            finished: Cell::new(false),
            exc_state: RefCell::new(Value::None),
            outer_exc: RefCell::new(Value::None),
        });
        let entry = f.entry;
        // The caller runs again at once: it takes the frame's place directly. Only an entry
        // frame (a Rust caller waits for it) leaves a placeholder, so the common case builds
        // and drops no placeholder frame.
        let caller = if entry {
            self.placeholder_frame()
        } else {
            self.frames
                .pop()
                .expect("a generator function has a caller")
        };
        let mut gf = std::mem::replace(f, caller);
        gf.entry = false;
        let kind = std::mem::replace(&mut gf.kind, FrameKind::Normal);
        *gen.frame.borrow_mut() = Some(gf);
        self.depth -= 1;
        let result = Value::Generator(gen);
        crate::object::gc::track(&result);
        if entry {
            return Ok(Flow::Exit(Exit::Return(result)));
        }
        if let FrameKind::Init(obj) = kind {
            // An `__init__` that is a generator function returned its generator: the
            // caller's check (`_EXIT_INIT_CHECK`) refuses it there.
            obj.discard();
            return Err(exc::type_error(format!(
                "__init__() should return None, not '{}'",
                type_name_of(&result)
            )));
        }
        f.push(result);
        Ok(Flow::Next)
    }
}

/// Parks a generator's frame in the generator. The frame's kind is reset: while running it
/// names its generator (`FrameKind::Generator`), but a suspended frame holding an `Rc` of
/// the generator that holds it would be a reference cycle, and every generator left
/// unfinished (`any(...)` stopping early) would then wait for the cycle collector instead
/// of going when its last reference does. CPython's frame finds its generator by address
/// instead. Every resumption sets the kind again (`activate_gen_frame`).
#[inline(always)]
fn suspend(gen: &Generator, mut gf: Box<Frame>) {
    // `yield_value` has taken the kind already: no old kind to drop then.
    if !matches!(gf.kind, FrameKind::Normal) {
        gf.kind = FrameKind::Normal;
    }
    let old = gen.frame.borrow_mut().replace(gf);
    debug_assert!(old.is_none(), "a running generator has no parked frame");
    drop(old);
}
