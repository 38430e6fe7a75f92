//! The alternate constructors of builtin types, which CPython declares as classmethods
//! (`METH_CLASS`): `dict.fromkeys`, `int.from_bytes` and `bytes.fromhex`, plus
//! `int.to_bytes`, the inverse of `from_bytes`.
//!
//! Each lives in its type's namespace as a classmethod object wrapping a builtin, so the
//! descriptor machinery that binds a Python `@classmethod` binds these too: `dict.fromkeys`,
//! `{}.fromkeys` and `MyDict.fromkeys` all call the builtin with the class first, and a subclass
//! gets an instance of itself, as CPython's `dict_fromkeys` makes one through `cls()`.
//!
//! ```text
//!   dict.fromkeys("ab", 0)          {'a': 0, 'b': 0}
//!   int.from_bytes(b"\x01\x00")     256           (big-endian by default since 3.11)
//!   (256).to_bytes(2, "little")     b'\x00\x01'
//!   bytes.fromhex("de ad")          b'\xde\xad'
//! ```

use std::rc::Rc;

use num_bigint::{BigInt, Sign};

use crate::builtins::args::{self, Sig};
use crate::exceptions::{self as exc, PyResult};
use crate::object::namehash::NameMap;
use crate::object::{type_name_of, BuiltinFn, CallConv, Class, Instance, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// Puts the classmethods and `int.to_bytes` into their types' namespaces. The wrappers are of
/// CPython's type `classmethod_descriptor`, a `classmethod` in all but name here.
pub fn install(vm: &mut Vm) {
    let t = &vm.types;
    let classmethod = &Class::new(
        "classmethod_descriptor",
        TypeKind::ClassMethod,
        Some(t.object.clone()),
        NameMap::default(),
        true,
    );
    let wrap = |owner: &'static str, name: &'static str, conv, func: BuiltinFn| {
        let b = super::method_of(owner, name, conv, func);
        let w = Instance::new(classmethod.clone());
        w.set_attr("__func__", b);
        Value::Instance(Rc::new(w))
    };
    let entries = [
        (
            &t.dict,
            "dict",
            "fromkeys",
            CallConv::Fast,
            dict_fromkeys as BuiltinFn,
        ),
        (
            &t.int,
            "int",
            "from_bytes",
            CallConv::FastKw,
            int_from_bytes,
        ),
        (
            &t.bytes,
            "bytes",
            "fromhex",
            CallConv::FastKw,
            bytes_fromhex,
        ),
    ];
    for (class, owner, name, conv, func) in entries {
        class
            .dict
            .borrow_mut()
            .insert(Rc::from(name), wrap(owner, name, conv, func));
        class.invalidate();
    }
    super::add_method(&t.int, "to_bytes", CallConv::FastKw, int_to_bytes);
}

/// The class a classmethod was bound to.
fn cls(a: &[Value], method: &str) -> PyResult<Rc<Class>> {
    match a.first() {
        Some(Value::Type(c)) => Ok(c.clone()),
        other => Err(exc::type_error(format!(
            "descriptor '{method}' needs a type, not '{}'",
            other.map_or("NoneType".to_string(), type_name_of)
        ))),
    }
}

/// `dict.fromkeys(iterable, value=None, /)`.
fn dict_fromkeys(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("fromkeys", 1, 2);
    let class = cls(a, "fromkeys")?;
    if !kw.is_empty() {
        return Err(exc::type_error(
            "dict.fromkeys() takes no keyword arguments",
        ));
    }
    let b = SIG.bind(&a[1..], kw)?;
    let value = b.get(1).cloned().unwrap_or(Value::None);
    let keys = vm.collect(b.get(0).unwrap_or(&Value::None))?;
    let target = vm.call(&Value::Type(class), &[], &[])?;
    for key in keys {
        vm.setitem(&target, &key, value.clone())?;
    }
    Ok(target)
}

/// The `byteorder` argument of `function`: `'big'` (the default) or `'little'`.
fn little_endian(function: &str, v: Option<&Value>) -> PyResult<bool> {
    match v
        .map(|v| args::str_arg(v, function, "'byteorder'"))
        .transpose()?
    {
        None | Some("big") => Ok(false),
        Some("little") => Ok(true),
        Some(_) => Err(exc::value_error(
            "byteorder must be either 'little' or 'big'",
        )),
    }
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
fn int_from_bytes(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig =
        Sig::keywords("from_bytes", &["bytes", "byteorder", "signed"], 0, 1).kwonly_from(2);
    let class = cls(a, "from_bytes")?;
    let b = SIG.bind(&a[1..], kw)?;
    let data: Vec<u8> = match b.get(0) {
        Some(Value::Bytes(bytes)) => bytes.to_vec(),
        // `bytes(x)` of what is not bytes-like: an iterable of ints, never a str.
        Some(other) if matches!(other, Value::Str(_)) || vm.get_iter(other).is_err() => {
            return Err(exc::type_error(format!(
                "cannot convert '{}' object to bytes",
                type_name_of(other)
            )))
        }
        Some(other) => {
            let items = vm.collect(other)?;
            items
                .iter()
                .map(|x| super::construct::byte_item(vm, x))
                .collect::<PyResult<_>>()?
        }
        None => Vec::new(),
    };
    let little = little_endian("from_bytes", b.get(1))?;
    let signed = match b.get(2) {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let n = match (little, signed) {
        (false, false) => BigInt::from_bytes_be(Sign::Plus, &data),
        (true, false) => BigInt::from_bytes_le(Sign::Plus, &data),
        (false, true) => BigInt::from_signed_bytes_be(&data),
        (true, true) => BigInt::from_signed_bytes_le(&data),
    };
    let value = Value::from_bigint(n);
    if Rc::ptr_eq(&class, &vm.types.int) {
        return Ok(value);
    }
    // A subclass: `cls(value)`, as CPython's `int_from_bytes_impl` does.
    vm.call(&Value::Type(class), &[value], &[])
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn int_to_bytes(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("to_bytes", &["length", "byteorder", "signed"], 0, 0)
        .kwonly_from(2)
        .of("int");
    let b = SIG.bind(a, kw)?;
    // `self`: an int, or the int payload of an instance of a subclass.
    let n = a
        .first()
        .map(super::subclass::unwrapped)
        .and_then(crate::object::int::to_big)
        .ok_or_else(|| exc::type_error("descriptor 'to_bytes' requires an 'int' object"))?;
    let length = match b.get(0) {
        Some(v) => args::index_ssize(vm, v)?,
        None => 1,
    };
    let Ok(length) = usize::try_from(length) else {
        return Err(exc::value_error("length argument must be non-negative"));
    };
    let little = little_endian("to_bytes", b.get(1))?;
    let signed = match b.get(2) {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    if !signed && n.sign() == Sign::Minus {
        return Err(exc::new(
            "OverflowError",
            "can't convert negative int to unsigned",
        ));
    }
    // Minimal two's-complement (signed) or magnitude (unsigned) bytes, little-endian.
    let mut bytes = if signed {
        n.to_signed_bytes_le()
    } else {
        n.to_bytes_le().1
    };
    // Zero needs no bytes at all (`(0).to_bytes(0)` is `b''`).
    if n.sign() == Sign::NoSign {
        bytes.clear();
    }
    if bytes.len() > length {
        return Err(exc::new("OverflowError", "int too big to convert"));
    }
    let fill = if signed && n.sign() == Sign::Minus {
        0xff
    } else {
        0
    };
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    Ok(Value::Bytes(Rc::new(bytes)))
}

/// `bytes.fromhex(string, /)`: pairs of hex digits, whitespace allowed between pairs.
fn bytes_fromhex(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let class = cls(a, "fromhex")?;
    if !kw.is_empty() {
        return Err(exc::type_error(
            "bytes.fromhex() takes no keyword arguments",
        ));
    }
    let text = match &a[1..] {
        [Value::Str(s)] => s.as_str().to_string(),
        [other] => {
            return Err(exc::type_error(format!(
                "fromhex() argument must be str, not {}",
                args::arg_type_name(other)
            )))
        }
        rest => {
            return Err(exc::type_error(format!(
                "bytes.fromhex() takes exactly one argument ({} given)",
                rest.len()
            )))
        }
    };
    if !class.builtin {
        return Err(super::unsupported("bytes.fromhex on a subclass of bytes"));
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16);
        let lo = chars.get(i + 1).and_then(|c| c.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            // The second digit missing or not hex: CPython names the position after the first.
            (Some(_), None) => {
                return Err(exc::value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                )))
            }
            (None, _) => {
                return Err(exc::value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {i}"
                )))
            }
        }
        i += 2;
    }
    Ok(Value::Bytes(Rc::new(out)))
}
