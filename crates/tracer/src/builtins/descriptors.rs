//! The three builtin descriptor types decorators usually make: `property` (a data descriptor
//! with `fget`/`fset`/`fdel` and the `.getter`/`.setter`/`.deleter` copies), `staticmethod`
//! and `classmethod` (non-data descriptors wrapping `__func__`).
//!
//! ```text
//!   class C:
//!       @property            C.__dict__["x"] = property(fget=x)
//!       def x(self): ...
//!       @x.setter            C.__dict__["x"] = property(fget=x, fset=x')   (a new object)
//!       def x(self, v): ...
//!       @classmethod         c.make / C.make -> bound method of C
//!       def make(cls): ...
//! ```
//!
//! All three are instances of builtin classes holding their functions as attributes. The
//! specializer treats them as CPython does: a property getter that is a Python function gives
//! `LOAD_ATTR_PROPERTY`; staticmethod and classmethod objects are non-overriding descriptors,
//! on which `LOAD_ATTR` fails to specialize (`specialize/attr.rs` sees a class attribute that
//! is an instance).

use crate::object::namehash::NameMap;
use std::rc::Rc;

use super::args::{Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{Class, Instance, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// The `fget`, `fset`, `fdel` slots of a property, in constructor order.
const ACCESSORS: [&str; 3] = ["fget", "fset", "fdel"];

/// Registers `staticmethod`, `classmethod` and the methods of `property`.
/// Runs last, so the builtins already present keep their places in the builtins dict.
pub fn install(vm: &mut Vm) {
    use crate::object::CallConv::O;
    let property = vm.builtins.borrow().get_str("property").cloned();
    if let Some(Value::Type(property)) = property {
        super::add_method(&property, "getter", O, property_getter);
        super::add_method(&property, "setter", O, property_setter);
        super::add_method(&property, "deleter", O, property_deleter);
    }
    let object = vm.types.object.clone();
    let mut b = vm.builtins.borrow_mut();
    for (name, kind) in [
        ("staticmethod", TypeKind::StaticMethod),
        ("classmethod", TypeKind::ClassMethod),
    ] {
        let class = Class::new(name, kind, Some(object.clone()), NameMap::default(), true);
        b.insert(super::str_key(name), Value::Type(class));
    }
    drop(b);
    // The builtin types' own classmethods (`dict.fromkeys`) bind as `classmethod`s do.
    super::classmethods::install(vm);
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
pub fn new_property(
    vm: &mut Vm,
    class: &Rc<Class>,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    if args.len() > 4 {
        return Err(exc::type_error(format!(
            "property() takes at most 4 arguments ({} given)",
            args.len()
        )));
    }
    let p = Instance::new(class.clone());
    for (i, name) in ACCESSORS.iter().enumerate() {
        let v = args.get(i).or_else(|| vm.kwarg(kw, name));
        p.set_attr(name, v.cloned().unwrap_or(Value::None));
    }
    Ok(Value::instance(p))
}

/// `staticmethod(f)` / `classmethod(f)`: the wrapper keeps `f` as `__func__`.
pub fn new_wrapper(class: &Rc<Class>, args: &[Value]) -> PyResult<Value> {
    let [f] = args else {
        return Err(exc::type_error(format!(
            "{} expected 1 argument, got {}",
            class.name.as_str(),
            args.len()
        )));
    };
    let w = Instance::new(class.clone());
    w.set_attr("__func__", f.clone());
    Ok(Value::instance(w))
}

/// A copy of the property `args[0]` with accessor `which` replaced by `args[1]`.
fn replaced(args: &[Value], which: &str) -> PyResult<Value> {
    let (Some(Value::Instance(p)), Some(f)) = (args.first(), args.get(1)) else {
        return Err(exc::type_error("descriptor requires a 'property' object"));
    };
    let copy = Instance::new(p.class.clone());
    for name in ACCESSORS {
        let v = if name == which {
            f.clone()
        } else {
            p.get_attr(name).unwrap_or(Value::None)
        };
        copy.set_attr(name, v);
    }
    Ok(Value::instance(copy))
}

fn property_getter(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("getter", 1, 1)
        .of("property")
        .style(Style::One);
    SIG.bind(args, kw)?;
    replaced(args, "fget")
}

fn property_setter(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("setter", 1, 1)
        .of("property")
        .style(Style::One);
    SIG.bind(args, kw)?;
    replaced(args, "fset")
}

fn property_deleter(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("deleter", 1, 1)
        .of("property")
        .style(Style::One);
    SIG.bind(args, kw)?;
    replaced(args, "fdel")
}

impl Vm {
    /// `descr.__get__(obj, owner)` for the builtin descriptors found on a class: `obj` is
    /// `None` for a lookup on the class itself. Other values come back unchanged.
    pub fn descriptor_get(
        &mut self,
        v: Value,
        obj: Option<&Value>,
        owner: &Rc<Class>,
        name: &str,
    ) -> PyResult<Value> {
        // A provided module's type that binds like a function (`lru_cache` wrappers).
        if let Value::Native(n) = &v {
            if let Some(get) = n.class.lookup("__get__") {
                let inst = obj.cloned().unwrap_or(Value::None);
                return self.call(&get, &[v.clone(), inst, Value::Type(owner.clone())], &[]);
            }
        }
        // A descriptor written in Python: its `__get__(obj, owner)` (obj None on the class).
        if let Some(get) = super::access::python_slot(&v, "__get__") {
            let inst = obj.cloned().unwrap_or(Value::None);
            return self.call(&get, &[v.clone(), inst, Value::Type(owner.clone())], &[]);
        }
        let Value::Instance(d) = &v else {
            return Ok(v);
        };
        let func = || d.get_attr("__func__").unwrap_or(Value::None);
        match (d.class.kind, obj) {
            (TypeKind::StaticMethod, _) => Ok(func()),
            (TypeKind::ClassMethod, _) => Ok(self.bind(func(), Value::Type(owner.clone()))),
            (TypeKind::Property, Some(obj)) => match d.get_attr("fget") {
                Some(Value::None) | None => Err(no_accessor(name, owner, "getter")),
                Some(getter) => self.call(&getter, std::slice::from_ref(obj), &[]),
            },
            _ => Ok(v),
        }
    }

    /// `del obj.name` through a property: its `fdel`, or AttributeError without one.
    pub fn property_delete(
        &mut self,
        p: &Instance,
        obj: &Value,
        owner: &Rc<Class>,
        name: &str,
    ) -> PyResult<()> {
        match p.get_attr("fdel") {
            Some(Value::None) | None => Err(no_accessor(name, owner, "deleter")),
            Some(deleter) => self
                .call(&deleter, std::slice::from_ref(obj), &[])
                .map(drop),
        }
    }
}

/// "property 'x' of 'C' object has no deleter" (`name` is the attribute's name).
fn no_accessor(name: &str, owner: &Class, what: &str) -> crate::exceptions::PyErr {
    exc::new(
        "AttributeError",
        format!(
            "property '{name}' of '{}' object has no {what}",
            owner.name.as_str()
        ),
    )
}
