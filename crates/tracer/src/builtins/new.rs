//! Making an instance of a user class: `__new__`, then `__init__` (CPython's `type_call`).
//!
//! ```text
//!   C(*args, **kw)
//!     obj = C.__new__(C, *args, **kw)      a Python __new__ (a staticmethod, made so by the
//!                                          class statement), or object.__new__ below
//!     if isinstance(obj, C):
//!         type(obj).__init__(obj, *args, **kw)
//! ```
//!
//! `object.__new__(cls, ...)` here is also the `__new__` of the builtin bases a class may
//! have: for a subclass of `int`, `str`, `float` or `tuple` it builds the payload from the
//! arguments as the builtin's own constructor would (`int.__new__(cls, "7")`), for `list` and
//! `dict` it starts empty (their `__init__` fills it), and an exception keeps the arguments as
//! `args`. Extra arguments are an error exactly when CPython's `object_new` and `object_init`
//! make them one ("C() takes no arguments", "object.__new__() takes exactly one argument").

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, Class, Instance, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// The `__new__` a class (or a base) has that is not `object.__new__` (CPython: `tp_new !=
/// object_new`): a Python one, unwrapped from its staticmethod, or the builtin `__new__` of
/// a native base that Python classes may extend (`Class::base_type`, `_random.Random`).
pub fn custom_new(class: &Class) -> Option<Value> {
    match class.lookup("__new__")? {
        Value::Instance(w) if w.class.kind == TypeKind::StaticMethod => w.get_attr("__func__"),
        f @ Value::Function(_) => Some(f),
        b @ Value::Builtin(_) if native_base(class).is_some_and(|n| n.base_type.get()) => Some(b),
        _ => None,
    }
}

/// The first builtin class along the MRO of a user class: `object`, or the builtin it extends
/// (`None` for a builtin class itself).
pub fn native_base(class: &Class) -> Option<Rc<Class>> {
    if class.builtin {
        return None;
    }
    class.mro_after_self().iter().find(|c| c.builtin).cloned()
}

/// `object_new`'s refusal of an abstract class: one whose own `__abstractmethods__` (set by
/// `abc.ABCMeta`) is not empty, with the names sorted as CPython lists them.
fn check_abstract(vm: &mut Vm, class: &Class) -> PyResult<()> {
    let abstracts = class.dict.borrow().get("__abstractmethods__").cloned();
    let Some(abstracts) = abstracts else {
        return Ok(());
    };
    let mut names: Vec<String> = vm
        .collect(&abstracts)?
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let list: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    Err(exc::type_error(format!(
        "Can't instantiate abstract class {} without an implementation for abstract method{} {}",
        class.name.as_str(),
        if names.len() == 1 { "" } else { "s" },
        list.join(", ")
    )))
}

/// True when `__init__` resolves to a Python function.
fn custom_init(class: &Class) -> bool {
    matches!(class.lookup("__init__"), Some(Value::Function(_)))
}

/// `object.__new__(cls, *args, **kw)` (and the builtin bases' `__new__`, see the module docs).
pub(super) fn object_new(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let Some(first) = args.first() else {
        return Err(exc::type_error("object.__new__(): not enough arguments"));
    };
    let Value::Type(class) = first else {
        return Err(exc::type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            type_name_of(first)
        )));
    };
    let rest = &args[1..];
    if class.builtin {
        return super::construct(vm, class, rest, kw);
    }
    check_abstract(vm, class)?;
    let plain = class.layout == TypeKind::Object || class.layout == TypeKind::User;
    if plain && (!rest.is_empty() || !kw.is_empty()) {
        if custom_new(class).is_some() {
            return Err(exc::type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if !custom_init(class) {
            return Err(exc::type_error(format!(
                "{}() takes no arguments",
                class.name.as_str()
            )));
        }
    }
    vm.new_instance(class, rest, kw)
}

impl Vm {
    /// A new instance of the user class `class` with its payload made from `args` (immutable
    /// builtin bases) or empty, and an exception's `args` set.
    pub(crate) fn new_instance(
        &mut self,
        class: &Rc<Class>,
        args: &[Value],
        kw: KwArgs<'_>,
    ) -> PyResult<Value> {
        let payload = match class.layout {
            TypeKind::Int => Some(self.types.int.clone()),
            TypeKind::Float => Some(self.types.float.clone()),
            TypeKind::Str => Some(self.types.str_.clone()),
            TypeKind::Tuple => Some(self.types.tuple.clone()),
            _ => None,
        };
        let inst = match payload {
            Some(base) => {
                let value = super::construct(self, &base, args, kw)?;
                Instance::with_payload(class.clone(), Some(value))
            }
            None => Instance::new(class.clone()),
        };
        if let Some(e) = &inst.exc {
            e.borrow_mut().args = args.to_vec();
        }
        Ok(Value::instance(inst))
    }

    /// `class(*args, **kw)` for a user class (see the module docs).
    pub(crate) fn instantiate(
        &mut self,
        class: &Rc<Class>,
        args: &[Value],
        kw: KwArgs<'_>,
    ) -> PyResult<Value> {
        if class.makes_classes() {
            return super::metaclass::instantiate_meta(self, class, args, kw);
        }
        let new = custom_new(class);
        let obj = match &new {
            Some(f) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(Value::Type(class.clone()));
                full.extend_from_slice(args);
                self.call(f, &full, kw)?
            }
            None => {
                check_abstract(self, class)?;
                self.new_instance(class, args, kw)?
            }
        };
        let inst = match &obj {
            Value::Instance(i) if i.class.is_subclass(class) => i.clone(),
            _ => return Ok(obj),
        };
        match inst.class.lookup("__init__") {
            Some(init @ (Value::Function(_) | Value::Method(_))) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(obj.clone());
                full.extend_from_slice(args);
                let r = self.call(&init, &full, kw)?;
                if !matches!(r, Value::None) {
                    return Err(exc::type_error(format!(
                        "__init__() should return None, not '{}'",
                        type_name_of(&r)
                    )));
                }
            }
            _ if inst.class.layout == TypeKind::Exception => {
                super::base_exception_init(&inst.class, kw)?
            }
            _ if matches!(inst.payload, Some(Value::List(_) | Value::Dict(_))) => {
                self.init_payload(&inst, args, kw)?
            }
            _ if inst.payload.is_none()
                && new.is_none()
                && (!args.is_empty() || !kw.is_empty()) =>
            {
                return Err(exc::type_error(format!(
                    "{}() takes no arguments",
                    class.name.as_str()
                )));
            }
            _ => {}
        }
        Ok(obj)
    }
}
