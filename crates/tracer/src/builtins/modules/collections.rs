//! The `collections` module: `deque` and `defaultdict` in Rust, as CPython has them in C
//! (`collections/deque.rs`, `collections/defaultdict.rs`), and `namedtuple`, `Counter` and
//! `OrderedDict` in Python (`collections/collections.py`, run in the module's namespace when
//! it is first imported), as CPython's `Lib/collections/__init__.py` writes them: their
//! methods are Python functions whose calls specialize as CPython's do.
//!
//! `collections.abc` and the rest of CPython's module (`ChainMap`, `UserDict`, ...) are
//! refused by name (the `module:collections` line of `cpython_attrs.txt`).

mod defaultdict;
mod deque;

use crate::object::dict::str_key;
use crate::object::Dict;
use crate::value::Value;
use crate::vm::Vm;

/// A fresh `collections` module object.
pub fn module(vm: &mut Vm) -> Value {
    let mut d = Dict::new();
    let deque = super::support::native_type(vm, "collections", "deque", &deque::methods());
    let mut dq = deque.class.dict.borrow_mut();
    dq.insert(std::rc::Rc::from("__hash__"), Value::None);
    drop(dq);
    d.insert(str_key("deque"), Value::Type(deque.class));
    for name in ["_deque_iterator", "_deque_reverse_iterator"] {
        let ty = super::support::native_type(vm, "collections", name, &deque::iterator_methods());
        d.insert(str_key(name), Value::Type(ty.class));
    }
    d.insert(str_key("defaultdict"), Value::Type(defaultdict::class(vm)));
    let module = super::new_module("collections", d);
    if let Err(e) =
        super::support::run_python(vm, &module, include_str!("collections/collections.py"))
    {
        debug_assert!(false, "collections' Python part: {e:?}");
    }
    module
}
