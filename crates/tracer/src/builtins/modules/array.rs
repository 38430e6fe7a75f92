//! The `array` module: `array.array(typecode, initializer)`, a sequence of machine numbers of
//! one C type, as compact as a C array (what scimark's matrices and raytrace's canvas use).
//!
//! Items are kept as `i128` for the integer typecodes and `f64` for `f`/`d` (a `'f'` item is
//! rounded through `f32` on the way in, so `array('f', [0.1])[0]` is `0.10000000149011612`
//! as in CPython). Storing a value checks it the way CPython's C conversions do, in the same
//! order and with the same messages:
//!
//! ```text
//!   array('b', [200])     fits a C long, fits a short, not a signed char
//!                         -> OverflowError: signed char is greater than maximum
//!   array('H', [-1])      fits an int, not an unsigned short
//!                         -> OverflowError: unsigned short is less than minimum
//! ```

use std::cell::RefCell;

use crate::builtins::access::{norm_index, slice_positions};
use crate::builtins::args;
use crate::exceptions::{self as exc, PyResult};
use crate::object::native::NativeType;
use crate::object::{type_name_of, CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

const TYPECODES: &str = "bBuwhHiIlLqQfd";

/// One `array.array`.
struct Array {
    code: char,
    items: RefCell<Items>,
}

#[derive(Clone)]
enum Items {
    Int(Vec<i128>),
    Float(Vec<f64>),
}

impl Items {
    fn len(&self) -> usize {
        match self {
            Items::Int(v) => v.len(),
            Items::Float(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> Value {
        match self {
            Items::Int(v) => int_value(v[i]),
            Items::Float(v) => Value::float(v[i]),
        }
    }
}

fn int_value(x: i128) -> Value {
    match i64::try_from(x) {
        Ok(i) => Value::Int(i),
        Err(_) => Value::from_bigint(x.into()),
    }
}

fn this<'a>(a: &'a [Value], method: &str) -> PyResult<&'a Array> {
    a.first().and_then(|v| v.native::<Array>()).ok_or_else(|| {
        exc::type_error(format!(
            "descriptor '{method}' for 'array.array' objects doesn't apply to a '{}' object",
            a.first().map_or("NoneType".into(), type_name_of)
        ))
    })
}

fn overflow(msg: &str) -> exc::PyErr {
    exc::new("OverflowError", msg.to_string())
}

/// Checks `x` against one C type's range: (min, max, what to call it).
fn range(x: i128, lo: i128, hi: i128, what: &str) -> PyResult<()> {
    if x < lo {
        Err(overflow(&format!("{what} is less than minimum")))
    } else if x > hi {
        Err(overflow(&format!("{what} is greater than maximum")))
    } else {
        Ok(())
    }
}

/// An integer item for typecode `code`, checked as CPython's setitem functions check it.
fn int_item(vm: &mut Vm, code: char, v: &Value) -> PyResult<i128> {
    let x: i128 = match args::index(vm, v)? {
        Value::Int(i) => i128::from(i),
        big => crate::object::int::to_big(&big)
            .and_then(|b| i128::try_from(b).ok())
            .unwrap_or(if crate::object::int::to_f64(&big).unwrap_or(0.0) < 0.0 {
                i128::MIN
            } else {
                i128::MAX
            }),
    };
    let c_long = |x: i128| {
        if i64::try_from(x).is_err() {
            Err(overflow("Python int too large to convert to C long"))
        } else {
            Ok(())
        }
    };
    let (i8_, i16_, i32_) = (
        (i8::MIN as i128, i8::MAX as i128),
        (i16::MIN as i128, i16::MAX as i128),
        (i32::MIN as i128, i32::MAX as i128),
    );
    match code {
        'b' => {
            c_long(x)?;
            range(x, i16_.0, i16_.1, "signed short integer")?;
            range(x, i8_.0, i8_.1, "signed char")?;
        }
        'B' => {
            c_long(x)?;
            range(x, 0, 255, "unsigned byte integer")?;
        }
        'h' => {
            c_long(x)?;
            range(x, i16_.0, i16_.1, "signed short integer")?;
        }
        'H' => {
            c_long(x)?;
            range(x, i32_.0, i32_.1, "signed integer")?;
            range(x, 0, u16::MAX as i128, "unsigned short")?;
        }
        'i' => {
            c_long(x)?;
            range(x, i32_.0, i32_.1, "signed integer")?;
        }
        'I' | 'L' => {
            if x < 0 {
                return Err(overflow("can't convert negative value to unsigned int"));
            }
            if u64::try_from(x).is_err() {
                return Err(overflow(
                    "Python int too large to convert to C unsigned long",
                ));
            }
            if code == 'I' {
                range(x, 0, u32::MAX as i128, "unsigned int")?;
            }
        }
        'l' => c_long(x)?,
        'q' => {
            if i64::try_from(x).is_err() {
                return Err(overflow("int too big to convert"));
            }
        }
        _ => {
            if x < 0 {
                return Err(overflow("can't convert negative int to unsigned"));
            }
            if u64::try_from(x).is_err() {
                return Err(overflow("int too big to convert"));
            }
        }
    }
    Ok(x)
}

fn float_item(code: char, v: &Value) -> PyResult<f64> {
    let x = match v {
        Value::Float(f) => f.get(),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => crate::object::int::to_f64(v)
            .ok_or_else(|| overflow("int too large to convert to float"))?,
        other => {
            return Err(exc::type_error(format!(
                "must be real number, not {}",
                type_name_of(other)
            )))
        }
    };
    Ok(if code == 'f' { x as f32 as f64 } else { x })
}

fn push(vm: &mut Vm, code: char, items: &mut Items, v: &Value) -> PyResult<()> {
    match items {
        Items::Int(xs) => xs.push(int_item(vm, code, v)?),
        Items::Float(xs) => xs.push(float_item(code, v)?),
    }
    Ok(())
}

fn empty(code: char) -> Items {
    if matches!(code, 'f' | 'd') {
        Items::Float(Vec::new())
    } else {
        Items::Int(Vec::new())
    }
}

/// A new array of the class of `like` (the `array.array` type) with typecode `code`.
fn make(like: &Value, code: char, items: Items) -> Value {
    let Value::Native(n) = like else {
        return Value::None;
    };
    let kind = NativeType {
        class: n.class.clone(),
        name: "array.array",
    };
    kind.instance(Array {
        code,
        items: RefCell::new(items),
    })
}

fn new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(exc::type_error("array.array() takes no keyword arguments"));
    }
    args::check_count("array", a.len() - 1, 1, 2)?;
    let code = match &a[1] {
        Value::Str(s) if s.as_str().chars().count() == 1 => {
            s.as_str().chars().next().unwrap_or('?')
        }
        other => {
            return Err(exc::type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                type_name_of(other)
            )))
        }
    };
    if !TYPECODES.contains(code) {
        return Err(exc::value_error(
            "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)",
        ));
    }
    if matches!(code, 'u' | 'w') {
        return Err(crate::builtins::unsupported(&format!(
            "array.array('{code}') (arrays of characters)"
        )));
    }
    let mut items = empty(code);
    match a.get(2) {
        None => {}
        Some(Value::Bytes(b)) => {
            if !matches!(code, 'b' | 'B') {
                return Err(crate::builtins::unsupported(
                    "array.array from bytes of a typecode other than b and B",
                ));
            }
            for &byte in b.iter() {
                let x = if code == 'b' {
                    byte as i8 as i128
                } else {
                    byte as i128
                };
                if let Items::Int(xs) = &mut items {
                    xs.push(x);
                }
            }
        }
        Some(Value::Str(_)) => {
            return Err(exc::type_error(format!(
                "cannot use a str to initialize an array with typecode '{code}'"
            )))
        }
        Some(init) => {
            for v in vm.collect(init)? {
                push(vm, code, &mut items, &v)?;
            }
        }
    }
    let Value::Type(class) = &a[0] else {
        return Err(exc::type_error("array.__new__(X): X is not a type object"));
    };
    let kind = NativeType {
        class: class.clone(),
        name: "array.array",
    };
    Ok(kind.instance(Array {
        code,
        items: RefCell::new(items),
    }))
}

