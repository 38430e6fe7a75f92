//! Per-family specialization rules: which specialized form fits the operands, following the
//! decisions of CPython 3.13's `Python/specialize.c` (read for facts, not copied).
//!
//! Each rule looks at the values on the stack (the instruction has not run yet), writes the
//! guard data into the inline cache, and returns the form — or the reason it cannot.

use std::rc::Rc;

use super::{write_u32, Decision};
use crate::bytecode::Opcode;
use crate::code::unit_opcode;
use crate::frame::Frame;
use crate::object::{static_type_name, type_name_of, CallConv, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

use Decision::{Fail, Specialize};

/// Largest int CPython 3.13 calls "compact" (one 30-bit digit).
pub const COMPACT_MAX: i64 = (1 << 30) - 1;

/// True for an exact `int` (not `bool`) that CPython stores in one digit.
#[inline]
pub fn is_compact(v: &Value) -> bool {
    matches!(v, Value::Int(i) if i.unsigned_abs() <= COMPACT_MAX as u64)
}

/// True for an exact non-negative compact `int`.
#[inline]
pub fn is_nonneg_compact(v: &Value) -> bool {
    matches!(v, Value::Int(i) if (0..=COMPACT_MAX).contains(i))
}

/// True for an exact `int` (any size).
#[inline]
pub fn is_exact_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::BigInt(_))
}

/// Decides the form for the instruction at `instr` (family `family`).
pub fn decide(vm: &mut Vm, f: &Frame, instr: usize, family: Opcode, oparg: u32) -> Decision {
    match family {
        Opcode::TO_BOOL => to_bool(f, instr),
        Opcode::BINARY_OP => binary_op(f, instr, oparg),
        Opcode::COMPARE_OP => compare_op(f.peek(1), f.peek(0), oparg),
        Opcode::CONTAINS_OP => contains_op(f.peek(0)),
        Opcode::BINARY_SUBSCR => binary_subscr(f, instr),
        Opcode::STORE_SUBSCR => store_subscr(f.peek(1), f.peek(0)),
        Opcode::UNPACK_SEQUENCE => unpack_sequence(f.peek(0), oparg),
        Opcode::FOR_ITER => for_iter(f.peek(0)),
        Opcode::SEND => send(f.peek(1)),
        Opcode::LOAD_GLOBAL => load_global(vm, f, instr, oparg),
        Opcode::LOAD_ATTR => super::attr::load_attr(vm, f, instr, oparg),
        Opcode::STORE_ATTR => super::attr::store_attr(f, instr, oparg),
        Opcode::CALL => call(vm, f, instr, oparg),
        Opcode::LOAD_SUPER_ATTR => load_super_attr(vm, f, oparg),
        _ => Fail("not a specializable family"),
    }
}

/// The operand types a family looks at, for the story (`int + float`, `list[int]`).
pub fn describe_operands(vm: &Vm, f: &Frame, family: Opcode, oparg: u32) -> String {
    let t = |v: &Value| type_name_of(v);
    let depth = f.depth();
    let ok = |n: usize| depth > n;
    match family {
        Opcode::BINARY_OP | Opcode::COMPARE_OP | Opcode::BINARY_SUBSCR if ok(1) => {
            format!("{}, {}", t(f.peek(1)), t(f.peek(0)))
        }
        Opcode::STORE_SUBSCR if ok(1) => format!("{}, {}", t(f.peek(1)), t(f.peek(0))),
        Opcode::SEND if ok(1) => t(f.peek(1)),
        Opcode::CALL if ok(oparg as usize + 1) => {
            let callee = f.peek(oparg as usize + 1);
            match callee {
                Value::Function(func) => format!("function {}", func.qualname.as_str()),
                Value::Builtin(b) => format!("builtin {}", b.name),
                Value::Type(c) => format!("class {}", c.name.as_str()),
                other => t(other),
            }
        }
        Opcode::LOAD_GLOBAL => {
            let name = f
                .code
                .names
                .get((oparg >> 1) as usize)
                .map_or("?", |n| n.as_str());
            let _ = vm;
            format!("name {name}")
        }
        _ if ok(0) => t(f.peek(0)),
        _ => String::new(),
    }
}

