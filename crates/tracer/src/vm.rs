//! `Vm`: one interpreter instance — builtin types, the builtins module, the frame stack,
//! output, specialization settings, stats and the optional observer.
//!
//! ```text
//!   let code = tracer::compile::compile(src, "x.py")?;      // front end
//!   let mut vm = Vm::new(VmOptions::default());
//!   vm.run_module(&code)?;                                  // runs, quickening as it goes
//!   let units = vm.adaptive_code(&code);                    // co_code_adaptive, for `dis`
//! ```
//!
//! Everything in here is single-threaded; run one `Vm` per thread.

use crate::object::namehash::NameMap;
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

use crate::code::{CodeObject, Const};
use crate::exceptions::{PyErr, PyResult, HIERARCHY};
use crate::frame::{Frame, FrameKind};
use crate::object::class::TracebackEntry;
use crate::object::{Class, Dict, Instance, Module, PyStr, RtCode, TypeKind};
use crate::observe::{Observer, Stats};
use crate::value::Value;

/// How a `Vm` runs code.
#[derive(Debug, Clone)]
pub struct VmOptions {
    /// Quicken and specialize (the default); `false` is `--no-specialize`.
    pub specialize: bool,
    /// Collect per-family counts (`--stats`).
    pub stats: bool,
    /// Capture stdout in a buffer instead of writing it (tests, `explain specialize`).
    pub capture_output: bool,
    /// Project hot loops into micro-op traces and run them (`--tier 2`).
    pub tier2: bool,
    /// Tier-2 stress mode: every loop is projected on its first back-edge and every side
    /// exit on its first use (`--trace-every-loop`).
    pub trace_every_loop: bool,
}

impl Default for VmOptions {
    fn default() -> Self {
        VmOptions {
            specialize: true,
            stats: false,
            capture_output: false,
            tier2: false,
            trace_every_loop: false,
        }
    }
}

/// The builtin classes, by role.
pub struct Types {
    pub object: Rc<Class>,
    pub type_: Rc<Class>,
    pub none: Rc<Class>,
    pub bool_: Rc<Class>,
    pub int: Rc<Class>,
    pub float: Rc<Class>,
    pub str_: Rc<Class>,
    pub bytes: Rc<Class>,
    pub tuple: Rc<Class>,
    pub list: Rc<Class>,
    pub dict: Rc<Class>,
    pub set: Rc<Class>,
    pub frozenset: Rc<Class>,
    pub range: Rc<Class>,
    pub slice: Rc<Class>,
    pub function: Rc<Class>,
    pub method: Rc<Class>,
    pub builtin_function: Rc<Class>,
    pub module: Rc<Class>,
    pub generator: Rc<Class>,
    pub coroutine: Rc<Class>,
    pub iterator: Rc<Class>,
    /// The other iterator types, by CPython's name (`list_iterator`, `dict_keyiterator`, ...):
    /// `type(iter([]))` is one of these (see [`ITERATOR_TYPES`]).
    pub iterators: HashMap<&'static str, Rc<Class>>,
    /// `dict_keys`, `dict_values`, `dict_items`.
    pub dict_view: Rc<Class>,
    pub dict_values: Rc<Class>,
    pub dict_items: Rc<Class>,
    pub enumerate: Rc<Class>,
    pub zip: Rc<Class>,
    pub reversed: Rc<Class>,
    pub map: Rc<Class>,
    pub filter: Rc<Class>,
    pub super_: Rc<Class>,
    /// `type(Pair.a)` for a `__slots__` member.
    pub member_descriptor: Rc<Class>,
    /// `type(e.__traceback__)`: plain instances carrying `tb_lineno` and `tb_next`.
    pub traceback: Rc<Class>,
    pub base_exception: Rc<Class>,
    pub other: Rc<Class>,
}

