//! The functions of the `builtins` module (`print`, `len`, `sorted`, `__build_class__`, ...).

use crate::object::namehash::NameMap;

use super::args::{self, Sig, Style};
mod numbers;
pub mod reduce;

use super::builtin;
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::dict::str_key;
use crate::object::{type_name_of, CallConv, Class, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;
use numbers::*;
use reduce::{max, min, sorted, sum};
pub use reduce::{merge_sort, sort_options, sort_values, SORT};

/// Registers every builtin function.
pub fn install(vm: &mut Vm) {
    use CallConv::*;
    let table: &[(&'static str, CallConv, crate::object::BuiltinFn)] = &[
        ("print", FastKw, print),
        ("len", O, len),
        ("abs", O, abs),
        ("min", FastKw, min),
        ("max", FastKw, max),
        ("sum", FastKw, sum),
        ("sorted", FastKw, sorted),
        ("repr", O, repr),
        ("ascii", O, ascii),
        ("isinstance", Fast, isinstance),
        ("issubclass", Fast, issubclass),
        ("round", FastKw, round),
        ("chr", O, chr),
        ("ord", O, ord),
        ("iter", Fast, iter),
        ("next", Fast, next),
        ("any", O, any),
        ("all", O, all),
        ("divmod", Fast, divmod),
        ("pow", FastKw, pow),
        ("hash", O, hash),
        ("getattr", Fast, getattr),
        ("hasattr", Fast, hasattr),
        ("setattr", Fast, setattr),
        ("callable", O, callable),
        ("id", O, id),
        ("format", Fast, format),
        ("hex", O, hex),
        ("bin", O, bin),
        ("oct", O, oct),
        ("__build_class__", FastKw, super::type_new::build_class),
    ];
    let mut b = vm.builtins.borrow_mut();
    for (name, conv, f) in table {
        b.insert(str_key(name), builtin(name, *conv, *f));
    }
    b.insert(str_key("None"), Value::None);
    b.insert(str_key("True"), Value::bool(true));
    b.insert(str_key("False"), Value::bool(false));
    b.insert(str_key("NotImplemented"), Value::NotImplemented);
    b.insert(str_key("Ellipsis"), Value::Ellipsis);
    b.insert(str_key("__name__"), Value::str("builtins"));
    let property = Class::new(
        "property",
        TypeKind::Property,
        Some(vm.types.object.clone()),
        NameMap::default(),
        true,
    );
    b.insert(str_key("property"), Value::Type(property));
    drop(b);
    // `object.__getattribute__(self, name)`, the escape hatch of a user `__getattribute__`. A
    // slot wrapper in CPython, which `CALL` does not specialize beyond CALL_NON_PY_GENERAL.
    let object = vm.types.object.clone();
    super::add_method(&object, "__getattribute__", VarArgs, object_getattribute);
    super::add_method(&object, "__setattr__", VarArgs, object_setattr);
    super::add_method(&object, "__delattr__", VarArgs, object_delattr);
    super::add_method(&object, "__new__", VarArgs, super::new::object_new);
    super::add_method(
        &object,
        "__init_subclass__",
        FastKw,
        super::type_new::object_init_subclass,
    );
}

fn object_getattribute(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    // A slot wrapper in CPython, with its own wording.
    if !kw.is_empty() {
        return Err(exc::type_error(
            "wrapper __getattribute__() takes no keyword arguments",
        ));
    }
    let [obj, name] = args else {
        return Err(exc::type_error(match args.len() {
            0 => "descriptor '__getattribute__' of 'object' object needs an argument".to_string(),
            n => format!("expected 1 argument, got {}", n - 1),
        }));
    };
    let name = attr_name(name)?;
    vm.object_getattribute(obj, &name)
}

/// `object.__setattr__(self, name, value)`: the generic store a Python `__setattr__` ends in
/// (a slot wrapper in CPython).
fn object_setattr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(exc::type_error(
            "wrapper __setattr__() takes no keyword arguments",
        ));
    }
    let [obj, name, value] = args else {
        return Err(exc::type_error(match args.len() {
            0 => "descriptor '__setattr__' of 'object' object needs an argument".to_string(),
            n => format!("expected 2 arguments, got {}", n - 1),
        }));
    };
    let name = attr_name(name)?;
    vm.generic_setattr(obj, &name, value.clone())?;
    Ok(Value::None)
}