fn len(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(a, "__len__")?.items.borrow().len() as i64))
}

fn getitem(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    get(vm, this(a, "__getitem__")?, &a[0], &a[1])
}

/// `obj[key]` when `obj` is an array, for `Vm::getitem`: the item read directly, as
/// CPython's `BINARY_SUBSCR` reaches `array_subscr` through the type's slot. Going through
/// the `__getitem__` method (lookup, argument vector, call) cost about 350 instructions per
/// item in scimark. `None` when `obj` is not an array.
pub(crate) fn subscript(vm: &mut Vm, obj: &Value, key: &Value) -> Option<PyResult<Value>> {
    let arr = obj.native::<Array>()?;
    Some(get(vm, arr, obj, key))
}

/// `obj[key] = value` when `obj` is an array (see [`subscript`]); `None` for other objects.
pub(crate) fn assign(vm: &mut Vm, obj: &Value, key: &Value, value: &Value) -> Option<PyResult<()>> {
    let arr = obj.native::<Array>()?;
    Some(set(vm, arr, key, value).map(|_| ()))
}

/// The index of `arr[key]`: what `__index__` gives, as `array_subscr` asks for it; a key that
/// has none is "array indices must be integers" (not the generic message of `index()`).
fn item_index(vm: &mut Vm, key: &Value) -> PyResult<Value> {
    let has_index = match key {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => true,
        Value::Instance(_) | Value::Native(_) => vm.type_of(key).lookup("__index__").is_some(),
        _ => false,
    };
    if !has_index {
        return Err(exc::type_error("array indices must be integers"));
    }
    args::index(vm, key)
}