/// `TO_BOOL`: by the operand's exact type; `TO_BOOL_ALWAYS_TRUE` caches the class version
/// its `_GUARD_TYPE_VERSION` checks.
fn to_bool(f: &Frame, instr: usize) -> Decision {
    match f.peek(0) {
        Value::Bool(_) => Specialize(Opcode::TO_BOOL_BOOL),
        Value::Int(_) | Value::BigInt(_) => Specialize(Opcode::TO_BOOL_INT),
        Value::List(_) => Specialize(Opcode::TO_BOOL_LIST),
        Value::None => Specialize(Opcode::TO_BOOL_NONE),
        Value::Str(_) => Specialize(Opcode::TO_BOOL_STR),
        Value::Instance(i) => {
            let c = &i.class;
            // Any heap type without `__bool__`/`__len__`: exception subclasses too, but not
            // subclasses of containers or numbers (their base has a length or a truth slot).
            if c.builtin || !matches!(c.layout, TypeKind::Object | TypeKind::Exception) {
                return Fail("instance of a builtin subclass");
            }
            if c.lookup("__bool__").is_some() || c.lookup("__len__").is_some() {
                return Fail("class defines __bool__ or __len__");
            }
            write_u32(&f.code.units, instr + 2, c.version.get());
            Specialize(Opcode::TO_BOOL_ALWAYS_TRUE)
        }
        Value::Float(_) => Fail("float"),
        Value::Tuple(_) => Fail("tuple"),
        Value::Dict(_) => Fail("dict"),
        Value::Set(_) => Fail("set"),
        Value::Bytes(_) => Fail("bytes"),
        _ => Fail("other type"),
    }
}

fn binary_op(f: &Frame, instr: usize, oparg: u32) -> Decision {
    let (lhs, rhs) = (f.peek(1), f.peek(0));
    let same = static_type_name(lhs) == static_type_name(rhs) && !matches!(lhs, Value::Instance(_));
    match oparg {
        0 | 13 => {
            if !same {
                return Fail("add: different types");
            }
            match lhs {
                Value::Str(l) => {
                    let next = f.code.units.get(instr + 2).map(|u| u.get());
                    let to_store = next.is_some_and(|u| unit_opcode(u) == Opcode::STORE_FAST);
                    if to_store {
                        let local = usize::from((next.unwrap_or(0) >> 8) as u8);
                        if let Some(Value::Str(cur)) = f.stack.get(local) {
                            if Rc::ptr_eq(cur, l) {
                                return Specialize(Opcode::BINARY_OP_INPLACE_ADD_UNICODE);
                            }
                        }
                    }
                    Specialize(Opcode::BINARY_OP_ADD_UNICODE)
                }
                Value::Int(_) | Value::BigInt(_) => Specialize(Opcode::BINARY_OP_ADD_INT),
                Value::Float(_) => Specialize(Opcode::BINARY_OP_ADD_FLOAT),
                _ => Fail("add: other types"),
            }
        }
        5 | 18 => {
            if !same {
                return Fail("multiply: different types");
            }
            match lhs {
                Value::Int(_) | Value::BigInt(_) => Specialize(Opcode::BINARY_OP_MULTIPLY_INT),
                Value::Float(_) => Specialize(Opcode::BINARY_OP_MULTIPLY_FLOAT),
                _ => Fail("multiply: other types"),
            }
        }
        10 | 23 => {
            if !same {
                return Fail("subtract: different types");
            }
            match lhs {
                Value::Int(_) | Value::BigInt(_) => Specialize(Opcode::BINARY_OP_SUBTRACT_INT),
                Value::Float(_) => Specialize(Opcode::BINARY_OP_SUBTRACT_FLOAT),
                _ => Fail("subtract: other types"),
            }
        }
        _ => Fail(match oparg % 13 {
            2 => "floor divide",
            6 => "remainder",
            11 => "true divide",
            8 => "power",
            1 | 7 | 12 => "bitwise operator",
            _ => "shift or matrix multiply",
        }),
    }
}

fn compare_op(lhs: &Value, rhs: &Value, oparg: u32) -> Decision {
    match (lhs, rhs) {
        (Value::Float(_), Value::Float(_)) => Specialize(Opcode::COMPARE_OP_FLOAT),
        (Value::Int(_) | Value::BigInt(_), Value::Int(_) | Value::BigInt(_)) => {
            if is_compact(lhs) && is_compact(rhs) {
                Specialize(Opcode::COMPARE_OP_INT)
            } else {
                Fail("big int")
            }
        }
        (Value::Str(_), Value::Str(_)) => {
            let op = oparg >> 5;
            if op == 2 || op == 3 {
                Specialize(Opcode::COMPARE_OP_STR)
            } else {
                Fail("string ordering")
            }
        }
        _ if static_type_name(lhs) != static_type_name(rhs) => Fail("different types"),
        _ => Fail("other type"),
    }
}