/// The names `Iter::type_name` gives that have a type of their own (besides `iterator` and
/// `reversed`, which are fields of [`Types`], and enumerate/zip/map/filter).
pub const ITERATOR_TYPES: [&str; 15] = [
    "list_iterator",
    "tuple_iterator",
    "range_iterator",
    "str_ascii_iterator",
    "str_iterator",
    "bytes_iterator",
    "dict_keyiterator",
    "dict_valueiterator",
    "dict_itemiterator",
    "set_iterator",
    "list_reverseiterator",
    "dict_reversekeyiterator",
    "dict_reversevalueiterator",
    "dict_reverseitemiterator",
    "callable_iterator",
];

/// Where `print` writes.
pub enum Output {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    Buffer(Vec<u8>),
}

/// One interpreter.
pub struct Vm {
    pub types: Types,
    pub exc_types: HashMap<&'static str, Rc<Class>>,
    pub builtins: Rc<RefCell<Dict>>,
    pub modules: HashMap<String, Value>,
    /// The import system's search path and modules being initialised (`interp/import.rs`).
    pub imports: crate::interp::import::ImportState,
    /// Caller frames of the running frame (the running one is owned by the eval loop).
    pub frames: Vec<Box<Frame>>,
    /// Finished frames kept for reuse, each with its stack's buffer (cleared), so a call
    /// allocates neither a frame nor a stack in steady state (CPython carves frames out of
    /// its per-thread data stack for the same reason). A pooled frame holds no values: its
    /// code and globals are a placeholder's (see `recycle`).
    pub frame_pool: Vec<Box<Frame>>,
    /// One empty tuple shared by every function without defaults or closure: `MAKE_FUNCTION`
    /// then allocates nothing for them (CPython shares its empty tuple the same way).
    pub empty_tuple: Rc<Vec<Value>>,
    /// The exception being handled (`sys.exception()`), `Value::None` when none.
    pub handled: Value,
    pub out: Output,
    pub options: VmOptions,
    pub stats: Stats,
    pub observer: Option<Box<dyn Observer>>,
    /// Runtime code objects by the address of their `CodeObject` (dis order per module).
    pub codes: Vec<Rc<RtCode>>,
    code_index: HashMap<usize, Rc<RtCode>>,
    pub recursion_limit: usize,
    pub depth: usize,
    next_code_version: u32,
    /// A frame built by a call uop, waiting for `_PUSH_FRAME` (CPython keeps it on the stack).
    pub pending_frame: Option<Box<Frame>>,
    /// Which function and code had each function version last (projection follows calls
    /// through it).
    pub func_versions: crate::executor::FuncVersionCache,
    /// Tier 2's bookkeeping.
    pub tier2: Tier2State,
    /// `sys.argv` as the command line gave it (the script as typed); empty when the embedder
    /// did not say, and `sys` then names the script by its code's file name.
    pub argv: Vec<String>,
    /// The namespaces of the frame calling `globals()`, `exec()` and the like, set by the
    /// eval loop just before such a call (`builtins/namespaces.rs`).
    pub caller: Option<crate::builtins::namespaces::CallerScope>,
}

/// Tier 2's state in a VM: statistics, executor ids, the backend, and the optional log
/// recorder.
pub struct Tier2State {
    pub stats: crate::observe::Tier2Stats,
    /// The next executor's id.
    pub next_id: usize,
    /// Every executor made (weak: code objects own them).
    pub executors: Vec<std::rc::Weak<crate::executor::Executor>>,
    /// When recording (`explain trace`), one log per optimization attempt.
    pub recorder: Option<Vec<crate::trace::Log>>,
    /// Who runs executors: offered each new one (the uop interpreter by default).
    pub backend: Rc<dyn crate::backend::ExecutorBackend>,
}

impl Default for Tier2State {
    fn default() -> Self {
        Tier2State {
            stats: Default::default(),
            next_id: 0,
            executors: Vec::new(),
            recorder: None,
            backend: Rc::new(crate::backend::UopInterpreter),
        }
    }
}