/// `object.__delattr__(self, name)`.
fn object_delattr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(exc::type_error(
            "wrapper __delattr__() takes no keyword arguments",
        ));
    }
    let [obj, name] = args else {
        return Err(exc::type_error(match args.len() {
            0 => "descriptor '__delattr__' of 'object' object needs an argument".to_string(),
            n => format!("expected 1 argument, got {}", n - 1),
        }));
    };
    let name = attr_name(name)?;
    vm.generic_delattr(obj, &name)?;
    Ok(Value::None)
}

/// A `METH_O` builtin: exactly one argument.
pub(super) const fn one(name: &'static str) -> Sig {
    Sig::positional(name, 1, 1).style(Style::One)
}

fn print(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("print", &["sep", "end", "file", "flush"], 0, 0)
        .with_varargs()
        .kwonly_from(0);
    let a = SIG.bind(args, kw)?;
    let text_arg = |i: usize, what: &str, default: &str| -> PyResult<String> {
        match a.get(i) {
            None | Some(Value::None) => Ok(default.to_string()),
            Some(Value::Str(s)) => Ok(s.as_str().to_string()),
            Some(other) => Err(exc::type_error(format!(
                "{what} must be None or a string, not {}",
                type_name_of(other)
            ))),
        }
    };
    let sep = text_arg(0, "sep", " ")?;
    let end = text_arg(1, "end", "\n")?;
    let flush = match a.get(3) {
        Some(flush) => vm.truthy(flush)?,
        None => false,
    };
    if let Some(file) = a.get_not_none(2).cloned() {
        // `file.write` once per piece, as CPython's print writes them.
        let write = vm.getattr(&file, "write")?;
        for (i, v) in a.positional().iter().enumerate() {
            if i > 0 {
                vm.call(&write, &[Value::str(sep.as_str())], &[])?;
            }
            let text = vm.to_str(v)?;
            vm.call(&write, &[Value::str(text)], &[])?;
        }
        vm.call(&write, &[Value::str(end)], &[])?;
        if flush {
            let flush = vm.getattr(&file, "flush")?;
            vm.call(&flush, &[], &[])?;
        }
        return Ok(Value::None);
    }
    let mut out = String::new();
    for (i, v) in a.positional().iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&vm.to_str(v)?);
    }
    out.push_str(&end);
    vm.write_out(&out);
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("len");
    SIG.bind(args, kw)?;
    Ok(Value::Int(vm.len(&args[0])? as i64))
}

fn repr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("repr");
    SIG.bind(args, kw)?;
    Ok(Value::str(vm.repr(&args[0])?))
}

/// `ascii(x)`: `repr(x)` with every non-ASCII character escaped (`\xe9`, `\u20ac`, `\U0001f600`).
fn ascii(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("ascii");
    SIG.bind(args, kw)?;
    let text = vm.repr(&args[0])?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n @ 0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    Ok(Value::str(out))
}

