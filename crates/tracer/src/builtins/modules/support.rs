//! What the provided modules' types share: making a type whose methods are Rust functions
//! (`collections.deque`, `itertools.chain`, `functools.partial`), getting `self` back as its
//! Rust value, and the small protocol helpers their methods keep calling.
//!
//! CPython defines these types in C (`_collectionsmodule.c`, `itertoolsmodule.c`): a static
//! type with a method table, a `tp_new`, and a `__module__` that makes `repr(deque)` read
//! `<class 'collections.deque'>`. Here a type is a builtin `Class` holding `Builtin` methods
//! marked with their module (`Builtin::module`), which is how the VM tells them from the
//! dunders of its own builtin types:
//!
//! ```text
//!   deque(...)          construct -> type_new_of(deque) -> the type's __new__(cls, ...)
//!   d.append(x)         the class's `append` Builtin, args[0] is d (a Native holding the deque)
//!   d.maxlen            no such entry -> the type's __getattr__(d, "maxlen")
//!   repr(deque)         type_module(deque) = "collections" -> <class 'collections.deque'>
//! ```

use crate::object::namehash::NameMap;
use std::any::Any;
use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, Builtin, BuiltinFn, CallConv, Class, NativeType, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// One method of a provided type: its name, CPython's calling convention, the Rust body.
pub type Method = (&'static str, CallConv, BuiltinFn);

/// A method `Builtin` of type `owner` in `module`.
fn method(module: &'static str, owner: &'static str, m: &Method) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: m.0,
        owner: Some(owner),
        conv: m.1,
        func: m.2,
        module: Some(module),
        positional: (0, usize::MAX),
        needs_caller: false,
        float_kernel: None,
    }))
}

/// The namespace of a provided type: its methods and `__module__`.
fn namespace(module: &'static str, owner: &'static str, methods: &[Method]) -> NameMap<Value> {
    let mut dict = NameMap::default();
    for m in methods {
        dict.insert(Rc::from(m.0), method(module, owner, m));
    }
    dict.insert(Rc::from("__module__"), Value::str(module));
    dict
}

/// `module.name` as a `&'static str`, made once per process: CPython's `tp_name` of a type
/// defined in C (`collections.deque`), which messages name (`unhashable type:
/// 'collections.deque'`) and the specializer compares with a method's owner.
pub fn tp_name(module: &str, name: &str) -> &'static str {
    thread_local! {
        static NAMES: std::cell::RefCell<std::collections::HashMap<String, &'static str>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    let full = format!("{module}.{name}");
    NAMES.with(|names| {
        *names
            .borrow_mut()
            .entry(full.clone())
            .or_insert_with(|| Box::leak(full.into_boxed_str()))
    })
}

/// A native type `module.name` (instances are `Value::Native`) with `methods`; a `__new__`
/// among them makes the type callable.
pub fn native_type(
    vm: &Vm,
    module: &'static str,
    name: &'static str,
    methods: &[Method],
) -> NativeType {
    let full = tp_name(module, name);
    let dict = namespace(module, full, methods);
    let class = Class::new(
        name,
        TypeKind::Object,
        Some(vm.types.object.clone()),
        dict,
        true,
    );
    NativeType { class, name: full }
}

/// A new instance of the native type `cls` (a provided module's type, or a subclass the VM
/// made of one) holding `data`.
pub fn new_instance<T: Any>(cls: Rc<Class>, data: T) -> Value {
    let name = match type_module(&cls) {
        Some(module) => tp_name(&module, cls.name.as_str()),
        None => tp_name("builtins", cls.name.as_str()),
    };
    NativeType { class: cls, name }.instance(data)
}

/// A builtin subclass `module.name` of `base` (`dict`, `tuple`): its instances are
/// `Instance`s carrying the base's value as payload (see `builtins/subclass.rs`).
pub fn payload_type(
    module: &'static str,
    name: &'static str,
    base: &Rc<Class>,
    methods: &[Method],
) -> Rc<Class> {
    let dict = namespace(module, name, methods);
    Class::new(name, TypeKind::User, Some(base.clone()), dict, true)
}