impl Vm {
    /// A fresh interpreter with the builtins installed.
    pub fn new(options: VmOptions) -> Vm {
        // The cycles a previous VM of this thread left are freed, and `gc`'s settings reset.
        crate::object::gc::new_interpreter();
        let (types, exc_types) = make_types();
        let out = if options.capture_output {
            Output::Buffer(Vec::new())
        } else {
            Output::Stdout(std::io::BufWriter::new(std::io::stdout()))
        };
        let mut vm = Vm {
            types,
            exc_types,
            builtins: Rc::new(RefCell::new(Dict::new())),
            modules: HashMap::new(),
            imports: Default::default(),
            frames: Vec::new(),
            frame_pool: Vec::new(),
            empty_tuple: Rc::new(Vec::new()),
            handled: Value::None,
            out,
            options,
            stats: Stats::default(),
            observer: None,
            codes: Vec::new(),
            code_index: HashMap::new(),
            recursion_limit: 1000,
            depth: 0,
            next_code_version: 1,
            pending_frame: None,
            func_versions: Default::default(),
            tier2: Tier2State::default(),
            argv: Vec::new(),
            caller: None,
        };
        crate::builtins::install(&mut vm);
        // The builtins are watched from the start (CPython's builtins watcher).
        vm.builtins.borrow_mut().watch(true);
        vm
    }

    /// Installs an observer of specialization events.
    pub fn set_observer(&mut self, observer: Box<dyn Observer>) {
        self.observer = Some(observer);
    }

    /// Takes the captured output (when `capture_output` is set).
    pub fn take_output(&mut self) -> String {
        match &mut self.out {
            Output::Buffer(b) => String::from_utf8_lossy(&std::mem::take(b)).into_owned(),
            Output::Stdout(_) => String::new(),
        }
    }

    /// Writes program output.
    pub fn write_out(&mut self, s: &str) {
        match &mut self.out {
            Output::Buffer(b) => b.extend_from_slice(s.as_bytes()),
            Output::Stdout(w) => {
                let _ = w.write_all(s.as_bytes());
            }
        }
    }

    /// Flushes program output (before a traceback goes to stderr).
    pub fn flush(&mut self) {
        if let Output::Stdout(w) = &mut self.out {
            let _ = w.flush();
        }
    }

    /// The runtime code object for `code`, creating (and quickening) it on first use.
    /// Nested code objects are created with it, in dis order.
    pub fn rt_code(&mut self, code: &Rc<CodeObject>) -> Rc<RtCode> {
        let key = Rc::as_ptr(code) as usize;
        if let Some(rt) = self.code_index.get(&key) {
            return rt.clone();
        }
        let version = self.next_code_version;
        self.next_code_version += 1;
        let jump_initial = if self.options.trace_every_loop {
            crate::specialize::counter::make(0, 0)
        } else {
            crate::specialize::counter::JUMP_INITIAL
        };
        // The eval loop reads code units unchecked (`interp/fetch.rs`), on this promise.
        if let Err(e) = crate::interp::fetch::check_code(code) {
            panic!(
                "internal error: the compiler made an invalid code object for {}: {e}",
                code.qualname
            );
        }
        let units = crate::specialize::quicken(code, self.options.specialize, jump_initial);
        let mut rt = RtCode {
            code: code.clone(),
            objcache: (0..code.code.len())
                .map(|_| RefCell::new(Value::Null))
                .collect(),
            units,
            consts: Vec::new(),
            names: code
                .names
                .iter()
                .map(|n| Rc::new(PyStr::new(n.to_string())))
                .collect(),
            co_name: Rc::new(PyStr::new(code.name.to_string())),
            co_qualname: Rc::new(PyStr::new(code.qualname.to_string())),
            nlocalsplus: code.nlocalsplus(),
            nargs: arg_slots(code),
            version,
            is_generator: code.flags & crate::code::flags::CO_GENERATOR != 0,
            has_cells: code
                .localspluskinds
                .iter()
                .any(|k| k & crate::code::kinds::CO_FAST_CELL != 0),
            executors: RefCell::new(Vec::new()),
        };
        // Register before converting constants so the dis order is pre-order.
        let placeholder_index = self.codes.len();
        let consts: Vec<Value> = code.consts.iter().map(|c| self.const_value(c)).collect();
        rt.consts = consts;
        let rt = Rc::new(rt);
        self.codes.insert(placeholder_index, rt.clone());
        self.code_index.insert(key, rt.clone());
        rt
    }