fn get(vm: &mut Vm, arr: &Array, whole: &Value, key: &Value) -> PyResult<Value> {
    let items = arr.items.borrow();
    if let Value::Slice(s) = key {
        let picked = slice_positions(s, items.len())?;
        let out = match &*items {
            Items::Int(v) => Items::Int(picked.iter().map(|&i| v[i]).collect()),
            Items::Float(v) => Items::Float(picked.iter().map(|&i| v[i]).collect()),
        };
        return Ok(make(whole, arr.code, out));
    }
    let i = match item_index(vm, key)? {
        Value::Int(i) => i,
        _ => return Err(exc::index_error("array index out of range")),
    };
    match norm_index(i, items.len()) {
        Some(i) => Ok(items.get(i)),
        None => Err(exc::index_error("array index out of range")),
    }
}

fn setitem(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    set(vm, this(a, "__setitem__")?, &a[1], &a[2])
}

fn set(vm: &mut Vm, arr: &Array, key: &Value, value: &Value) -> PyResult<Value> {
    if let Value::Slice(s) = key {
        return assign_slice(arr, s, value);
    }
    let i = match item_index(vm, key)? {
        Value::Int(i) => i,
        _ => return Err(exc::index_error("array assignment index out of range")),
    };
    let n = arr.items.borrow().len();
    let Some(i) = norm_index(i, n) else {
        return Err(exc::index_error("array assignment index out of range"));
    };
    let is_int = matches!(&*arr.items.borrow(), Items::Int(_));
    if is_int {
        let x = int_item(vm, arr.code, value)?;
        if let Items::Int(v) = &mut *arr.items.borrow_mut() {
            v[i] = x;
        }
    } else {
        let x = float_item(arr.code, value)?;
        if let Items::Float(v) = &mut *arr.items.borrow_mut() {
            v[i] = x;
        }
    }
    Ok(Value::None)
}

/// `arr[i:j:k] = other`: only from an array of the same typecode, as in CPython.
fn assign_slice(arr: &Array, s: &crate::object::Slice, value: &Value) -> PyResult<Value> {
    let Some(other) = value.native::<Array>() else {
        return Err(exc::type_error(format!(
            "can only assign array (not \"{}\") to array slice",
            type_name_of(value)
        )));
    };
    if other.code != arr.code {
        return Err(exc::type_error("bad argument type for built-in operation"));
    }
    let new = other.items.borrow().clone();
    let mut items = arr.items.borrow_mut();
    let (start, stop, step) = crate::builtins::access::slice_indices(s, items.len())?;
    if step == 1 {
        let (start, stop) = (start as usize, stop.max(start) as usize);
        match (&mut *items, new) {
            (Items::Int(x), Items::Int(y)) => drop(x.splice(start..stop, y)),
            (Items::Float(x), Items::Float(y)) => drop(x.splice(start..stop, y)),
            _ => {}
        }
        return Ok(Value::None);
    }
    let positions = slice_positions(s, items.len())?;
    if positions.len() != new.len() {
        return Err(exc::value_error(format!(
            "attempt to assign array of size {} to extended slice of size {}",
            new.len(),
            positions.len()
        )));
    }
    match (&mut *items, new) {
        (Items::Int(x), Items::Int(y)) => positions.iter().zip(y).for_each(|(&p, v)| x[p] = v),
        (Items::Float(x), Items::Float(y)) => positions.iter().zip(y).for_each(|(&p, v)| x[p] = v),
        _ => {}
    }
    Ok(Value::None)
}

fn tolist(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let items = this(a, "tolist")?.items.borrow();
    Ok(Value::list(
        (0..items.len()).map(|i| items.get(i)).collect(),
    ))
}

