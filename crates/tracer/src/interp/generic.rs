//! Bodies of the generic instructions that are too long for the dispatch `match`: what runs
//! before specialization, after a deopt, and always under `--no-specialize`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::suggest::SuggestFrom;
use super::{Exit, Flow};
use crate::builtins::ops::CmpOp;
use crate::bytecode::Opcode;
use crate::code::unit_opcode;
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::frame::{Frame, FrameKind};
use crate::object::{type_name_of, Dict, Function, Generator, HKey, PyStr, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `BINARY_OP` (generic): operands popped, result pushed, cache skipped.
    pub(super) fn generic_binary_op(&mut self, f: &mut Frame, nb: usize) -> PyResult<()> {
        let rhs = f.pop();
        let lhs = f.pop();
        if let (Value::Int(a), Value::Int(b)) = (&lhs, &rhs) {
            if let Some(r) = small_int_division(nb, *a, *b) {
                f.push(Value::Int(r));
                f.pc += 1;
                return Ok(());
            }
        }
        let r = self.binary_op(&lhs, &rhs, nb)?;
        lhs.discard();
        rhs.discard();
        f.push(r);
        f.pc += 1;
        Ok(())
    }

    /// `COMPARE_OP` (generic); bit 16 of the oparg asks for a bool result.
    pub(super) fn generic_compare_op(&mut self, f: &mut Frame, arg: usize) -> PyResult<()> {
        let rhs = f.pop();
        let lhs = f.pop();
        let r = self.rich_compare(&lhs, &rhs, CmpOp::from_index(arg >> 5))?;
        let r = if arg & 16 != 0 && !matches!(r, Value::Bool(_)) {
            Value::Bool(self.truthy(&r)?)
        } else {
            r
        };
        f.push(r);
        f.pc += 1;
        Ok(())
    }

    /// `CONTAINS_OP` (generic): `in` (0) or `not in` (1).
    pub(super) fn generic_contains_op(&mut self, f: &mut Frame, arg: usize) -> PyResult<()> {
        let container = f.pop();
        let item = f.pop();
        let r = self.contains(&container, &item)?;
        f.push(Value::Bool(r != (arg == 1)));
        f.pc += 1;
        Ok(())
    }

    /// `UNPACK_SEQUENCE` (generic): pushes the items last-first.
    pub(super) fn generic_unpack(&mut self, f: &mut Frame, n: usize) -> PyResult<()> {
        let seq = f.pop();
        let items = match &seq {
            Value::Tuple(t) => t.to_vec(),
            Value::List(l) => l.borrow().clone(),
            _ => self.collect(&seq).map_err(|_| {
                exc::type_error(format!(
                    "cannot unpack non-iterable {} object",
                    type_name_of(&seq)
                ))
            })?,
        };
        if items.len() != n {
            return Err(if items.len() > n {
                exc::value_error(format!("too many values to unpack (expected {n})"))
            } else {
                exc::value_error(format!(
                    "not enough values to unpack (expected {n}, got {})",
                    items.len()
                ))
            });
        }
        f.stack.extend(items.into_iter().rev());
        Ok(())
    }

    /// `UNPACK_EX`: `a, *b, c = seq` (oparg = before | after << 8).
    pub(super) fn unpack_ex(&mut self, f: &mut Frame, arg: usize) -> PyResult<()> {
        let (before, after) = (arg & 0xff, arg >> 8);
        let seq = f.pop();
        let items = self.collect(&seq)?;
        if items.len() < before + after {
            return Err(exc::value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                items.len()
            )));
        }
        let mid = items[before..items.len() - after].to_vec();
        for v in items[items.len() - after..].iter().rev() {
            f.push(v.clone());
        }
        f.push(Value::list(mid));
        for v in items[..before].iter().rev() {
            f.push(v.clone());
        }
        Ok(())
    }

    /// `FOR_ITER` (generic). Generators are resumed by pushing their frame.
    pub(super) fn generic_for_iter(
        &mut self,
        f: &mut Frame,
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
    pub(super) fn resume_gen_frame(
        &mut self,
        f: &mut Frame,
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
        gf.push(Value::None);
        gf.kind = FrameKind::Generator {
            gen: g.clone(),
            for_iter_exit: Some(exit),
        };
        gf.entry = false;
        g.running.set(true);
        self.gen_enter(g);
        self.push_frame(f, gf)
    }

    /// Makes `new` the running frame; the current one becomes its caller.
    #[inline(always)]
    pub(crate) fn push_frame(&mut self, f: &mut Frame, new: Frame) -> PyResult<()> {
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

    /// Returns from the running frame with `v`.
    pub(super) fn pop_frame(&mut self, f: &mut Frame, v: Value) -> PyResult<Flow> {
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
        if f.entry {
            let done = std::mem::replace(f, self.placeholder_frame());
            self.recycle(done);
            return Ok(Flow::Exit(Exit::Return(v)));
        }
        let caller = self.frames.pop().expect("a non-entry frame has a caller");
        let done = std::mem::replace(f, caller);
        self.recycle(done);
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

    /// An empty frame used to move a finished frame out of the loop's variable.
    pub(crate) fn placeholder_frame(&mut self) -> Frame {
        let code = self
            .codes
            .first()
            .cloned()
            .expect("a code object exists while running");
        Frame::new(code, Vec::new(), self.builtins.clone(), None, None)
    }

    /// `YIELD_VALUE`: suspends the generator frame and hands `v` to its resumer.
    pub(super) fn yield_value(&mut self, f: &mut Frame, v: Value) -> PyResult<Flow> {
        let FrameKind::Generator { gen, .. } = f.kind.clone() else {
            return Err(exc::new("SystemError", "yield outside a generator frame"));
        };
        self.depth -= 1;
        gen.running.set(false);
        self.gen_leave(&gen);
        if f.entry {
            let mut gf = std::mem::replace(f, self.placeholder_frame());
            gf.entry = false;
            *gen.frame.borrow_mut() = Some(gf);
            return Ok(Flow::Exit(Exit::Yield(v)));
        }
        let caller = self.frames.pop().expect("a generator frame has a resumer");
        let gf = std::mem::replace(f, caller);
        *gen.frame.borrow_mut() = Some(gf);
        f.push(v);
        Ok(Flow::Next)
    }

    /// `RETURN_GENERATOR`: turns the running frame into a suspended generator and returns it.
    pub(super) fn return_generator(&mut self, f: &mut Frame) -> PyResult<Flow> {
        let code = f.code.code.clone();
        let gen = Rc::new(Generator {
            name: Rc::new(PyStr::new(code.name.to_string())),
            qualname: Rc::new(PyStr::new(code.qualname.to_string())),
            frame: RefCell::new(None),
            running: Cell::new(false),
            finished: Cell::new(false),
            exc_state: RefCell::new(Value::None),
            outer_exc: RefCell::new(Value::None),
        });
        let entry = f.entry;
        let mut gf = std::mem::replace(f, self.placeholder_frame());
        gf.entry = false;
        gf.kind = FrameKind::Generator {
            gen: gen.clone(),
            for_iter_exit: None,
        };
        *gen.frame.borrow_mut() = Some(gf);
        self.depth -= 1;
        let result = Value::Generator(gen);
        if entry {
            return Ok(Flow::Exit(Exit::Return(result)));
        }
        let caller = self
            .frames
            .pop()
            .expect("a generator function has a caller");
        *f = caller;
        f.push(result);
        Ok(Flow::Next)
    }

    /// The key for `co_names[i]`.
    pub(super) fn name_key(&self, f: &Frame, i: usize) -> HKey {
        let name = &f.code.names[i];
        HKey {
            hash: name.hash() as i64,
            key: Value::Str(name.clone()),
        }
    }

    /// `LOAD_GLOBAL` (generic): globals, then builtins; pushes NULL after when bit 0 is set.
    pub(super) fn generic_load_global(&mut self, f: &mut Frame, arg: usize) -> PyResult<()> {
        let name = &f.code.names[arg >> 1];
        let v = f.globals.borrow().get_name(name).cloned();
        let v = match v {
            Some(v) => v,
            None => match self.builtins.borrow().get_name(name).cloned() {
                Some(v) => v,
                None => return Err(exc::name_error(f.code.names[arg >> 1].as_str())),
            },
        };
        f.push(v);
        if arg & 1 == 1 {
            f.push(Value::Null);
        }
        Ok(())
    }

    /// `LOAD_NAME`: locals mapping, globals, builtins.
    pub(super) fn load_name(&mut self, f: &mut Frame, arg: usize) -> PyResult<()> {
        let name = &f.code.names[arg];
        let local = f
            .locals
            .as_ref()
            .and_then(|l| l.borrow().get_name(name).cloned());
        let v = local
            .or_else(|| f.globals.borrow().get_name(name).cloned())
            .or_else(|| self.builtins.borrow().get_name(name).cloned());
        match v {
            Some(v) => {
                f.push(v);
                Ok(())
            }
            None => Err(exc::name_error(f.code.names[arg].as_str())),
        }
    }

    /// `LOAD_FROM_DICT_OR_GLOBALS`: the mapping on the stack, then globals and builtins.
    pub(super) fn load_from_dict_or_globals(&mut self, f: &mut Frame, arg: usize) -> PyResult<()> {
        let mapping = f.pop();
        let key = self.name_key(f, arg);
        let v = match &mapping {
            Value::Dict(d) => d.borrow().get(&key).cloned(),
            _ => None,
        };
        let v = v
            .or_else(|| f.globals.borrow().get(&key).cloned())
            .or_else(|| self.builtins.borrow().get(&key).cloned());
        match v {
            Some(v) => {
                f.push(v);
                Ok(())
            }
            None => Err(exc::name_error(f.code.names[arg].as_str())),
        }
    }

    /// `LOAD_FROM_DICT_OR_DEREF`: the mapping on the stack, then the cell.
    pub(super) fn load_from_dict_or_deref(&mut self, f: &mut Frame, arg: usize) -> PyResult<()> {
        let mapping = f.pop();
        let name = f.code.code.localsplusnames[arg].clone();
        let v = match &mapping {
            Value::Dict(d) => d.borrow().get_str(&name).cloned(),
            _ => None,
        };
        let v = match v {
            Some(v) => v,
            None => match &f.stack[arg] {
                Value::Cell(c) => c.borrow().clone(),
                _ => Value::Null,
            },
        };
        if v.is_null() {
            return Err(self.unbound_deref(f, arg));
        }
        f.push(v);
        Ok(())
    }

    /// `UnboundLocalError` for local `i`.
    pub(super) fn unbound_local(&self, f: &Frame, i: usize) -> PyErr {
        let name = &f.code.code.localsplusnames[i];
        exc::new(
            "UnboundLocalError",
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    /// The error for reading an empty cell or free variable.
    pub(super) fn unbound_deref(&self, f: &Frame, i: usize) -> PyErr {
        let name = &f.code.code.localsplusnames[i];
        let kind = f.code.code.localspluskinds.get(i).copied().unwrap_or(0);
        if kind & crate::code::kinds::CO_FAST_FREE != 0 {
            exc::name_error_free(name)
        } else {
            self.unbound_local(f, i)
        }
    }

    /// `LOAD_ATTR` (generic): attribute, or method and self when bit 0 is set.
    pub(super) fn generic_load_attr(&mut self, f: &mut Frame, arg: usize) -> PyResult<()> {
        let owner = f.pop();
        let name = f.code.names[arg >> 1].clone();
        if arg & 1 == 1 {
            let (m, s) = self
                .load_method(&owner, name.as_str())
                .map_err(|e| self.attr_error_with_obj(f, e, &owner, name.as_str()))?;
            f.push(m);
            f.push(s);
        } else {
            let v = self
                .getattr(&owner, name.as_str())
                .map_err(|e| self.attr_error_with_obj(f, e, &owner, name.as_str()))?;
            f.push(v);
        }
        Ok(())
    }

    /// Keeps the object of an AttributeError (CPython's `exc.obj`) for the traceback
    /// printer's suggestion; other errors pass through untouched.
    fn attr_error_with_obj(&mut self, f: &Frame, err: PyErr, obj: &Value, name: &str) -> PyErr {
        let PyErr::Lazy(l) = &err else { return err };
        if l.0 != "AttributeError" {
            return err;
        }
        let obj_is_self = f
            .code
            .code
            .localsplusnames
            .iter()
            .zip(&f.stack)
            .any(|(n, v)| n.as_ref() == "self" && v.is(obj));
        let exc = self.materialize(err);
        if let Some(state) = &exc.exc {
            state.borrow_mut().suggest = Some(SuggestFrom::Attr {
                obj: obj.clone(),
                name: Rc::from(name),
                obj_is_self,
            });
        }
        PyErr::Obj(exc)
    }

    /// `LOAD_SUPER_ATTR`: `super().name` — looks `name` up after `class` in `type(self)`'s MRO.
    /// The specialized forms pass their instruction index as `cache` to memoize the lookup.
    pub(super) fn load_super_attr(
        &mut self,
        f: &mut Frame,
        arg: usize,
        cache: Option<usize>,
    ) -> PyResult<()> {
        let self_ = f.pop();
        let class = f.pop();
        let _global_super = f.pop();
        let name = f.code.names[arg >> 2].clone();
        let Value::Type(class) = class else {
            return Err(exc::type_error(
                "super(type, obj): obj must be an instance or subtype of type",
            ));
        };
        let start = match &self_ {
            Value::Type(t) => t.clone(),
            other => self.type_of(other),
        };
        let found = match cache {
            Some(instr) => super_lookup_cached(f, instr, &start, &class, name.as_str()),
            None => super_lookup(&start, &class, name.as_str()),
        };
        let found = match found {
            Some(v) => v,
            None if name.as_str() == "__init__" => {
                // object.__init__ (and BaseException.__init__): accept and ignore.
                crate::builtins::builtin(
                    "__init__",
                    crate::object::CallConv::VarArgs,
                    |vm, args, _| {
                        if let (Some(Value::Instance(i)), true) = (args.first(), args.len() > 1) {
                            if let Some(e) = &i.exc {
                                e.borrow_mut().args = args[1..].to_vec();
                            }
                        }
                        let _ = vm;
                        Ok(Value::None)
                    },
                )
            }
            None => {
                return Err(exc::new(
                    "AttributeError",
                    format!("'super' object has no attribute '{}'", name.as_str()),
                ))
            }
        };
        let is_method = matches!(found, Value::Function(_) | Value::Builtin(_));
        // `_PySuper_Lookup` unbinds methods only for types with the generic `tp_getattro`;
        // with a Python `__getattribute__` the method comes back bound.
        let hooked = matches!(&self_, Value::Instance(i) if i.class.getattribute_hook().is_some());
        if arg & 1 == 1 && is_method && hooked {
            let b = self.bind(found, self_);
            f.push(b);
            f.push(Value::Null);
        } else if arg & 1 == 1 {
            if is_method {
                f.push(found);
                f.push(self_);
            } else {
                f.push(found);
                f.push(Value::Null);
            }
        } else if is_method {
            let b = self.bind(found, self_);
            f.push(b);
        } else {
            f.push(found);
        }
        Ok(())
    }

    /// `CALL` / `CALL_KW` (generic). Python functions get a new running frame (no Rust
    /// recursion); `kwnames` is the tuple of keyword names for `CALL_KW`.
    pub(super) fn generic_call(
        &mut self,
        f: &mut Frame,
        argc: usize,
        kwnames: Option<Value>,
    ) -> PyResult<()> {
        let args_start = f.stack.len() - argc;
        let self_or_null = f.stack[args_start - 1].clone();
        let callable = f.stack[args_start - 2].clone();
        if kwnames.is_none()
            && self.push_exact_args_frame(f, &callable, &self_or_null, args_start)?
        {
            return Ok(());
        }
        let mut args: Vec<Value> = Vec::with_capacity(argc + 1);
        if !self_or_null.is_null() {
            args.push(self_or_null);
        }
        args.extend(f.stack.drain(args_start..));
        f.stack.truncate(args_start - 2);
        let kw: Vec<(Rc<PyStr>, Value)> = match &kwnames {
            Some(Value::Tuple(names)) => {
                let split = args.len() - names.len();
                let vals = args.split_off(split);
                names
                    .iter()
                    .zip(vals)
                    .map(|(n, v)| {
                        (
                            match n {
                                Value::Str(s) => s.clone(),
                                _ => Rc::new(PyStr::new(String::new())),
                            },
                            v,
                        )
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        self.call_and_push(f, callable, args, &kw)
    }

    /// The allocation-free path of a generic `CALL` to a Python function (or a bound method
    /// of one) whose positional arguments match its parameters exactly: the arguments move
    /// from our stack into the callee's locals. False (stack untouched) for any other call.
    fn push_exact_args_frame(
        &mut self,
        f: &mut Frame,
        callable: &Value,
        self_or_null: &Value,
        args_start: usize,
    ) -> PyResult<bool> {
        // `from` is where the arguments start; a non-NULL `self_or_null` is the first one.
        let (func, self_, from) = match (callable, self_or_null) {
            (Value::Function(func), Value::Null) => (func, None, args_start),
            (Value::Function(func), _) => (func, None, args_start - 1),
            (Value::Method(m), Value::Null) => match &m.func {
                Value::Function(func) => (func, Some(m.self_.clone()), args_start),
                _ => return Ok(false),
            },
            _ => return Ok(false),
        };
        let Ok(frame) = self.frame_from_stack(func.clone(), self_, &mut f.stack, from) else {
            return Ok(false);
        };
        // Drop the callable and the NULL slot (if not moved as an argument).
        f.stack.truncate(args_start - 2);
        self.push_frame(f, frame)?;
        Ok(true)
    }

    /// Calls `callable(*args, **kw)`: pushes a frame for Python code, else calls and pushes.
    pub(super) fn call_and_push(
        &mut self,
        f: &mut Frame,
        callable: Value,
        mut args: Vec<Value>,
        kw: &[(Rc<PyStr>, Value)],
    ) -> PyResult<()> {
        match &callable {
            Value::Function(func) => {
                let frame = self.bind_frame(func, &args, kw)?;
                self.push_frame(f, frame)
            }
            Value::Method(m) if matches!(m.func, Value::Function(_)) => {
                args.insert(0, m.self_.clone());
                let func = m.func.clone();
                self.call_and_push(f, func, args, kw)
            }
            Value::Type(c) if !c.builtin && c.layout == TypeKind::Object => {
                let c = c.clone();
                match c.lookup("__init__") {
                    Some(Value::Function(init)) => {
                        // Made only here: a new instance reserves room in the class's shared
                        // keys, so an unused one would change later layout decisions.
                        let obj = Value::Instance(Rc::new(crate::object::Instance::new(c.clone())));
                        args.insert(0, obj.clone());
                        let mut frame = self.bind_frame(&init, &args, kw)?;
                        frame.kind = FrameKind::Init(obj);
                        self.push_frame(f, frame)
                    }
                    _ => {
                        let r = self.call_type(&c, &args, kw)?;
                        f.push(r);
                        Ok(())
                    }
                }
            }
            _ => {
                let r = self.call(&callable, &args, kw)?;
                f.push(r);
                Ok(())
            }
        }
    }

    /// `CALL_INTRINSIC_1`.
    pub(super) fn intrinsic_1(&mut self, f: &mut Frame, arg: usize) -> PyResult<()> {
        let v = f.pop();
        let r = match arg as u32 {
            crate::bytecode::INTRINSIC_UNARY_POSITIVE => self.unary_positive(&v)?,
            crate::bytecode::INTRINSIC_LIST_TO_TUPLE => Value::tuple(self.collect(&v)?),
            crate::bytecode::INTRINSIC_STOPITERATION_ERROR => {
                // The generator's outer handler: a StopIteration escaping the body becomes
                // RuntimeError; any other exception passes through unchanged (RERAISE follows).
                let err = self.value_to_err(v.clone());
                if self.is_stop_iteration(&err) {
                    let e = self
                        .materialize(exc::new("RuntimeError", "generator raised StopIteration"));
                    Value::Instance(e)
                } else {
                    v
                }
            }
            1 => {
                if !matches!(v, Value::None) {
                    let s = self.repr(&v)?;
                    self.write_out(&format!("{s}\n"));
                }
                Value::None
            }
            _ => {
                return Err(exc::new(
                    "SystemError",
                    format!("intrinsic {arg} is not supported"),
                ))
            }
        };
        f.push(r);
        Ok(())
    }

    /// `MAKE_FUNCTION`: a function from the code object on the stack.
    pub(super) fn make_function(&mut self, f: &mut Frame) {
        let code = f.pop();
        let Value::Code(code) = code else {
            return f.push(Value::None);
        };
        let func = Function {
            name: Rc::new(PyStr::new(code.code.name.to_string())),
            qualname: Rc::new(PyStr::new(code.code.qualname.to_string())),
            globals: f.globals.clone(),
            defaults: RefCell::new(Rc::new(Vec::new())),
            kwdefaults: RefCell::new(None),
            closure: RefCell::new(Rc::new(Vec::new())),
            version: Cell::new(code.version),
            code,
        };
        f.push(Value::Function(Rc::new(func)));
    }

    /// `SET_FUNCTION_ATTRIBUTE`: defaults (1), keyword defaults (2), annotations (4),
    /// closure (8).
    pub(super) fn set_function_attribute(&mut self, f: &mut Frame, arg: usize) {
        let func = f.pop();
        let attr = f.pop();
        if let Value::Function(func) = &func {
            match arg {
                1 => {
                    if let Value::Tuple(t) = attr {
                        *func.defaults.borrow_mut() = t;
                    }
                }
                2 => {
                    if let Value::Dict(d) = attr {
                        *func.kwdefaults.borrow_mut() = Some(Rc::new(d.borrow().clone()));
                    }
                }
                8 => {
                    if let Value::Tuple(t) = attr {
                        *func.closure.borrow_mut() = t;
                    }
                }
                _ => {}
            }
        }
        f.push(func);
    }

    /// `BUILD_SET`.
    pub(super) fn build_set(&mut self, f: &mut Frame, n: usize) -> PyResult<()> {
        let items = f.stack.split_off(f.stack.len() - n);
        let mut s = crate::object::Set::new(false);
        for v in items {
            let k = self.hkey(&v)?;
            s.insert(k);
        }
        f.push(Value::Set(Rc::new(RefCell::new(s))));
        Ok(())
    }

    /// `BUILD_MAP`: `n` key/value pairs.
    pub(super) fn build_map(&mut self, f: &mut Frame, n: usize) -> PyResult<()> {
        let items = f.stack.split_off(f.stack.len() - 2 * n);
        let mut d = Dict::new();
        for pair in items.chunks(2) {
            let k = self.hkey(&pair[0])?;
            d.insert(k, pair[1].clone());
        }
        f.push(Value::dict(d));
        Ok(())
    }

    /// `BUILD_CONST_KEY_MAP`: values, then a tuple of keys.
    pub(super) fn build_const_key_map(&mut self, f: &mut Frame, n: usize) -> PyResult<()> {
        let keys = f.pop();
        let values = f.stack.split_off(f.stack.len() - n);
        let mut d = Dict::new();
        if let Value::Tuple(keys) = keys {
            for (k, v) in keys.iter().zip(values) {
                let hk = self.hkey(k)?;
                d.insert(hk, v);
            }
        }
        f.push(Value::dict(d));
        Ok(())
    }

    /// `RAISE_VARARGS`: re-raise (0), raise (1), raise from (2).
    pub(super) fn raise_varargs(&mut self, f: &mut Frame, arg: usize) -> PyErr {
        match arg {
            0 => match &self.handled {
                Value::Instance(i) => PyErr::Obj(i.clone()),
                _ => exc::new("RuntimeError", "No active exception to reraise"),
            },
            _ => {
                let cause = if arg == 2 { Some(f.pop()) } else { None };
                let v = f.pop();
                // `from None` is kept as Some(None): it suppresses the context.
                let cause = match cause {
                    None => None,
                    Some(Value::None) => Some(Value::None),
                    Some(c) => match self.make_exception(c) {
                        Ok(PyErr::Obj(i)) => Some(Value::Instance(i)),
                        Ok(_) | Err(_) => {
                            return exc::type_error(
                                "exception causes must derive from BaseException",
                            )
                        }
                    },
                };
                match self.make_exception(v) {
                    Ok(PyErr::Obj(i)) => {
                        if let (Some(e), Some(c)) = (&i.exc, cause) {
                            e.borrow_mut().cause = Some(c);
                        }
                        PyErr::Obj(i)
                    }
                    Ok(e) | Err(e) => e,
                }
            }
        }
    }

    /// An exception value from the stack as an error.
    pub(crate) fn value_to_err(&mut self, v: Value) -> PyErr {
        match v {
            Value::Instance(i) if i.exc.is_some() => PyErr::Obj(i),
            other => match self.make_exception(other) {
                Ok(e) | Err(e) => e,
            },
        }
    }

    /// `except T:` matching: `T` a class or a tuple of classes.
    pub(super) fn exc_matches(&mut self, e: &Value, ty: &Value) -> PyResult<bool> {
        let Value::Instance(inst) = e else {
            return Ok(false);
        };
        match ty {
            Value::Type(c) => Ok(inst.class.is_subclass(c)),
            Value::Tuple(t) => {
                for x in t.iter() {
                    if self.exc_matches(e, x)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(exc::type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }
}

/// `super_lookup` memoized in the object cache of a `LOAD_SUPER_ATTR_*` instruction.
/// Invariant: the memo is valid while `start` and `class` are the same classes and `start`'s
/// version is unchanged, since any change to a class namespace along `start`'s MRO gives
/// `start` a new version (`Class::invalidate`). CPython repeats the lookup; the result is
/// the same, so nothing observable changes.
fn super_lookup_cached(
    f: &Frame,
    instr: usize,
    start: &Rc<crate::object::Class>,
    class: &Rc<crate::object::Class>,
    name: &str,
) -> Option<Value> {
    let slot = &f.code.objcache[instr];
    if let Value::Tuple(memo) = &*slot.borrow() {
        if let [Value::Type(s), Value::Type(c), Value::Int(version), found] = &memo[..] {
            if Rc::ptr_eq(s, start)
                && Rc::ptr_eq(c, class)
                && *version == i64::from(start.version.get())
            {
                return Some(found.clone());
            }
        }
    }
    let found = super_lookup(start, class, name)?;
    *slot.borrow_mut() = Value::tuple(vec![
        Value::Type(start.clone()),
        Value::Type(class.clone()),
        Value::Int(i64::from(start.version.get())),
        found.clone(),
    ]);
    Some(found)
}

/// The `super()` lookup: `name` in the first class after `class` along `start`'s MRO
/// (nothing when `class` is not in it). Walks the base chain in place, allocating nothing.
fn super_lookup(
    start: &Rc<crate::object::Class>,
    class: &Rc<crate::object::Class>,
    name: &str,
) -> Option<Value> {
    let mut cur = Some(start);
    while let Some(c) = cur {
        if Rc::ptr_eq(c, class) {
            break;
        }
        cur = c.base.as_ref();
    }
    let mut next = cur.and_then(|c| c.base.as_ref());
    while let Some(c) = next {
        if let Some(v) = c.dict.borrow().get(name) {
            return Some(v.clone());
        }
        next = c.base.as_ref();
    }
    None
}

/// `%` and `//` on two machine-word ints, rounded toward negative infinity as Python rounds.
/// 3.13 has no specialized form for them, so `BINARY_OP` stays generic at these sites; this
/// shortcut only skips the general numeric dispatch. `None` (a zero divisor, `MIN // -1`, any
/// other operator) takes the general path, which raises or widens exactly as before.
#[inline]
fn small_int_division(nb: usize, a: i64, b: i64) -> Option<i64> {
    // NB_FLOOR_DIVIDE = 2, NB_REMAINDER = 6; the in-place forms are 13 higher.
    match nb {
        2 | 15 => {
            let q = a.checked_div(b)?;
            Some(if a % b != 0 && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            })
        }
        6 | 19 => {
            let r = a.checked_rem(b)?;
            Some(if r != 0 && ((r < 0) != (b < 0)) {
                r + b
            } else {
                r
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::small_int_division;
    use crate::object::int::{self, IntOp};
    use crate::value::Value;

    /// The shortcut agrees with the general int arithmetic on signs, zero and the extremes.
    #[test]
    fn small_int_division_matches_the_general_path() {
        let xs = [i64::MIN, i64::MIN + 1, -7, -3, -1, 0, 1, 3, 7, i64::MAX];
        for &a in &xs {
            for &b in &xs {
                for (nb, op) in [(2, IntOp::FloorDiv), (6, IntOp::Mod)] {
                    let general = int::binop(op, &Value::Int(a), &Value::Int(b)).ok();
                    match small_int_division(nb, a, b) {
                        Some(r) => assert!(
                            matches!(general, Some(Value::Int(g)) if g == r),
                            "{a} op{nb} {b}: shortcut {r}"
                        ),
                        None => assert!(b == 0 || (a == i64::MIN && b == -1)),
                    }
                }
            }
        }
    }
}