    /// Converts a compile-time constant to a value.
    fn const_value(&mut self, c: &Const) -> Value {
        match c {
            Const::None => Value::None,
            Const::Bool(b) => Value::bool(*b),
            Const::Int(i) => Value::Int(*i),
            Const::BigInt(text) => text
                .parse::<num_bigint::BigInt>()
                .map(Value::from_bigint)
                .unwrap_or(Value::None),
            Const::Float(f) => Value::float(*f),
            Const::Complex { re, .. } => Value::float(*re),
            Const::Str(s) => Value::str(s.to_string()),
            // Compiling to run refuses lone surrogates, so no code the VM runs has one.
            Const::SurrogateStr(units) => Value::str(
                units
                    .iter()
                    .map(|&u| char::from_u32(u).unwrap_or('\u{fffd}'))
                    .collect::<String>(),
            ),
            Const::Bytes(b) => Value::Bytes(Rc::new(b.to_vec())),
            Const::Tuple(items) => {
                Value::tuple(items.iter().map(|c| self.const_value(c)).collect())
            }
            Const::FrozenSet(items) => {
                let mut set = crate::object::Set::new(true);
                for item in items.iter() {
                    let v = self.const_value(item);
                    if let Ok(k) = self.hkey(&v) {
                        set.insert(k);
                    }
                }
                Value::set(set)
            }
            Const::Ellipsis => Value::Ellipsis,
            Const::Code(code) => Value::Code(self.rt_code(code)),
        }
    }

    /// The adaptive code units of `code` (CPython's `co_code_adaptive`): the quickened and
    /// specialized instruction stream, `None` if this VM never loaded the code object. As
    /// CPython's `dis` shows it, an `ENTER_EXECUTOR` reads as the instruction it replaced.
    pub fn adaptive_code(&self, code: &CodeObject) -> Option<Vec<u16>> {
        self.code_index
            .get(&(code as *const CodeObject as usize))
            .map(|rt| rt.dis_units())
    }

    /// Runs module code as `__main__`. Returns the module's globals.
    pub fn run_module(&mut self, code: &Rc<CodeObject>) -> PyResult<Rc<RefCell<Dict>>> {
        // Only `__name__` and `__builtins__`, in that order (no `__file__` yet): the globals'
        // indices are those of the tier-2 reference runs (`_LOAD_GLOBAL_MODULE` operands).
        let globals = Rc::new(RefCell::new(Dict::new()));
        if self.imports.search_path.is_none() {
            self.imports.search_path = crate::interp::import::finder::script_dir(&code.filename);
        }
        {
            let mut g = globals.borrow_mut();
            g.insert(
                crate::object::dict::str_key("__name__"),
                Value::str("__main__"),
            );
            g.insert(
                crate::object::dict::str_key("__builtins__"),
                self.builtins_module(),
            );
        }
        // `__main__` is in `sys.modules` too: `import __main__` finds it.
        let main = Value::Module(Rc::new(Module {
            name: Rc::new(PyStr::new("__main__".into())),
            dict: globals.clone(),
        }));
        self.modules.insert("__main__".into(), main);
        let rt = self.rt_code(code);
        let frame = self.new_frame(rt, globals.clone(), None, Some(globals.clone()));
        self.eval_frame(frame)?;
        self.flush();
        Ok(globals)
    }