/// `iter(arr)`: an `arrayiterator`, live over the array as CPython's is.
struct ArrayIter {
    array: Value,
    next: std::cell::Cell<usize>,
}

thread_local! {
    /// The `arrayiterator` type, made once per VM (keyed by the VM's `object` class).
    static ITER_TYPE: RefCell<Option<NativeType>> = const { RefCell::new(None) };
}

fn iter_type(vm: &Vm) -> NativeType {
    let object = vm.types.object.clone();
    ITER_TYPE.with(|cell| {
        let mut cached = cell.borrow_mut();
        if let Some(t) = cached.as_ref() {
            if t.class
                .base
                .as_ref()
                .is_some_and(|b| std::rc::Rc::ptr_eq(b, &object))
            {
                return t.clone();
            }
        }
        let t = NativeType::new(
            "arrayiterator",
            &object,
            &[
                ("__next__", CallConv::NoArgs, iter_next),
                ("__iter__", CallConv::NoArgs, iter_self),
            ],
        );
        *cached = Some(t.clone());
        t
    })
}

fn iter(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this(a, "__iter__")?;
    Ok(iter_type(vm).instance(ArrayIter {
        array: a[0].clone(),
        next: std::cell::Cell::new(0),
    }))
}

fn iter_next(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let it = a
        .first()
        .and_then(|v| v.native::<ArrayIter>())
        .ok_or_else(|| exc::type_error("expected an arrayiterator"))?;
    let arr = this(std::slice::from_ref(&it.array), "__next__")?;
    let items = arr.items.borrow();
    let i = it.next.get();
    if i >= items.len() {
        it.next.set(usize::MAX);
        return Err(exc::new("StopIteration", ""));
    }
    it.next.set(i + 1);
    Ok(items.get(i))
}

fn iter_self(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(a[0].clone())
}

fn repr(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "__repr__")?;
    if arr.items.borrow().len() == 0 {
        return Ok(Value::str(format!("array('{}')", arr.code)));
    }
    let list = tolist(vm, a, kw)?;
    let shown = vm.repr(&list)?;
    Ok(Value::str(format!("array('{}', {shown})", arr.code)))
}

fn eq(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    this(a, "__eq__")?;
    if a[1].native::<Array>().is_none() {
        return Ok(Value::NotImplemented);
    }
    let (x, y) = (tolist(vm, a, kw)?, tolist(vm, &a[1..], kw)?);
    Ok(Value::bool(vm.eq(&x, &y)?))
}

fn ne(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    match eq(vm, a, kw)? {
        Value::Bool(b) => Ok(Value::bool(!b.get())),
        other => Ok(other),
    }
}

fn mul(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "__mul__")?;
    let n = match &a[1] {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => match args::index(vm, &a[1])? {
            Value::Int(n) => n.max(0) as usize,
            _ => return Err(exc::new("MemoryError", "")),
        },
        _ => return Ok(Value::NotImplemented),
    };
    let out = match &*arr.items.borrow() {
        Items::Int(v) => Items::Int(v.repeat(n)),
        Items::Float(v) => Items::Float(v.repeat(n)),
    };
    Ok(make(&a[0], arr.code, out))
}

fn add(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "__add__")?;
    let Some(other) = a[1].native::<Array>() else {
        return Err(exc::type_error(format!(
            "can only append array (not \"{}\") to array",
            type_name_of(&a[1])
        )));
    };
    if other.code != arr.code {
        return Err(exc::type_error("bad argument type for built-in operation"));
    }
    let mut out = arr.items.borrow().clone();
    match (&mut out, &*other.items.borrow()) {
        (Items::Int(x), Items::Int(y)) => x.extend_from_slice(y),
        (Items::Float(x), Items::Float(y)) => x.extend_from_slice(y),
        _ => {}
    }
    Ok(make(&a[0], arr.code, out))
}

/// Appends `v` to `arr` in place. The value is converted before the items are borrowed
/// (`__index__` may run Python code that reads the array).
fn push_one(vm: &mut Vm, arr: &Array, v: &Value) -> PyResult<()> {
    let is_int = matches!(&*arr.items.borrow(), Items::Int(_));
    if is_int {
        let x = int_item(vm, arr.code, v)?;
        if let Items::Int(xs) = &mut *arr.items.borrow_mut() {
            xs.push(x);
        }
    } else {
        let x = float_item(arr.code, v)?;
        if let Items::Float(xs) = &mut *arr.items.borrow_mut() {
            xs.push(x);
        }
    }
    Ok(())
}