fn contains_op(container: &Value) -> Decision {
    match container {
        Value::Dict(_) => Specialize(Opcode::CONTAINS_OP_DICT),
        Value::Set(_) => Specialize(Opcode::CONTAINS_OP_SET),
        Value::Str(_) => Fail("str"),
        Value::Tuple(_) => Fail("tuple"),
        Value::List(_) => Fail("list"),
        _ => Fail("other type"),
    }
}

fn binary_subscr(f: &Frame, instr: usize) -> Decision {
    let (container, sub) = (f.peek(1), f.peek(0));
    match (container, sub) {
        (Value::List(_), Value::Int(_)) => {
            if is_nonneg_compact(sub) {
                Specialize(Opcode::BINARY_SUBSCR_LIST_INT)
            } else {
                Fail("index out of range")
            }
        }
        (Value::Tuple(_), Value::Int(_)) => {
            if is_nonneg_compact(sub) {
                Specialize(Opcode::BINARY_SUBSCR_TUPLE_INT)
            } else {
                Fail("index out of range")
            }
        }
        (Value::Str(_), Value::Int(_)) => {
            if is_nonneg_compact(sub) {
                Specialize(Opcode::BINARY_SUBSCR_STR_INT)
            } else {
                Fail("index out of range")
            }
        }
        (Value::List(_), Value::Slice(_)) => Fail("list slice"),
        (Value::Tuple(_), Value::Slice(_)) => Fail("tuple slice"),
        (Value::Str(_), Value::Slice(_)) => Fail("string slice"),
        (Value::Dict(_), _) => Specialize(Opcode::BINARY_SUBSCR_DICT),
        (Value::Instance(i), _) => {
            let c = &i.class;
            match c.lookup("__getitem__") {
                Some(Value::Function(func)) => {
                    let co = &func.code.code;
                    let simple = co.argcount == 2 && co.kwonlyargcount == 0 && co.flags & 0xc == 0;
                    if !simple {
                        return Fail("__getitem__ has complex parameters");
                    }
                    *f.code.objcache[instr].borrow_mut() = Value::Type(c.clone());
                    Specialize(Opcode::BINARY_SUBSCR_GETITEM)
                }
                Some(_) => Fail("__getitem__ is not a Python function"),
                None => Fail("not subscriptable"),
            }
        }
        _ => Fail("other types"),
    }
}

fn store_subscr(container: &Value, sub: &Value) -> Decision {
    match (container, sub) {
        (Value::List(l), Value::Int(i)) => {
            if is_nonneg_compact(sub) && (*i as usize) < l.borrow().len() {
                Specialize(Opcode::STORE_SUBSCR_LIST_INT)
            } else {
                Fail("index out of range")
            }
        }
        (Value::List(_), Value::Slice(_)) => Fail("list slice"),
        (Value::Dict(_), _) => Specialize(Opcode::STORE_SUBSCR_DICT),
        (Value::Instance(_), _) => Fail("Python __setitem__"),
        _ => Fail("other types"),
    }
}

fn unpack_sequence(seq: &Value, oparg: u32) -> Decision {
    match seq {
        Value::Tuple(t) if t.len() == oparg as usize => {
            if oparg == 2 {
                Specialize(Opcode::UNPACK_SEQUENCE_TWO_TUPLE)
            } else {
                Specialize(Opcode::UNPACK_SEQUENCE_TUPLE)
            }
        }
        Value::List(l) if l.borrow().len() == oparg as usize => {
            Specialize(Opcode::UNPACK_SEQUENCE_LIST)
        }
        Value::Tuple(_) | Value::List(_) => Fail("wrong length (expected error)"),
        Value::Iter(_) | Value::Generator(_) => Fail("iterator"),
        _ => Fail("sequence"),
    }
}

/// `_Py_Specialize_Send`: only a generator receiver has a specialized form.
fn send(receiver: &Value) -> Decision {
    match receiver {
        Value::Generator(_) => Specialize(Opcode::SEND_GEN),
        Value::Iter(_) => Fail("iterator"),
        _ => Fail("other"),
    }
}

fn for_iter(it: &Value) -> Decision {
    use crate::object::Iter;
    match it {
        Value::Iter(state) => match &*state.borrow() {
            Iter::List { .. } => Specialize(Opcode::FOR_ITER_LIST),
            Iter::Tuple { .. } => Specialize(Opcode::FOR_ITER_TUPLE),
            Iter::Range { .. } => Specialize(Opcode::FOR_ITER_RANGE),
            Iter::Str { .. } => Fail("string iterator"),
            Iter::Dict { .. } => Fail("dict iterator"),
            Iter::Enumerate { .. } => Fail("enumerate"),
            Iter::Zip { .. } => Fail("zip"),
            Iter::Map { .. } => Fail("map"),
            Iter::ListReverse { .. } => Fail("reversed list"),
            Iter::Set { .. } => Fail("set"),
            _ => Fail("other iterator"),
        },
        Value::Generator(_) => Specialize(Opcode::FOR_ITER_GEN),
        _ => Fail("other iterator"),
    }
}

