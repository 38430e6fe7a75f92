//! Native objects: Rust values that Python code holds, calls methods on, measures with `len()`
//! and iterates, the way a C extension type (`immutables.Map`, `_interpqueues` queues) exposes
//! C data to CPython.
//!
//! A `Native` is a class plus an opaque `Box<dyn Any>`. The class is an ordinary builtin
//! `Class` whose namespace holds `Builtin` methods, so attribute lookup, method calls and their
//! specialization (`LOAD_ATTR_METHOD_NO_DICT`, `CALL_METHOD_DESCRIPTOR_*`) go through the same
//! machinery as `str.upper`. The object protocols (`len`, `in`, `[]`, `iter`, `next`, `repr`,
//! truth) find the type's `__len__`, `__contains__`, `__getitem__`, `__iter__`, `__next__` and
//! `__repr__` builtins through `Vm::call_dunder_opt`, as CPython fills a type's slots from its
//! method table.
//!
//! ```text
//!   let map_type = NativeType::new("Map", "sharing", &object, &[
//!       ("get", CallConv::Fast, map_get),          // m.get(k)
//!       ("__len__", CallConv::NoArgs, map_len),    // len(m)
//!   ]);
//!   let m: Value = map_type.instance(MyRustMap::new());
//!   // in a method: args[0].native::<MyRustMap>() is the Rust value back
//! ```
//!
//! Invariant: the `data` of a `Native` never changes type, so a method that downcasts `self`
//! either always or never succeeds for a given object. Interior mutability (an iterator's
//! position) is the data's own business (`Cell`, `RefCell`).

use std::any::Any;
use std::rc::Rc;

use crate::object::{Builtin, BuiltinFn, CallConv, Class, TypeKind};
use crate::value::Value;

/// A Python object whose state is a Rust value (see the module docs).
pub struct Native {
    /// `type(obj)`: a builtin class holding the methods.
    pub class: Rc<Class>,
    /// The type's name as the specializer compares it with a method's owner
    /// (`CALL_METHOD_DESCRIPTOR_*` guards that `self` has the method's type).
    pub type_name: &'static str,
    data: Box<dyn Any>,
}

impl Native {
    /// The Rust value inside, if it is a `T`.
    pub fn downcast<T: Any>(&self) -> Option<&T> {
        self.data.downcast_ref::<T>()
    }
}

/// A native type: the class Python code sees and the static name its methods are owned by.
#[derive(Clone)]
pub struct NativeType {
    pub class: Rc<Class>,
    pub name: &'static str,
}

impl NativeType {
    /// A builtin class `name` (reported as `module.name` by nothing yet: CPython's
    /// `__module__`) deriving from `object`, with the given methods.
    pub fn new(
        name: &'static str,
        object: &Rc<Class>,
        methods: &[(&'static str, CallConv, BuiltinFn)],
    ) -> NativeType {
        let mut dict = crate::object::namehash::NameMap::default();
        for &(method, conv, func) in methods {
            let b = Builtin {
                name: method,
                owner: Some(name),
                conv,
                func,
                module: None,
                // The method bodies check their own positional arguments.
                positional: (0, usize::MAX),
                needs_caller: false,
                float_kernel: None,
            };
            dict.insert(Rc::from(method), Value::Builtin(Rc::new(b)));
        }
        let class = Class::new(name, TypeKind::Object, Some(object.clone()), dict, true);
        NativeType { class, name }
    }

    /// A new object of this type holding `data`.
    pub fn instance<T: Any>(&self, data: T) -> Value {
        Value::Native(Rc::new(Native {
            class: self.class.clone(),
            type_name: self.name,
            data: Box::new(data),
        }))
    }
}

impl Value {
    /// The Rust value of a native object, if `self` is one holding a `T`.
    pub fn native<T: Any>(&self) -> Option<&T> {
        match self {
            Value::Native(n) => n.downcast::<T>(),
            // An instance of a Python subclass of a native type carries it as its payload.
            Value::Instance(i) => match &i.payload {
                Some(Value::Native(n)) => n.downcast::<T>(),
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exceptions::{self as exc, PyResult};
    use crate::object::KwArgs;
    use crate::vm::{Vm, VmOptions};
    use std::cell::Cell;

    /// A counter object: `c.bump()` adds one, `len(c)` is the count, iteration counts down.
    struct Counter(Cell<i64>);
    struct Countdown(Cell<i64>);

    fn counter(args: &[Value]) -> PyResult<&Counter> {
        args.first()
            .and_then(|v| v.native::<Counter>())
            .ok_or_else(|| exc::type_error("expected a Counter"))
    }
    fn bump(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
        let c = counter(args)?;
        c.0.set(c.0.get() + 1);
        Ok(Value::Int(c.0.get()))
    }
    fn len(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
        Ok(Value::Int(counter(args)?.0.get()))
    }
    fn iter(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
        let n = counter(args)?.0.get();
        let ty = NativeType::new(
            "countdown",
            &vm.types.object,
            &[("__next__", CallConv::NoArgs, next)],
        );
        Ok(ty.instance(Countdown(Cell::new(n))))
    }
    fn next(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
        let c = args[0].native::<Countdown>().expect("a countdown");
        match c.0.get() {
            0 => Err(exc::new("StopIteration", "")),
            n => {
                c.0.set(n - 1);
                Ok(Value::Int(n))
            }
        }
    }

    /// `Rc<Native>` is a thin pointer: adding the variant keeps `Value` two words wide.
    #[test]
    fn value_stays_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn python_code_calls_methods_len_and_iterates() {
        let mut vm = Vm::new(VmOptions {
            capture_output: true,
            ..VmOptions::default()
        });
        let ty = NativeType::new(
            "Counter",
            &vm.types.object,
            &[
                ("bump", CallConv::NoArgs, bump),
                ("__len__", CallConv::NoArgs, len),
                ("__iter__", CallConv::NoArgs, iter),
            ],
        );
        let c = ty.instance(Counter(Cell::new(0)));
        vm.builtins
            .borrow_mut()
            .insert(crate::object::dict::str_key("c"), c);
        let source = "for _ in range(5):\n    c.bump()\n\
                      print(len(c), list(c), type(c).__name__, bool(c))\n";
        let code = crate::compile::compile(source, "native.py").expect("compiles");
        vm.run_module(&code).expect("runs");
        assert_eq!(vm.take_output(), "5 [5, 4, 3, 2, 1] Counter True\n");
    }
}