fn append(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "append")?;
    push_one(vm, arr, &a[1])?;
    Ok(Value::None)
}

/// `arr.extend(iterable)`: item by item, so a bad item leaves the ones before it appended,
/// as in CPython.
fn extend(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "extend")?;
    for v in vm.collect(&a[1])? {
        push_one(vm, arr, &v)?;
    }
    Ok(Value::None)
}

fn pop(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "pop")?;
    let i = match a.get(1) {
        Some(v) => match args::index(vm, v)? {
            Value::Int(i) => i,
            _ => i64::MAX,
        },
        None => -1,
    };
    let mut items = arr.items.borrow_mut();
    if items.len() == 0 {
        return Err(exc::index_error("pop from empty array"));
    }
    let Some(i) = norm_index(i, items.len()) else {
        return Err(exc::index_error("pop index out of range"));
    };
    let v = items.get(i);
    match &mut *items {
        Items::Int(x) => {
            x.remove(i);
        }
        Items::Float(x) => {
            x.remove(i);
        }
    }
    Ok(v)
}

/// Positions of items equal to `v` (compared as Python values).
fn matches(vm: &mut Vm, arr: &Array, v: &Value) -> PyResult<Vec<usize>> {
    let items = arr.items.borrow().clone();
    let mut out = Vec::new();
    for i in 0..items.len() {
        if vm.eq(&items.get(i), v)? {
            out.push(i);
        }
    }
    Ok(out)
}

fn index(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "index")?;
    match matches(vm, arr, &a[1])?.first() {
        Some(&i) => Ok(Value::Int(i as i64)),
        None => Err(exc::value_error("array.index(x): x not in array")),
    }
}

fn count(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "count")?;
    Ok(Value::Int(matches(vm, arr, &a[1])?.len() as i64))
}

fn contains(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "__contains__")?;
    Ok(Value::bool(!matches(vm, arr, &a[1])?.is_empty()))
}

fn remove(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "remove")?;
    let Some(&i) = matches(vm, arr, &a[1])?.first() else {
        return Err(exc::value_error("array.remove(x): x not in array"));
    };
    match &mut *arr.items.borrow_mut() {
        Items::Int(x) => {
            x.remove(i);
        }
        Items::Float(x) => {
            x.remove(i);
        }
    }
    Ok(Value::None)
}

fn insert(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let arr = this(a, "insert")?;
    args::check_count("insert", a.len() - 1, 2, 2)?;
    let i = match args::index(vm, &a[1])? {
        Value::Int(i) => i,
        _ => i64::MAX,
    };
    let mut one = empty(arr.code);
    push(vm, arr.code, &mut one, &a[2])?;
    let mut items = arr.items.borrow_mut();
    let n = items.len() as i64;
    let at = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    match (&mut *items, one) {
        (Items::Int(x), Items::Int(y)) => x.insert(at, y[0]),
        (Items::Float(x), Items::Float(y)) => x.insert(at, y[0]),
        _ => {}
    }
    Ok(Value::None)
}

fn reverse(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    match &mut *this(a, "reverse")?.items.borrow_mut() {
        Items::Int(x) => x.reverse(),
        Items::Float(x) => x.reverse(),
    }
    Ok(Value::None)
}

/// A fresh `array` module object.
pub fn module(vm: &mut Vm) -> Value {
    use CallConv::*;
    let object = vm.types.object.clone();
    let array = NativeType::new(
        "array",
        &object,
        &[
            ("__new__", FastKw, new),
            ("__len__", NoArgs, len),
            ("__getitem__", O, getitem),
            ("__setitem__", Fast, setitem),
            ("__iter__", NoArgs, iter),
            ("__repr__", NoArgs, repr),
            ("__eq__", O, eq),
            ("__ne__", O, ne),
            ("__mul__", O, mul),
            ("__rmul__", O, mul),
            ("__add__", O, add),
            ("__contains__", O, contains),
            ("append", O, append),
            ("extend", O, extend),
            ("pop", Fast, pop),
            ("index", O, index),
            ("count", O, count),
            ("remove", O, remove),
            ("insert", Fast, insert),
            ("reverse", NoArgs, reverse),
            ("tolist", NoArgs, tolist),
        ],
    );
    let mut d = Dict::new();
    let class = Value::Type(array.class);
    d.insert(crate::object::dict::str_key("array"), class.clone());
    d.insert(crate::object::dict::str_key("ArrayType"), class);
    d.insert(
        crate::object::dict::str_key("typecodes"),
        Value::str(TYPECODES),
    );
    super::new_module("array", d)
}