fn class_matches(vm: &mut Vm, v: &Value, spec: &Value, sub: bool) -> PyResult<bool> {
    // A metaclass's `__instancecheck__` / `__subclasscheck__` (`abc.ABCMeta`'s).
    if let Value::Type(c) = spec {
        let hooked = if sub {
            if !matches!(v, Value::Type(_)) {
                return Err(exc::type_error("issubclass() arg 1 must be a class"));
            }
            super::metaclass::subclasscheck(vm, v, c)?
        } else {
            super::metaclass::instancecheck(vm, v, c)?
        };
        if let Some(answer) = hooked {
            return Ok(answer);
        }
    }
    // Any other object whose class defines the hook in Python (`typing.List`).
    if let Value::Instance(i) = spec {
        let name = if sub {
            "__subclasscheck__"
        } else {
            "__instancecheck__"
        };
        if let Some(hook @ Value::Function(_)) = i.class.lookup(name) {
            if sub && !matches!(v, Value::Type(_)) {
                return Err(exc::type_error("issubclass() arg 1 must be a class"));
            }
            let r = vm.call(&hook, &[spec.clone(), v.clone()], &[])?;
            return vm.truthy(&r);
        }
    }
    match spec {
        Value::Type(c) => Ok(if sub {
            match v {
                Value::Type(t) => t.is_subclass(c),
                _ => return Err(exc::type_error("issubclass() arg 1 must be a class")),
            }
        } else {
            vm.isinstance(v, c)
        }),
        Value::Tuple(t) => {
            for s in t.iter() {
                if class_matches(vm, v, s, sub)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ if sub => {
            if !matches!(v, Value::Type(_)) {
                return Err(exc::type_error("issubclass() arg 1 must be a class"));
            }
            Err(exc::type_error(
                "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            ))
        }
        _ => Err(exc::type_error(
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

fn isinstance(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("isinstance", 2, 2);
    SIG.bind(args, kw)?;
    Ok(Value::bool(class_matches(vm, &args[0], &args[1], false)?))
}

fn issubclass(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("issubclass", 2, 2);
    SIG.bind(args, kw)?;
    Ok(Value::bool(class_matches(vm, &args[0], &args[1], true)?))
}

fn iter(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("iter", 1, 2);
    SIG.bind(args, kw)?;
    match args {
        [v] => vm.get_iter(v),
        [func, sentinel] => {
            if !is_callable(func) {
                return Err(exc::type_error("iter(v, w): v must be callable"));
            }
            Ok(crate::object::iter::make(
                crate::object::iter::Iter::Callable {
                    func: func.clone(),
                    sentinel: sentinel.clone(),
                },
            ))
        }
        _ => unreachable_count(),
    }
}

/// For a match the signature check has made impossible.
fn unreachable_count<T>() -> PyResult<T> {
    Err(exc::new("SystemError", "bad argument count"))
}

fn next(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("next", 1, 2);
    SIG.bind(args, kw)?;
    let is_iterator = match &args[0] {
        Value::Generator(g) => !g.coroutine,
        Value::Iter(_) => true,
        Value::Instance(i) => i.class.lookup("__next__").is_some(),
        Value::Native(n) => n.class.lookup("__next__").is_some(),
        _ => false,
    };
    if !is_iterator {
        return Err(exc::type_error(format!(
            "'{}' object is not an iterator",
            type_name_of(&args[0])
        )));
    }
    let step = match &args[0] {
        Value::Generator(g) => vm.gen_send_ex(g, Value::None, None)?,
        it => vm.next(it)?.ok_or(Value::None),
    };
    match (step, args.get(1)) {
        (Ok(v), _) => Ok(v),
        (Err(_), Some(default)) => Ok(default.clone()),
        (Err(returned), None) => Err(vm.stop_iteration(returned)),
    }
}

fn any(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("any");
    SIG.bind(args, kw)?;
    let it = vm.get_iter(&args[0])?;
    while let Some(v) = vm.next(&it)? {
        if vm.truthy(&v)? {
            return Ok(Value::bool(true));
        }
    }
    Ok(Value::bool(false))
}

fn all(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("all");
    SIG.bind(args, kw)?;
    let it = vm.get_iter(&args[0])?;
    while let Some(v) = vm.next(&it)? {
        if !vm.truthy(&v)? {
            return Ok(Value::bool(false));
        }
    }
    Ok(Value::bool(true))
}

fn hash(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("hash");
    SIG.bind(args, kw)?;
    Ok(Value::Int(vm.hash(&args[0])?))
}

fn attr_name(v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.as_str().to_string()),
        other => Err(exc::type_error(format!(
            "attribute name must be string, not '{}'",
            type_name_of(other)
        ))),
    }
}

fn getattr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("getattr", 2, 3);
    SIG.bind(args, kw)?;
    let name = attr_name(&args[1])?;
    match vm.getattr(&args[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 3 && is_attribute_error(vm, &e) => Ok(args[2].clone()),
        Err(e) => Err(e),
    }
}

fn is_attribute_error(vm: &Vm, e: &PyErr) -> bool {
    vm.is_attribute_error(e)
}

fn hasattr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("hasattr", 2, 2);
    SIG.bind(args, kw)?;
    let name = attr_name(&args[1])?;
    match vm.getattr(&args[0], &name) {
        Ok(_) => Ok(Value::bool(true)),
        Err(e) if is_attribute_error(vm, &e) => Ok(Value::bool(false)),
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("setattr", 3, 3);
    SIG.bind(args, kw)?;
    let name = attr_name(&args[1])?;
    vm.setattr(&args[0], &name, args[2].clone())?;
    Ok(Value::None)
}

/// `callable(v)`.
pub fn is_callable(v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Method(_) | Value::Builtin(_) | Value::Type(_) => true,
        Value::Instance(i) => i.class.lookup("__call__").is_some(),
        Value::Native(n) => n.class.lookup("__call__").is_some(),
        _ => false,
    }
}

fn callable(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("callable");
    SIG.bind(args, kw)?;
    Ok(Value::bool(is_callable(&args[0])))
}

fn id(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("id");
    SIG.bind(args, kw)?;
    Ok(Value::Int(args[0].heap_ptr().unwrap_or(0) as i64))
}

fn format(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("format", 1, 2);
    SIG.bind(args, kw)?;
    let spec = match args.get(1) {
        Some(v) => args::str_arg(v, "format", "2")?,
        None => "",
    };
    Ok(Value::str(vm.format_value(&args[0], spec)?))
}
