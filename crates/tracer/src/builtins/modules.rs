//! The standard-library modules the VM provides in Rust, one file each under `modules/`, and
//! the registry the import system and the compiler consult.
//!
//! CPython finds `math` or `_random` as built-in or extension modules and `random` or
//! `collections` as source files of its `Lib/`. Here a provided module is Rust, or a *frozen*
//! module (`modules/frozen/NAME.py`, Python source of our own compiled into the VM, for a
//! module that is plain Python in CPython too, like `__future__`), built the first time it is
//! imported (CPython's `sys.modules` gains it then too, not at start-up):
//!
//! ```text
//!   import random     Vm::modules has it?  yes -> that module
//!                     no  -> BUILTIN_MODULES has it -> build(vm, "random"), enter it, done
//!                     no  -> the search path (a file next to the script), else refused if
//!                            CPython's stdlib has it, else ModuleNotFoundError
//! ```
//!
//! A provided module need not offer everything CPython's does. An attribute it lacks but
//! CPython's module has (`random.betavariate`) is refused by name as "not supported yet",
//! never reported missing with an `AttributeError` or `ImportError` a program could catch and
//! go on differently; the names CPython's modules have are in `cpython_attrs.txt` (lines
//! `module:NAME`, written by scripts/cpython-attrs.py).

pub mod array;
pub mod bisect;
pub mod collections;
pub mod copy;
pub mod functools;
pub mod gc;
pub mod heapq;
pub mod io;
pub mod itertools;
pub mod json;
pub mod math;
pub mod operator;
pub mod random;
pub mod support;
pub mod sys;
pub mod time;

use std::cell::RefCell;
use std::rc::Rc;

use crate::exceptions::{PyErr, PyResult};
use crate::object::dict::str_key;
use crate::object::{BuiltinFn, CallConv, Dict, Module, PyStr};
use crate::value::Value;
use crate::vm::Vm;

/// The modules every `Vm` can import without a file, in the order `explain` lists them.
pub const BUILTIN_MODULES: &[&str] = &[
    "__future__",
    "_pyinternals_json",
    "_random",
    "abc",
    "array",
    "dataclasses",
    "enum",
    "io",
    "json",
    "math",
    "string",
    // Containers and algorithms.
    "heapq",
    "bisect",
    "operator",
    "copy",
    "itertools",
    "collections",
    "collections.abc",
    "functools",
    // The interpreter and its clocks.
    "random",
    "sys",
    "time",
    "gc",
    "typing",
];

/// A fresh module object for `name`, if the VM provides it (see [`BUILTIN_MODULES`]): built in
/// Rust, or run from the Python source of a frozen module (whose code may raise).
pub fn build(vm: &mut Vm, name: &str) -> Option<PyResult<Value>> {
    let module = match name {
        "__future__" => return Some(vm.load_frozen(name, FUTURE)),
        "json" => return Some(vm.load_frozen(name, JSON)),
        "dataclasses" => return Some(vm.load_frozen(name, DATACLASSES)),
        "abc" => return Some(vm.load_frozen(name, ABC)),
        "enum" => return Some(vm.load_frozen(name, ENUM)),
        "typing" => return Some(vm.load_frozen(name, TYPING)),
        "collections.abc" => return Some(vm.load_frozen(name, COLLECTIONS_ABC)),
        "string" => return Some(vm.load_frozen(name, STRING)),
        "random" => return Some(vm.load_frozen(name, RANDOM)),
        "_pyinternals_json" => json::module(vm),
        "array" => array::module(vm),
        "io" => io::module(vm),
        "math" => math::module(vm),
        // Containers and algorithms.
        "heapq" => heapq::module(vm),
        "bisect" => bisect::module(vm),
        "operator" => operator::module(vm),
        "copy" => copy::module(vm),
        "itertools" => itertools::module(vm),
        "collections" => collections::module(vm),
        "functools" => functools::module(vm),
        "_random" => random::module(vm),
        "sys" => sys::module(vm),
        "time" => time::module(vm),
        "gc" => gc::module(vm),
        _ => return None,
    };
    Some(Ok(module))
}

/// Frozen modules: the VM's own Python source for modules that are plain Python in CPython
/// too, compiled and run on first import.
const FUTURE: &str = include_str!("modules/frozen/__future__.py");
const JSON: &str = include_str!("modules/frozen/json.py");
const DATACLASSES: &str = include_str!("modules/frozen/dataclasses.py");
const ABC: &str = include_str!("modules/frozen/abc.py");
const ENUM: &str = include_str!("modules/frozen/enum.py");
const TYPING: &str = include_str!("modules/frozen/typing.py");
const COLLECTIONS_ABC: &str = include_str!("modules/frozen/collections_abc.py");
const STRING: &str = include_str!("modules/frozen/string.py");
const RANDOM: &str = include_str!("modules/frozen/random.py");

/// A module object named `name` whose namespace is `dict` (`__name__`, `__doc__`,
/// `__package__` and `__spec__`-less, like a built-in module of CPython).
pub fn new_module(name: &str, mut dict: Dict) -> Value {
    dict.insert(str_key("__name__"), Value::str(name));
    if dict.get_str("__doc__").is_none() {
        dict.insert(str_key("__doc__"), Value::None);
    }
    let package = name.rsplit_once('.').map_or("", |(p, _)| p);
    dict.insert(str_key("__package__"), Value::str(package));
    Value::Module(Rc::new(Module {
        name: Rc::new(PyStr::new(name.to_string())),
        dict: Rc::new(RefCell::new(dict)),
    }))
}

/// Enters builtin functions `fns` of module `module` into `dict`.
pub fn add_functions(
    dict: &mut Dict,
    module: &'static str,
    fns: &[(&'static str, CallConv, BuiltinFn)],
) {
    for (name, conv, f) in fns {
        dict.insert(
            str_key(name),
            super::module_builtin(module, name, *conv, *f),
        );
    }
}

/// Whether the module object named `name` (with namespace `dict`) is one of ours, not a
/// source file that happens to share the name.
fn is_provided(name: &str, dict: &Dict) -> bool {
    BUILTIN_MODULES.contains(&name) && dict.get_str("__file__").is_none()
}

/// For `module.attr` that found nothing: the refusal to raise when the module is one the VM
/// provides and CPython's module of that name has `attr` (`random.betavariate`).
pub fn unsupported_attr(name: &str, dict: &Dict, attr: &str) -> Option<PyErr> {
    let table = format!("module:{name}");
    (is_provided(name, dict) && super::cpython_attrs::cpython_has(&table, attr))
        .then(|| super::unsupported(&format!("{name}.{attr}")))
}
