//! The `sharing` module: what Python code running in an isolate imports to share data.
//!
//! ```python
//! import sharing
//! from sharing import Map, publish, read, swap, create_queue
//!
//! m = Map({"a": 1})            # an immutable map, shared by handle between interpreters
//! m2 = m.set("b", 2)           # path-copies a few nodes; m is unchanged
//! publish("index", m2)         # a named shared root every interpreter can read
//! cur = read("index")          # a handle on the current version (no copy)
//! swap("index", cur, cur.set("c", 3))   # compare-and-publish: False if someone was first
//! q = create_queue(10)         # a bounded queue of shareable items
//! ```
//!
//! It is a builtin module of the `tracer` VM (registered in `Vm::modules`, so `import sharing`
//! and `from sharing import ...` find it) whose functions and types are Rust: the map and
//! the queue are `tracer` native objects (`object::native`) holding a
//! [`SharedMap`](crate::SharedMap) or a [`Queue`](crate::Queue). Values cross between the
//! VM's heap and the shared world only through `python/convert.rs`, which copies scalars and
//! shares maps and queues, and refuses the rest with `NotShareableError`.
//!
//! The module's state (the native types, the exception classes, the [`Roots`] registry and
//! the interpreter id) lives in the module itself, under `__state__`, so functions find it
//! through the VM they are called with: one `sharing` module per interpreter, as CPython's
//! extension modules keep per-interpreter state (PEP 489, PEP 684).

mod convert;
mod functions;
mod map_type;
mod queue_type;

use std::rc::Rc;

use tracer::exceptions::{self as exc, PyErr, PyResult};
use tracer::object::dict::str_key;
use tracer::object::{CallConv, Class, Dict, Instance, Module, NativeType, PyStr, TypeKind};
use tracer::value::Value;
use tracer::vm::Vm;

use crate::error::InterpreterId;
use crate::roots::Roots;

pub(crate) use convert::{to_shareable, to_value};

/// The module's name, as Python code imports it.
pub const MODULE: &str = "sharing";

/// Per-interpreter state of the `sharing` module.
pub(crate) struct State {
    pub id: InterpreterId,
    pub roots: Roots,
    pub map: NativeType,
    pub map_iter: NativeType,
    pub queue: NativeType,
    pub queue_empty: Rc<Class>,
    pub queue_full: Rc<Class>,
    pub not_shareable: Rc<Class>,
}

/// Installs `sharing` into `vm` for interpreter `id`, publishing through `roots`.
pub fn install(vm: &mut Vm, id: InterpreterId, roots: Roots) {
    let object = vm.types.object.clone();
    let exception = |vm: &Vm, name: &str, base: &str| {
        let base = vm
            .exc_class(base)
            .unwrap_or_else(|| vm.types.base_exception.clone());
        Class::new(
            name,
            TypeKind::Exception,
            Some(base),
            Default::default(),
            true,
        )
    };
    let state = Rc::new(State {
        id,
        roots,
        map: map_type::native_type(&object),
        map_iter: map_type::iter_type(&object),
        queue: queue_type::native_type(&object),
        queue_empty: exception(vm, "QueueEmpty", "Exception"),
        queue_full: exception(vm, "QueueFull", "Exception"),
        // A ValueError, as CPython's `interpreters.NotShareableError`.
        not_shareable: exception(vm, "NotShareableError", "ValueError"),
    });
    let mut d = Dict::new();
    d.insert(str_key("__name__"), Value::str(MODULE));
    for (name, conv, func) in functions::FUNCTIONS {
        let f = tracer::builtins::module_builtin(MODULE, name, *conv, *func);
        d.insert(str_key(name), f);
    }
    for class in [&state.queue_empty, &state.queue_full, &state.not_shareable] {
        d.insert(str_key(class.name.as_str()), Value::Type(class.clone()));
    }
    d.insert(str_key("MapType"), Value::Type(state.map.class.clone()));
    d.insert(str_key("QueueType"), Value::Type(state.queue.class.clone()));
    let state_type = NativeType::new("sharing_state", &object, &[]);
    d.insert(str_key("__state__"), state_type.instance(state));
    let module = Module {
        name: Rc::new(PyStr::new(MODULE.to_string())),
        dict: Rc::new(std::cell::RefCell::new(d)),
    };
    vm.modules
        .insert(MODULE.to_string(), Value::Module(Rc::new(module)));
}

/// The `sharing` state of the interpreter running `vm`.
pub(crate) fn state(vm: &Vm) -> PyResult<Rc<State>> {
    let gone = || exc::new("SystemError", "the sharing module's state is gone");
    let Some(Value::Module(m)) = vm.modules.get(MODULE) else {
        return Err(gone());
    };
    let d = m.dict.borrow();
    d.get_str("__state__")
        .and_then(|v| v.native::<Rc<State>>())
        .cloned()
        .ok_or_else(gone)
}

/// An exception of one of the module's classes, with `msg` as its only argument.
pub(crate) fn raise(class: &Rc<Class>, msg: impl Into<String>) -> PyErr {
    let inst = Instance::new(class.clone());
    if let Some(e) = &inst.exc {
        e.borrow_mut().args = vec![Value::str(msg.into())];
    }
    PyErr::Obj(Rc::new(inst))
}

/// The `NotShareableError` for `err`, raised in the interpreter running `vm`.
pub(crate) fn not_shareable(vm: &Vm, err: crate::share::NotShareableError) -> PyErr {
    match state(vm) {
        Ok(s) => raise(&s.not_shareable, err.to_string()),
        Err(e) => e,
    }
}

/// The positional arguments after `self`, checked against `min..=max` with CPython's words.
pub(crate) fn arity(name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    tracer::builtins::check_positional(name, args.len(), min, max)
}

/// A keyword argument's value, refusing unknown keywords as CPython does.
pub(crate) fn keyword(
    func: &str,
    kw: tracer::object::KwArgs<'_>,
    allowed: &[&str],
) -> PyResult<Vec<Option<Value>>> {
    let mut out = vec![None; allowed.len()];
    for (name, value) in kw {
        match allowed.iter().position(|a| *a == name.as_str()) {
            Some(i) => out[i] = Some(value.clone()),
            None => {
                return Err(exc::type_error(format!(
                    "{func}() got an unexpected keyword argument '{}'",
                    name.as_str()
                )))
            }
        }
    }
    Ok(out)
}

/// `CallConv` shorthand for the tables in the submodules.
pub(crate) use CallConv::{Fast, FastKw, NoArgs, O};