    /// Turns a lazy error into an exception instance.
    pub fn materialize(&mut self, err: PyErr) -> Rc<Instance> {
        match err {
            PyErr::Obj(i) => i,
            PyErr::Lazy(l) => {
                let (ty, msg) = *l;
                let class = self
                    .exc_types
                    .get(ty)
                    .cloned()
                    .unwrap_or_else(|| self.types.base_exception.clone());
                let inst = Instance::new(class);
                if let Some(exc) = &inst.exc {
                    exc.borrow_mut().args = if msg.is_empty() && ty != "KeyError" {
                        Vec::new()
                    } else {
                        vec![Value::str(msg)]
                    };
                }
                Rc::new(inst)
            }
        }
    }

    /// The exception class named `name` (builtin).
    pub fn exc_class(&self, name: &str) -> Option<Rc<Class>> {
        self.exc_types.get(name).cloned()
    }

    /// Formats an uncaught exception as CPython's traceback (for stderr), with the chain of
    /// exceptions it was raised from or while handling.
    pub fn format_traceback(&mut self, err: PyErr) -> String {
        let exc = self.materialize(err);
        self.format_chain(&exc, 0)
    }

    fn format_chain(&mut self, exc: &Rc<Instance>, depth: usize) -> String {
        let mut out = String::new();
        let (cause, context) = exc
            .exc
            .as_ref()
            .map(|e| (e.borrow().cause.clone(), e.borrow().context.clone()))
            .unwrap_or((None, None));
        if depth < 8 {
            if let Some(Value::Instance(c)) = &cause {
                out.push_str(&self.format_chain(c, depth + 1));
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            } else if let (None, Some(Value::Instance(c))) = (&cause, &context) {
                out.push_str(&self.format_chain(c, depth + 1));
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
        let entries: Vec<TracebackEntry> = exc
            .exc
            .as_ref()
            .map(|e| e.borrow().traceback.clone())
            .unwrap_or_default();
        if !entries.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
        }
        // CPython prints a repeated frame line three times, then how many more there were.
        let mut last: Option<(String, usize)> = None;
        let mut repeats = 0usize;
        let flush = |out: &mut String, repeats: usize| {
            if repeats > 3 {
                let n = repeats - 3;
                out.push_str(&format!(
                    "  [Previous line repeated {n} more time{}]\n",
                    if n == 1 { "" } else { "s" }
                ));
            }
        };
        for entry in entries.iter().rev() {
            let text = crate::interp::traceback::format_entry(entry);
            let key = (text.clone(), 0);
            if last.as_ref() == Some(&key) {
                repeats += 1;
                if repeats > 3 {
                    continue;
                }
            } else {
                flush(&mut out, repeats);
                repeats = 1;
                last = Some(key);
            }
            out.push_str(&text);
        }
        flush(&mut out, repeats);
        out.push_str(&self.exception_line(exc));
        let suggest = exc.exc.as_ref().and_then(|e| e.borrow().suggest.clone());
        if let Some(from) = suggest {
            out.push_str(&self.suggestion_suffix(&from));
        }
        out.push('\n');
        out
    }

    /// `Type: message` (or just `Type`), the last line of a traceback.
    pub fn exception_line(&mut self, exc: &Rc<Instance>) -> String {
        let name = exc.class.name.as_str().to_string();
        let msg = self.exc_str(exc);
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }

    /// `str(exc)`.
    pub fn exc_str(&mut self, exc: &Rc<Instance>) -> String {
        let args = exc
            .exc
            .as_ref()
            .map(|e| e.borrow().args.clone())
            .unwrap_or_default();
        let is_key_error = self
            .exc_types
            .get("KeyError")
            .is_some_and(|k| exc.class.is_subclass(k));
        match args.len() {
            0 => String::new(),
            1 if is_key_error => self.repr(&args[0]).unwrap_or_default(),
            1 => self.to_str(&args[0]).unwrap_or_default(),
            _ => self.repr(&Value::tuple(args)).unwrap_or_default(),
        }
    }

    /// A new frame for `code` (locals unbound), a pooled one when possible.
    pub fn new_frame(
        &mut self,
        code: Rc<RtCode>,
        globals: Rc<RefCell<Dict>>,
        func: Option<Rc<crate::object::Function>>,
        locals: Option<Rc<RefCell<Dict>>>,
    ) -> Box<Frame> {
        let (nlocalsplus, size) = (
            code.nlocalsplus,
            code.nlocalsplus + code.code.stacksize as usize,
        );
        let mut frame = self.frame_box(&code, globals, func, locals);
        // Room for the evaluation stack too (`co_stacksize`), so pushes never grow the `Vec`.
        frame.stack.reserve(size);
        frame.stack.resize(nlocalsplus, Value::Null);
        frame
    }

    /// A frame at the first instruction of `code` with an empty stack: a pooled one when
    /// there is one (its stack keeps its capacity), else a new box.
    #[inline(always)]
    pub(crate) fn frame_box(
        &mut self,
        code: &Rc<RtCode>,
        globals: Rc<RefCell<Dict>>,
        func: Option<Rc<crate::object::Function>>,
        locals: Option<Rc<RefCell<Dict>>>,
    ) -> Box<Frame> {
        let Some(mut frame) = self.frame_pool.pop() else {
            return Box::new(Frame::new(code.clone(), Vec::new(), globals, func, locals));
        };
        // Invariant (`recycle`): an empty stack, no function or locals, kind `Normal`.
        debug_assert!(frame.stack.is_empty() && frame.func.is_none() && frame.locals.is_none());
        // A pooled frame still holds the code it last ran (`recycle_inline`): a call of the
        // same function again (a loop, a recursion) keeps it, with no reference count up and
        // down; only another function's code is swapped in.
        if !Rc::ptr_eq(&frame.code, code) {
            frame.code = code.clone();
        }
        frame.globals = globals;
        // `func` and `locals` are `None` (the invariant above): overwritten without running
        // the drop of the old value, which the compiler cannot prove is `None`.
        std::mem::forget(std::mem::replace(&mut frame.func, func));
        std::mem::forget(std::mem::replace(&mut frame.locals, locals));
        frame.pc = 0;
        frame.instr = 0;
        frame.entry = false;
        frame
    }

    /// The frame of a call whose arguments bind one-to-one to `func`'s positional parameters
    /// (CPython's `_PyFrame_PushUnchecked` + argument copy of `CALL_PY_EXACT_ARGS`), or
    /// `Err(func)` when they do not (then `bind_frame` does the full binding). The arguments
    /// are moved, not cloned, from `caller[from..]`, after `self_` when there is one, and
    /// `func` moves into the frame; the caller then drops its callable and NULL/self slots.
    /// No `Vec` is allocated in steady state. Inlined, so the frame is built in place.
    #[inline(always)]
    pub fn frame_from_stack(
        &mut self,
        func: Rc<crate::object::Function>,
        self_: Option<Value>,
        caller: &mut Vec<Value>,
        from: usize,
    ) -> Result<Box<Frame>, Rc<crate::object::Function>> {
        let co = &func.code.code;
        let nargs = caller.len() - from + usize::from(self_.is_some());
        if !binds_exactly(co, nargs) {
            return Err(func);
        }
        let nlocalsplus = func.code.nlocalsplus;
        let size = nlocalsplus + co.stacksize as usize;
        let globals = func.globals.clone();
        let mut frame = self.frame_box(&func.code, globals, None, None);
        let stack = &mut frame.stack;
        stack.reserve(size);
        if let Some(s) = self_ {
            stack.push(s);
        }
        // Move the arguments one by one, leaving NULLs behind, then pop those NULLs without
        // drop glue: cheaper than `drain(..)`, whose drop is an out-of-line call (about 20
        // machine instructions a call), for the usual one to three arguments. (`extend` with
        // the slice's iterator is no better: its `extend_trusted` stays out of line, about 60
        // machine instructions a call.)
        for slot in &mut caller[from..] {
            stack.push(std::mem::replace(slot, Value::Null));
        }
        while caller.len() > from {
            std::mem::forget(caller.pop());
        }
        // The other locals start unbound.
        for _ in nargs..nlocalsplus {
            stack.push(Value::Null);
        }
        // `frame.func` is `None` (`frame_box`): set without the drop of the old value.
        std::mem::forget(frame.func.replace(func));
        Ok(frame)
    }

    /// Keeps a finished frame for reuse (`frame_box`). Everything it referenced goes now, as
    /// when a CPython frame is cleared: its values, function and locals are dropped, and its
    /// globals become a placeholder (the builtins). Its code stays: the VM keeps every runtime
    /// code object for its whole life (`Vm::codes`), so holding one keeps nothing alive that
    /// would otherwise go, and the next call of the same function finds it in place.
    #[inline]
    pub fn recycle(&mut self, frame: Box<Frame>) {
        self.recycle_inline(frame);
    }

    /// `recycle`, inlined into its caller: the plain return (`Vm::return_to_caller`) runs it
    /// once per call, where the call and the saving of six registers cost ~16 instructions.
    #[inline(always)]
    pub(crate) fn recycle_inline(&mut self, mut frame: Box<Frame>) {
        if self.frame_pool.len() >= 64 {
            return;
        }
        // The code stays (see `recycle`): `Vm::codes` holds it too.
        debug_assert!(Rc::strong_count(&frame.code) > 1);
        // Popped one by one so that locals holding ints, floats, bools or None skip the
        // out-of-line drop call `clear` would make for each slot. An instance (every method's
        // `self`) drops its `Rc` inline: a count down and a test, where the drop of a `Value`
        // is a call that dispatches on the kind first.
        while let Some(v) = frame.stack.pop() {
            match v {
                Value::Instance(inst) => drop(inst),
                v => v.discard(),
            }
        }
        frame.func = None;
        frame.locals = None;
        // Most frames are `Normal` already; assigning would still call the out-of-line drop
        // of the old kind (about 11 machine instructions per return).
        if !matches!(frame.kind, FrameKind::Normal) {
            frame.kind = FrameKind::Normal;
        }
        frame.globals = self.builtins.clone();
        self.frame_pool.push(frame);
    }
}

/// Whether `nargs` positional arguments bind one-to-one to `code`'s parameters (no `*args`,
/// `**kwargs`, keyword-only parameters or defaults to fill): the calls whose frame is just the
/// arguments followed by unbound locals (`frame_from_stack`, `exact_frame`).
#[inline(always)]
pub(crate) fn binds_exactly(code: &CodeObject, nargs: usize) -> bool {
    use crate::code::flags::{CO_VARARGS, CO_VARKEYWORDS};
    nargs == code.argcount as usize
        && code.kwonlyargcount == 0
        && code.flags & (CO_VARARGS | CO_VARKEYWORDS) == 0
}

/// Arguments occupy the first localsplus slots: positional, keyword-only, *args, **kwargs.
fn arg_slots(code: &CodeObject) -> usize {
    let mut n = (code.argcount + code.kwonlyargcount) as usize;
    if code.flags & crate::code::flags::CO_VARARGS != 0 {
        n += 1;
    }
    if code.flags & crate::code::flags::CO_VARKEYWORDS != 0 {
        n += 1;
    }
    n
}

/// Creates the builtin classes and the exception hierarchy.
fn make_types() -> (Types, HashMap<&'static str, Rc<Class>>) {
    let object = Class::new("object", TypeKind::Object, None, NameMap::default(), true);
    let mk = |name: &str, kind: TypeKind| {
        Class::new(name, kind, Some(object.clone()), NameMap::default(), true)
    };
    let int = mk("int", TypeKind::Int);
    let bool_ = Class::new(
        "bool",
        TypeKind::Bool,
        Some(int.clone()),
        NameMap::default(),
        true,
    );
    let mut exc_types = HashMap::new();
    for (name, base) in HIERARCHY {
        let base = base.map(|b| exc_types.get(b).cloned().expect("bases come first"));
        let base = base.unwrap_or_else(|| object.clone());
        exc_types.insert(
            *name,
            Class::new(
                name,
                TypeKind::Exception,
                Some(base),
                NameMap::default(),
                true,
            ),
        );
    }
    let types = Types {
        type_: mk("type", TypeKind::Type),
        none: mk("NoneType", TypeKind::NoneType),
        bool_,
        int,
        float: mk("float", TypeKind::Float),
        str_: mk("str", TypeKind::Str),
        bytes: mk("bytes", TypeKind::Bytes),
        tuple: mk("tuple", TypeKind::Tuple),
        list: mk("list", TypeKind::List),
        dict: mk("dict", TypeKind::Dict),
        set: mk("set", TypeKind::Set),
        frozenset: mk("frozenset", TypeKind::FrozenSet),
        range: mk("range", TypeKind::Range),
        slice: mk("slice", TypeKind::Slice),
        function: mk("function", TypeKind::Function),
        method: mk("method", TypeKind::Method),
        builtin_function: mk("builtin_function_or_method", TypeKind::BuiltinFunction),
        module: mk("module", TypeKind::Module),
        generator: mk("generator", TypeKind::Generator),
        coroutine: mk("coroutine", TypeKind::Generator),
        iterator: mk("iterator", TypeKind::Iterator),
        iterators: ITERATOR_TYPES
            .iter()
            .map(|&name| (name, mk(name, TypeKind::Iterator)))
            .collect(),
        dict_view: mk("dict_keys", TypeKind::Iterator),
        dict_values: mk("dict_values", TypeKind::Iterator),
        dict_items: mk("dict_items", TypeKind::Iterator),
        enumerate: mk("enumerate", TypeKind::Enumerate),
        zip: mk("zip", TypeKind::Zip),
        reversed: mk("reversed", TypeKind::Reversed),
        map: mk("map", TypeKind::Map),
        filter: mk("filter", TypeKind::Filter),
        super_: mk("super", TypeKind::Super),
        member_descriptor: mk("member_descriptor", TypeKind::Object),
        traceback: mk("traceback", TypeKind::Object),
        base_exception: exc_types["BaseException"].clone(),
        other: mk("object", TypeKind::Object),
        object,
    };
    (types, exc_types)
}

impl Vm {
    /// True when `v` is the builtin function `name` of the builtins module.
    pub fn is_builtin(&self, v: &Value, name: &str) -> bool {
        matches!(v, Value::Builtin(b) if b.owner.is_none() && b.name == name)
    }
}

/// Result of running a whole program (`run_source`).
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// Everything the program printed.
    pub stdout: String,
    /// The traceback text of an uncaught exception (what goes to stderr), if any.
    pub error: Option<String>,
    /// The specialization statistics (filled when `VmOptions::stats` is set).
    pub stats: Stats,
}

/// Stack size of the thread that runs Python code: deep Python recursion never recurses in
/// Rust, but builtins calling back into Python (`sorted(key=...)`, `__repr__`) do.
pub const VM_STACK_SIZE: usize = 512 * 1024 * 1024;

/// Runs `f` on a thread with a large stack and returns its result.
pub fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(VM_STACK_SIZE)
        .spawn(f)
        .expect("spawn the VM thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// Compiles and runs `source` with captured output (tests, `explain specialize`).
pub fn run_source(
    source: &str,
    filename: &str,
    options: VmOptions,
) -> Result<RunOutcome, crate::error::CompileError> {
    let code = crate::compile::compile(source, filename)?;
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        ..options
    });
    let error = match vm.run_module(&code) {
        Ok(_) => None,
        Err(e) => Some(vm.format_traceback(e)),
    };
    Ok(RunOutcome {
        stdout: vm.take_output(),
        error,
        stats: vm.stats.clone(),
    })
}