fn load_global(vm: &mut Vm, f: &Frame, instr: usize, oparg: u32) -> Decision {
    let units = &f.code.units;
    let name = f.code.names[(oparg >> 1) as usize].clone();
    let key = vm.key_str(name.as_str());
    let globals = f.globals.borrow();
    if let Some(index) = globals.index_of(&key) {
        if index > usize::from(u16::MAX) {
            return Fail("index out of range");
        }
        let version = globals.keys_version();
        if version > u32::from(u16::MAX) {
            return Fail("out of versions");
        }
        units[instr + 2].set(index as u16);
        units[instr + 3].set(version as u16);
        return Specialize(Opcode::LOAD_GLOBAL_MODULE);
    }
    let builtins = vm.builtins.borrow();
    let Some(index) = builtins.index_of(&key) else {
        return Fail("name not found (index out of range)");
    };
    let gv = globals.keys_version();
    let bv = builtins.keys_version();
    if gv > u32::from(u16::MAX) || bv > u32::from(u16::MAX) {
        return Fail("out of versions");
    }
    units[instr + 2].set(index as u16);
    units[instr + 3].set(gv as u16);
    units[instr + 4].set(bv as u16);
    Specialize(Opcode::LOAD_GLOBAL_BUILTIN)
}

fn load_super_attr(vm: &Vm, f: &Frame, oparg: u32) -> Decision {
    let global_super = f.peek(2);
    let class = f.peek(1);
    if !matches!(global_super, Value::Type(c) if Rc::ptr_eq(c, &vm.types.super_)) {
        return Fail("super is shadowed");
    }
    if !matches!(class, Value::Type(_)) {
        return Fail("bad class");
    }
    if oparg & 1 == 1 {
        Specialize(Opcode::LOAD_SUPER_ATTR_METHOD)
    } else {
        Specialize(Opcode::LOAD_SUPER_ATTR_ATTR)
    }
}

/// `SIMPLE_FUNCTION`: positional parameters only (no *args, **kwargs, keyword-only).
pub(super) fn simple_function(func: &crate::object::Function) -> bool {
    let co = &func.code.code;
    co.flags & (crate::code::flags::CO_VARARGS | crate::code::flags::CO_VARKEYWORDS) == 0
        && co.kwonlyargcount == 0
}

fn py_call(
    f: &Frame,
    instr: usize,
    func: &crate::object::Function,
    nargs: usize,
    bound: bool,
) -> Decision {
    let version = func.version.get();
    if version == 0 {
        return Fail("out of versions");
    }
    write_u32(&f.code.units, instr + 2, version);
    let exact = simple_function(func) && func.code.code.argcount as usize == nargs + bound as usize;
    Specialize(match (exact, bound) {
        (true, true) => Opcode::CALL_BOUND_METHOD_EXACT_ARGS,
        (true, false) => Opcode::CALL_PY_EXACT_ARGS,
        (false, true) => Opcode::CALL_BOUND_METHOD_GENERAL,
        (false, false) => Opcode::CALL_PY_GENERAL,
    })
}

