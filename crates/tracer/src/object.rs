//! The heap objects behind `Value`'s `Rc`s: strings, containers, functions, classes, instances.
//!
//! Each struct mirrors the CPython object of the same name closely enough that the specializer
//! can make CPython's decisions: a `Class` has a version tag (`tp_version_tag`) that changes
//! whenever its namespace changes, instances keep their attributes in "inline values" indexed
//! by the class's shared keys (3.13's `Py_TPFLAGS_INLINE_VALUES`), and a `Dict` has a keys
//! version (`dk_version`) that the `LOAD_GLOBAL_*` guards compare against.
//!
//! Behaviour lives in the submodules: `int` (big-int fallback), `float` (CPython's repr),
//! `str` (methods and format specs), `dict` (the ordered hash table), `class`, `iter`,
//! `slots` (`__slots__` member descriptors), `typecache` (the `(version, name)` attribute
//! cache of class lookups) and `native` (objects whose state is a Rust value).

pub mod class;
pub mod dict;
pub mod float;
pub mod gc;
pub mod instance;
pub mod int;
pub mod iter;
pub mod mro;
pub mod namehash;
pub mod native;
pub mod slots;
pub mod str;
pub mod typecache;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::code::CodeObject;
use crate::value::Value;

pub use class::{Class, Instance, TypeKind};
pub use dict::{Dict, HKey, Set};
pub use iter::Iter;
pub use native::{Native, NativeType};
pub use slots::{DictKind, MemberDescr};
pub use str::PyStr;

/// `range(start, stop, step)`; `step` is never 0.
#[derive(Debug, Clone)]
pub struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl Range {
    /// The exact number of items. i128 because `stop - start` of two i64 bounds can leave
    /// i64: `range(-2**63, 2**63 - 1)` has 2**64 - 1 items.
    pub fn count(&self) -> i128 {
        let (start, stop, step) = (self.start as i128, self.stop as i128, self.step as i128);
        // The usual step: no 128-bit division (a call to `__divti3`, about 45 instructions,
        // made by every `for` loop over a range).
        if step == 1 {
            return (stop - start).max(0);
        }
        if step > 0 && start < stop {
            (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    }

    /// The number of items for a `range_iterator`, saturated at i64::MAX (no loop runs that
    /// long). `len(range)` uses [`Range::count`] and raises OverflowError past i64 instead.
    pub fn len(&self) -> i64 {
        i64::try_from(self.count()).unwrap_or(i64::MAX)
    }

    /// True when the range has no items.
    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// `range[i]`, negative `i` counting from the end; `None` when out of range.
    pub fn item(&self, i: i64) -> Option<i64> {
        let n = self.count();
        let i = if i < 0 { i as i128 + n } else { i as i128 };
        if i < 0 || i >= n {
            return None;
        }
        // Invariant: an in-range item lies between start and stop, so it fits i64.
        i64::try_from(self.start as i128 + i * self.step as i128).ok()
    }

    /// `range[start:stop:step]` given the slice's indices already adjusted to the range's
    /// length (as `PySlice_GetIndicesEx` does): a range again, as CPython's `compute_slice`
    /// builds it, each bound mapped through `start + i * step`. `None` if a bound leaves i64.
    pub fn slice(&self, start: i64, stop: i64, step: i64) -> Option<Range> {
        let at = |i: i64| i64::try_from(self.start as i128 + i as i128 * self.step as i128).ok();
        Some(Range {
            start: at(start)?,
            stop: at(stop)?,
            step: self.step.checked_mul(step)?,
        })
    }

    /// The position of `x` in the range (`range.index`), `None` when absent.
    pub fn index(&self, x: i64) -> Option<i64> {
        if !self.contains(x) {
            return None;
        }
        // Invariant: x is an item, so (x - start) is an exact multiple of step below the count.
        i64::try_from((x as i128 - self.start as i128) / self.step as i128).ok()
    }

    /// `x in range`, computed without overflow for any i64 bounds.
    pub fn contains(&self, x: i64) -> bool {
        let (x, start, stop, step) = (
            x as i128,
            self.start as i128,
            self.stop as i128,
            self.step as i128,
        );
        if step > 0 {
            x >= start && x < stop && (x - start) % step == 0
        } else {
            x <= start && x > stop && (start - x) % (-step) == 0
        }
    }
}

/// `slice(start, stop, step)`; fields are `None` when omitted.
#[derive(Debug, Clone)]
pub struct Slice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

/// A function object: code plus the environment it was created in (`MAKE_FUNCTION`).
pub struct Function {
    pub code: Rc<RtCode>,
    pub globals: Rc<RefCell<Dict>>,
    pub name: Rc<PyStr>,
    pub qualname: Rc<PyStr>,
    /// Positional defaults (`__defaults__`), set by `SET_FUNCTION_ATTRIBUTE 1`.
    pub defaults: RefCell<Rc<Vec<Value>>>,
    /// Keyword-only defaults (`__kwdefaults__`).
    pub kwdefaults: RefCell<Option<Rc<Dict>>>,
    /// `__annotations__`: the (name, value) pairs `SET_FUNCTION_ATTRIBUTE 4` sets, made a dict
    /// the first time it is read (as CPython 3.13 does); `None` until then if there are none.
    pub annotations: RefCell<Value>,
    /// Closure cells (`__closure__`), copied into the frame by `COPY_FREE_VARS`.
    pub closure: RefCell<Rc<Vec<Value>>>,
    /// `func_version`: what `CALL_PY_EXACT_ARGS` guards on. 0 means "no version" (the function
    /// was modified after creation), which makes specialization fail.
    pub version: Cell<u32>,
    /// Attributes a program set (`f.__wrapped__ = g`, `f.__name__ = "h"`), made on the first.
    pub attrs: RefCell<Option<Box<FuncAttrs>>>,
}

/// A function's settable attributes: its `__dict__`, and the values assigned to the
/// attributes CPython keeps in the function object itself (`__name__`, `__qualname__`,
/// `__doc__`, `__module__`, `__annotations__`, `__type_params__`).
pub struct FuncAttrs {
    pub dict: Rc<RefCell<Dict>>,
    pub special: Dict,
}

impl Function {
    /// The function's attributes, made empty on first use.
    pub fn attrs_mut(&self) -> std::cell::RefMut<'_, FuncAttrs> {
        let mut a = self.attrs.borrow_mut();
        if a.is_none() {
            *a = Some(Box::new(FuncAttrs {
                dict: match Value::dict(Dict::new()) {
                    Value::Dict(d) => d,
                    _ => unreachable!("Value::dict makes a dict"),
                },
                special: Dict::new(),
            }));
        }
        std::cell::RefMut::map(a, |a| a.as_deref_mut().expect("made above"))
    }

    /// An attribute a program assigned: a special one (`__name__`) or one of `__dict__`.
    pub fn assigned(&self, name: &str) -> Option<Value> {
        let a = self.attrs.borrow();
        let a = a.as_ref()?;
        if let Some(v) = a.special.get_str(name) {
            return Some(v.clone());
        }
        let d = a.dict.borrow();
        d.get_str(name).cloned()
    }
}

/// A callable bound to its first argument (`obj.method`).
pub struct BoundMethod {
    pub func: Value,
    pub self_: Value,
}

/// How a builtin receives its arguments: CPython's `METH_*` calling conventions, which decide
/// the `CALL_BUILTIN_*` / `CALL_METHOD_DESCRIPTOR_*` form the specializer picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallConv {
    /// `METH_O`: exactly one argument.
    O,
    /// `METH_NOARGS`: no argument (besides self for methods).
    NoArgs,
    /// `METH_FASTCALL`: positional only.
    Fast,
    /// `METH_FASTCALL | METH_KEYWORDS`.
    FastKw,
    /// `METH_VARARGS` (tuple and dict): never specialized by CALL.
    VarArgs,
    /// A *slot wrapper* taking no argument (`list_iterator.__next__`, `generator.__iter__`):
    /// the type's C slot seen as a method. Never specialized by CALL (`CALL_NON_PY_GENERAL`),
    /// and the call path checks its arguments with the wrapper's own messages
    /// ("expected 0 arguments, got 1").
    SlotWrapper,
}