/// The `__new__` of a provided module's type, which `construct` calls with the class first.
pub fn type_new_of(class: &Class) -> Option<BuiltinFn> {
    // Provided types are made as `TypeKind::Object` (native types) or `TypeKind::User`
    // (payload and slotted types); the core classes (`range`, `tuple`, ...) skip the lookup
    // of `__new__` in their namespace, which every call of them paid.
    if !class.builtin || !matches!(class.kind, TypeKind::Object | TypeKind::User) {
        return None;
    }
    match class.dict.borrow().get("__new__") {
        Some(Value::Builtin(b)) if b.module.is_some() => Some(b.func),
        // A `NativeType`'s own `__new__` (`io.StringIO`, `array.array`): owned by the type.
        Some(Value::Builtin(b))
            if class.kind == TypeKind::Object
                && b.owner == Some(class.name.as_str())
                && class.name.as_str() != "object" =>
        {
            Some(b.func)
        }
        _ => None,
    }
}

/// The module a provided builtin type names in its repr (`collections` for `deque`).
pub fn type_module(class: &Class) -> Option<String> {
    if !class.builtin {
        return None;
    }
    match class.dict.borrow().get("__module__") {
        Some(Value::Str(s)) => Some(s.as_str().to_string()),
        _ => None,
    }
}

/// `self` of a method of native type `ty`, as its Rust value `T`; CPython's descriptor error
/// for anything else.
pub fn this<'a, T: Any>(args: &'a [Value], ty: &str, method: &str) -> PyResult<&'a T> {
    match args.first() {
        Some(v) => v.native::<T>().ok_or_else(|| {
            exc::type_error(format!(
                "descriptor '{method}' for '{ty}' objects doesn't apply to a '{}' object",
                type_name_of(v)
            ))
        }),
        None => Err(exc::type_error(format!(
            "unbound method {ty}.{method}() needs an argument"
        ))),
    }
}

/// The class a `__new__` was called with (`args[0]`).
pub fn cls_arg(args: &[Value]) -> PyResult<Rc<Class>> {
    match args.first() {
        Some(Value::Type(c)) => Ok(c.clone()),
        _ => Err(exc::type_error("__new__(X): X is not a type object")),
    }
}

/// The `StopIteration` an exhausted native iterator's `__next__` raises.
pub fn stop() -> crate::exceptions::PyErr {
    exc::new("StopIteration", "")
}

/// `__iter__` of a native iterator: itself.
pub fn iter_self(_: &mut Vm, args: &[Value], _: crate::object::KwArgs<'_>) -> PyResult<Value> {
    Ok(args.first().cloned().unwrap_or(Value::None))
}

/// `a < b` as a truth value (`PyObject_RichCompareBool(a, b, Py_LT)`).
pub fn lt(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(x < y);
    }
    let r = vm.rich_compare(a, b, crate::builtins::ops::CmpOp::Lt)?;
    vm.truthy(&r)
}

/// `a == b` as a truth value, identity first (`PyObject_RichCompareBool(a, b, Py_EQ)`).
pub fn eq(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    vm.eq(a, b)
}

/// Refuses keyword arguments, as a C function without `METH_KEYWORDS` does.
pub fn no_keywords(name: &str, kw: crate::object::KwArgs<'_>) -> PyResult<()> {
    if kw.is_empty() {
        Ok(())
    } else {
        Err(exc::type_error(format!(
            "{name}() takes no keyword arguments"
        )))
    }
}

/// A snapshot of a dict's `(key, value)` pairs in order.
pub fn dict_items(d: &crate::object::Dict) -> Vec<(Value, Value)> {
    d.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Runs `source` in the namespace of `module` (a module object just built): the functions
/// CPython's module writes in Python (copy.py's `deepcopy`, heapq.py's `nlargest`) are Python
/// functions here too, thin ones calling the Rust code, so a call of one specializes as
/// CPython's does (`CALL_PY_EXACT_ARGS`, `CALL_PY_GENERAL`) rather than as a builtin's.
pub fn run_python(vm: &mut Vm, module: &Value, source: &str) -> PyResult<()> {
    use crate::object::dict::str_key;
    let Value::Module(m) = module else {
        return Err(exc::type_error("run_python needs a module"));
    };
    let file = format!("<built-in module {}>", m.name.as_str());
    let code = crate::compile::compile_importing(source, &file, crate::compile::BUILTIN_MODULES)
        .map_err(|e| exc::new("SystemError", format!("{file}: {e}")))?;
    let globals = m.dict.clone();
    let builtins = vm.builtins_module();
    globals
        .borrow_mut()
        .insert(str_key("__builtins__"), builtins);
    let rt = vm.rt_code(&code);
    let frame = vm.new_frame(rt, globals.clone(), None, Some(globals));
    vm.eval_frame(frame).map(drop)
}