fn call(vm: &mut Vm, f: &Frame, instr: usize, oparg: u32) -> Decision {
    let callable = f.peek(oparg as usize + 1);
    let self_or_null = f.peek(oparg as usize);
    let nargs = oparg as usize + !self_or_null.is_null() as usize;
    match callable {
        Value::Function(func) => py_call(f, instr, func, nargs, false),
        Value::Method(m) => match &m.func {
            Value::Function(func) => py_call(f, instr, func, nargs, true),
            // A builtin bound to its object is a C function to CPython (`"abc".find`).
            Value::Builtin(b) => match b.conv {
                CallConv::O if nargs != 1 => Fail("wrong number of arguments"),
                CallConv::O => Specialize(Opcode::CALL_BUILTIN_O),
                CallConv::Fast => Specialize(Opcode::CALL_BUILTIN_FAST),
                CallConv::FastKw => Specialize(Opcode::CALL_BUILTIN_FAST_WITH_KEYWORDS),
                _ => Specialize(Opcode::CALL_NON_PY_GENERAL),
            },
            _ => Fail("bound method of a builtin"),
        },
        Value::Builtin(b) if b.owner.is_none() => match b.conv {
            CallConv::O => {
                if nargs != 1 {
                    return Fail("wrong number of arguments");
                }
                if vm.is_builtin(callable, "len") {
                    Specialize(Opcode::CALL_LEN)
                } else {
                    Specialize(Opcode::CALL_BUILTIN_O)
                }
            }
            CallConv::Fast => {
                if nargs == 2 && vm.is_builtin(callable, "isinstance") {
                    Specialize(Opcode::CALL_ISINSTANCE)
                } else {
                    Specialize(Opcode::CALL_BUILTIN_FAST)
                }
            }
            CallConv::FastKw => Specialize(Opcode::CALL_BUILTIN_FAST_WITH_KEYWORDS),
            _ => Specialize(Opcode::CALL_NON_PY_GENERAL),
        },
        Value::Builtin(b) => match b.conv {
            CallConv::NoArgs => {
                if nargs != 1 {
                    Fail("wrong number of arguments")
                } else {
                    Specialize(Opcode::CALL_METHOD_DESCRIPTOR_NOARGS)
                }
            }
            CallConv::O => {
                if nargs != 2 {
                    return Fail("wrong number of arguments");
                }
                let next = f.code.units.get(instr + 4).map(|u| unit_opcode(u.get()));
                if b.owner == Some("list")
                    && b.name == "append"
                    && oparg == 1
                    && next == Some(Opcode::POP_TOP)
                {
                    Specialize(Opcode::CALL_LIST_APPEND)
                } else {
                    Specialize(Opcode::CALL_METHOD_DESCRIPTOR_O)
                }
            }
            CallConv::Fast => Specialize(Opcode::CALL_METHOD_DESCRIPTOR_FAST),
            CallConv::FastKw => Specialize(Opcode::CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS),
            CallConv::VarArgs | CallConv::SlotWrapper => Specialize(Opcode::CALL_NON_PY_GENERAL),
        },
        Value::Type(c) => class_call(f, instr, c, nargs, oparg),
        _ => Specialize(Opcode::CALL_NON_PY_GENERAL),
    }
}

fn class_call(
    f: &Frame,
    instr: usize,
    c: &Rc<crate::object::Class>,
    nargs: usize,
    oparg: u32,
) -> Decision {
    if c.builtin {
        if nargs == 1 && oparg == 1 {
            match c.kind {
                TypeKind::Str => return Specialize(Opcode::CALL_STR_1),
                TypeKind::Type => return Specialize(Opcode::CALL_TYPE_1),
                TypeKind::Tuple => return Specialize(Opcode::CALL_TUPLE_1),
                _ => {}
            }
        }
        if crate::builtins::has_vectorcall(c) {
            return Specialize(Opcode::CALL_BUILTIN_CLASS);
        }
        return Fail("builtin class without vectorcall");
    }
    // `Py_TYPE(tp) != &PyType_Type`: a class made by another metaclass is called generically.
    if c.meta().is_some() {
        return Specialize(Opcode::CALL_NON_PY_GENERAL);
    }
    if crate::builtins::new::custom_new(c).is_some() {
        // CALL_ALLOC_AND_ENTER_INIT needs `object.__new__` (`tp_new == object_new`).
        return Specialize(Opcode::CALL_NON_PY_GENERAL);
    }
    if c.layout != TypeKind::Object {
        // Subclasses of builtins (exceptions) have their own __new__.
        return Specialize(Opcode::CALL_NON_PY_GENERAL);
    }
    if c.dict_kind != crate::object::DictKind::InlineValues {
        // CALL_ALLOC_AND_ENTER_INIT allocates the inline-values layout only (`__slots__`
        // classes fail with SPEC_FAIL_CALL_INIT_NOT_INLINE_VALUES and call generally).
        return Specialize(Opcode::CALL_NON_PY_GENERAL);
    }
    match c.lookup("__init__") {
        Some(Value::Function(init)) if simple_function(&init) => {
            if init.code.code.argcount as usize != nargs + 1 {
                return Fail("wrong number of arguments");
            }
            if init.version.get() == 0 {
                return Fail("out of versions");
            }
            write_u32(&f.code.units, instr + 2, c.version.get());
            *f.code.objcache[instr].borrow_mut() = Value::Function(init);
            Specialize(Opcode::CALL_ALLOC_AND_ENTER_INIT)
        }
        _ => Specialize(Opcode::CALL_NON_PY_GENERAL),
    }
}