/// Keyword arguments passed to a builtin: `(name, value)` pairs.
pub type KwArgs<'a> = &'a [(Rc<PyStr>, Value)];

/// Signature of every builtin function and method (methods get `self` as `args[0]`).
pub type BuiltinFn =
    fn(&mut crate::vm::Vm, &[Value], KwArgs<'_>) -> crate::exceptions::PyResult<Value>;

/// A builtin function (`len`) or a method descriptor of a builtin type (`list.append`).
pub struct Builtin {
    pub name: &'static str,
    /// The type whose method this is (`None` for module-level functions).
    pub owner: Option<&'static str>,
    pub conv: CallConv,
    pub func: BuiltinFn,
    /// The module of a module-level function, for messages (`math.sqrt() takes ...`).
    pub module: Option<&'static str>,
    /// Positional arguments a `METH_FASTCALL` method accepts, `self` not counted (CPython's
    /// `_PyArg_CheckPositional` bounds); `(0, usize::MAX)` when its body checks them.
    pub positional: (usize, usize),
    /// True for `globals`, `locals`, `vars`, `exec`, `eval` and `compile`, which read their
    /// caller's namespaces: the eval loop hands them over before the call. Decided once when
    /// the builtin is made, so a call tests a flag instead of comparing names.
    pub needs_caller: bool,
    /// For a `METH_O` function of one float whose result is final whenever it is finite
    /// (`math.sqrt` is `f64::sqrt` behind `math_1`): that function, with the C calling
    /// convention, so that the JIT's `_CALL_BUILTIN_O` stencil can call it on a float
    /// argument directly, as CPython's stencil calls the C function (anything else, or a
    /// result that is not finite, runs `func` in the VM, which raises as CPython does).
    pub float_kernel: Option<FloatKernel>,
}

/// See [`Builtin::float_kernel`]: `f(x)` for a float `x`, pure (calling it twice is harmless).
pub type FloatKernel = extern "C" fn(f64) -> f64;

/// A module object (`math`, or `__main__`).
pub struct Module {
    pub name: Rc<PyStr>,
    pub dict: Rc<RefCell<Dict>>,
}

/// Which of a dict's views a `DictView` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

/// A generator: a suspended frame resumed by `next()` / `FOR_ITER`.
pub struct Generator {
    /// A coroutine (`async def`, `CO_COROUTINE`): awaited rather than iterated, type
    /// `coroutine`, `cr_*` attributes; otherwise a generator.
    pub coroutine: bool,
    pub name: Rc<PyStr>,
    pub qualname: Rc<PyStr>,
    /// The frame while suspended; `None` while running or once finished.
    pub frame: RefCell<Option<Box<crate::frame::Frame>>>,
    pub running: Cell<bool>,
    pub finished: Cell<bool>,
    /// CPython's `gi_exc_state`: the exception this generator's own `except` block is
    /// handling while it is suspended (`None` outside a handler).
    pub exc_state: RefCell<crate::value::Value>,
    /// While running: the resumer's handled exception, restored when the frame leaves.
    pub outer_exc: RefCell<crate::value::Value>,
}

/// The runtime side of a code object: the adaptive copy of `co_code` that the specializer
/// rewrites in place, and the constants and names converted to `Value`s once.
///
/// Invariant: `units.len() == code.code.len()`; only opcodes of the same family (and the
/// inline cache words) are ever written, so instruction boundaries never move.
pub struct RtCode {
    pub code: Rc<CodeObject>,
    /// The adaptive instruction stream (CPython's `co_code_adaptive`).
    pub units: Box<[Cell<u16>]>,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<PyStr>>,
    /// `co_name` and `co_qualname` as strings made once: every function made by
    /// `MAKE_FUNCTION` and every generator made by `RETURN_GENERATOR` shares them (CPython's
    /// are interned strings of the code object too), which saves four allocations and two
    /// string formats per generator expression evaluated.
    pub co_name: Rc<PyStr>,
    pub co_qualname: Rc<PyStr>,
    /// Objects cached by specialized instructions (a method, a class attribute), indexed by
    /// the instruction's code-unit index: CPython keeps these pointers in the inline cache.
    pub objcache: Box<[RefCell<Value>]>,
    pub nlocalsplus: usize,
    /// The number of leading localsplus slots that are arguments.
    pub nargs: usize,
    /// `co_version`, given to every function made from this code.
    pub version: u32,
    pub is_generator: bool,
    /// Index of each cell variable among localsplus (for `MAKE_CELL` of arguments).
    pub has_cells: bool,
    /// Tier-2 executors installed in `units` (`co_executors`): `ENTER_EXECUTOR i` runs
    /// `executors[i]`; a detached executor leaves `None` (slots are never reused).
    pub executors: RefCell<Vec<Option<Rc<crate::executor::Executor>>>>,
}

/// CPython's name for the type of `v` (`type(v).__name__`).
pub fn type_name_of(v: &Value) -> String {
    match v {
        Value::Instance(i) => i.class.name.as_str().to_string(),
        Value::Type(c) if c.is_meta() => "type".to_string(),
        other => static_type_name(other).to_string(),
    }
}

/// Type names of the builtin representations.
pub fn static_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NULL",
        Value::None => "NoneType",
        Value::NotImplemented => "NotImplementedType",
        Value::Ellipsis => "ellipsis",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::BigInt(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Bytes(_) => "bytes",
        Value::Tuple(_) => "tuple",
        Value::List(_) => "list",
        Value::Dict(_) => "dict",
        Value::Set(s) => {
            if s.borrow().frozen {
                "frozenset"
            } else {
                "set"
            }
        }
        Value::Range(_) => "range",
        Value::Slice(_) => "slice",
        Value::Function(_) => "function",
        Value::Method(m) => match m.func {
            Value::Builtin(_) => "builtin_function_or_method",
            _ => "method",
        },
        Value::Builtin(b) => {
            if b.owner.is_some() {
                "method_descriptor"
            } else {
                "builtin_function_or_method"
            }
        }
        Value::Type(_) => "type",
        Value::Instance(_) => "object",
        Value::Module(_) => "module",
        Value::DictView(v) => match v.1 {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        },
        Value::Iter(it) => it.borrow().type_name(),
        Value::Generator(g) if g.coroutine => "coroutine",
        Value::Generator(_) => "generator",
        Value::Cell(_) => "cell",
        Value::Member(_) => "member_descriptor",
        Value::Code(_) => "code",
        Value::Native(n) => n.type_name,
    }
}
