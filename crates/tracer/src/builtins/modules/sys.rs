//! The `sys` module: what a program asks of its interpreter.
//!
//! - `version_info` is `(3, 13, 0, 'final', 0)`, a tuple with named fields as CPython's (a
//!   `tuple` subclass here): the VM implements Python 3.13's semantics and compiles 3.13's
//!   bytecode, so version checks in programs must take 3.13's branch. `version` says the
//!   same number and that this is the pyinternals VM; `hexversion` matches `version_info`.
//! - `argv` (the script as it was named), `maxsize`, `byteorder`, `platform`.
//! - `getrecursionlimit`/`setrecursionlimit`: the VM's own limit on nested Python calls.
//! - `exit` raises `SystemExit`; `exception()` is the exception being handled.
//! - `stdout`/`stderr`: objects with `write` and `flush`, which `print(file=...)` accepts.
//!
//! Not provided, and refused by name: `modules` and `path` (the import system keeps its
//! modules and search path in Rust; a program could change neither), `executable`, `flags`,
//! `float_info`, `getsizeof`, and the rest of CPython's `sys`.

use std::io::Write;

use crate::builtins::args::{self, Sig, Style};
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::dict::str_key;
use crate::object::native::NativeType;
use crate::object::{BuiltinFn, CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// The fields of `sys.version_info`, in order.
const VERSION_FIELDS: [&str; 5] = ["major", "minor", "micro", "releaselevel", "serial"];

fn version_tuple() -> Value {
    Value::tuple(vec![
        Value::Int(3),
        Value::Int(13),
        Value::Int(0),
        Value::str("final"),
        Value::Int(0),
    ])
}

/// Field `i` of a `version_info` object (the getter of its property).
fn field(a: &[Value], i: usize) -> PyResult<Value> {
    match a.first().and_then(crate::builtins::subclass::payload) {
        Some(Value::Tuple(t)) => Ok(t.get(i).cloned().unwrap_or(Value::None)),
        _ => Err(exc::type_error(
            "descriptor requires a 'sys.version_info' object",
        )),
    }
}

macro_rules! field_getter {
    ($name:ident, $i:expr) => {
        fn $name(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
            field(a, $i)
        }
    };
}
field_getter!(major, 0);
field_getter!(minor, 1);
field_getter!(micro, 2);
field_getter!(releaselevel, 3);
field_getter!(serial, 4);

fn version_repr(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let mut parts = Vec::new();
    for (i, name) in VERSION_FIELDS.iter().enumerate() {
        let v = field(a, i)?;
        parts.push(format!("{name}={}", vm.repr(&v)?));
    }
    Ok(Value::str(format!(
        "sys.version_info({})",
        parts.join(", ")
    )))
}

/// `sys.version_info`: an instance of a `tuple` subclass with a read-only property per field.
fn version_info(vm: &mut Vm) -> PyResult<Value> {
    let getters: [BuiltinFn; 5] = [major, minor, micro, releaselevel, serial];
    let property = vm
        .builtins
        .borrow()
        .get_str("property")
        .cloned()
        .unwrap_or(Value::None);
    let mut ns = Dict::new();
    for (name, getter) in VERSION_FIELDS.iter().zip(getters) {
        let fget = crate::builtins::module_builtin("sys", name, CallConv::O, getter);
        let prop = vm.call(&property, &[fget], &[])?;
        ns.insert(str_key(name), prop);
    }
    ns.insert(
        str_key("__repr__"),
        crate::builtins::module_builtin("sys", "__repr__", CallConv::O, version_repr),
    );
    // `str()` of a tuple subclass is its `repr` in CPython (object.__str__).
    ns.insert(
        str_key("__str__"),
        crate::builtins::module_builtin("sys", "__str__", CallConv::O, version_repr),
    );
    ns.insert(str_key("__module__"), Value::str("sys"));
    ns.insert(str_key("__slots__"), Value::tuple(Vec::new()));
    let bases = Value::tuple(vec![Value::Type(vm.types.tuple.clone())]);
    let type_ = Value::Type(vm.types.type_.clone());
    let class = vm.call(
        &type_,
        &[Value::str("version_info"), bases, Value::dict(ns)],
        &[],
    )?;
    vm.call(&class, &[version_tuple()], &[])
}

fn exit(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("exit", 0, 1).in_module("sys");
    SIG.bind(a, kw)?;
    let class = vm
        .exc_class("SystemExit")
        .ok_or_else(|| exc::new("SystemExit", ""))?;
    let inst = vm.call(&Value::Type(class), a, &[])?;
    match inst {
        Value::Instance(i) => Err(PyErr::Obj(i)),
        _ => Err(exc::new("SystemExit", "")),
    }
}

fn getrecursionlimit(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("getrecursionlimit", 0, 0)
        .in_module("sys")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    Ok(Value::Int(vm.recursion_limit as i64))
}

fn setrecursionlimit(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("setrecursionlimit", 1, 1)
        .in_module("sys")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let limit = match args::index(vm, &a[0])? {
        Value::Int(n) if i32::try_from(n).is_ok() => n,
        _ => {
            return Err(exc::new(
                "OverflowError",
                "Python int too large to convert to C int",
            ))
        }
    };
    if limit < 1 {
        return Err(exc::value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    let depth = vm.depth;
    if (limit as usize) <= depth {
        return Err(exc::new(
            "RecursionError",
            format!(
                "cannot set the recursion limit to {limit} at the recursion depth {depth}: \
                 the limit is too low"
            ),
        ));
    }
    vm.recursion_limit = limit as usize;
    Ok(Value::None)
}

fn exception(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("exception", 0, 0)
        .in_module("sys")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    Ok(vm.handled.clone())
}

fn getdefaultencoding(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("getdefaultencoding", 0, 0)
        .in_module("sys")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    Ok(Value::str("utf-8"))
}

/// Which standard stream a `TextIOWrapper` object writes to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// `stream.write(s)`: the text goes where `print` would send it; returns its length.
fn write(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("write", 1, 1)
        .of("TextIOWrapper")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let stream = *a[0]
        .native::<Stream>()
        .ok_or_else(|| exc::type_error("write() needs a TextIOWrapper"))?;
    let text = args::str_arg(&a[1], "write", "1")?;
    write_stream(vm, stream, text);
    Ok(Value::Int(text.chars().count() as i64))
}

/// Writes `text` to `stream` (stderr after flushing program output, so the order holds).
pub fn write_stream(vm: &mut Vm, stream: Stream, text: &str) {
    match stream {
        Stream::Stdout => vm.write_out(text),
        Stream::Stderr => {
            vm.flush();
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
    }
}

fn flush(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("flush", 0, 0)
        .of("TextIOWrapper")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    if a[0].native::<Stream>() == Some(&Stream::Stdout) {
        vm.flush();
    }
    Ok(Value::None)
}

fn stream_repr(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let name = match a.first().and_then(|v| v.native::<Stream>()) {
        Some(Stream::Stderr) => "<stderr>",
        _ => "<stdout>",
    };
    Ok(Value::str(format!(
        "<_io.TextIOWrapper name='{name}' mode='w' encoding='utf-8'>"
    )))
}

/// The name the running script was given (`sys.argv[0]`): the first module this VM ran.
fn script_name(vm: &Vm) -> String {
    vm.codes
        .first()
        .map_or_else(String::new, |c| c.code.filename.to_string())
}

/// A fresh `sys` module object.
pub fn module(vm: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, BuiltinFn)] = &[
        ("exception", NoArgs, exception),
        ("exit", Fast, exit),
        ("getdefaultencoding", NoArgs, getdefaultencoding),
        ("getrecursionlimit", NoArgs, getrecursionlimit),
        ("setrecursionlimit", O, setrecursionlimit),
    ];
    super::add_functions(&mut d, "sys", fns);
    let argv = if vm.argv.is_empty() {
        vec![Value::str(script_name(vm))]
    } else {
        vm.argv.iter().map(|a| Value::str(a.as_str())).collect()
    };
    d.insert(str_key("argv"), Value::list(argv));
    d.insert(str_key("maxsize"), Value::Int(i64::MAX));
    let order = if cfg!(target_endian = "little") {
        "little"
    } else {
        "big"
    };
    d.insert(str_key("byteorder"), Value::str(order));
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    d.insert(str_key("platform"), Value::str(platform));
    d.insert(
        str_key("version"),
        Value::str("3.13.0 (pyinternals tracer VM: Python 3.13 semantics, in Rust)"),
    );
    d.insert(str_key("hexversion"), Value::Int(0x030d_00f0));
    if let Ok(v) = version_info(vm) {
        d.insert(str_key("version_info"), v);
    }
    let stream_type = NativeType::new(
        "TextIOWrapper",
        &vm.types.object,
        &[
            ("write", O, write),
            ("flush", NoArgs, flush),
            ("__repr__", NoArgs, stream_repr),
        ],
    );
    d.insert(str_key("stdout"), stream_type.instance(Stream::Stdout));
    d.insert(str_key("stderr"), stream_type.instance(Stream::Stderr));
    super::new_module("sys", d)
}
