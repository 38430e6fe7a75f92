//! Methods of the builtin types (`str.join`, `list.append`, `dict.get`, ...). Each receives
//! `self` as `args[0]`; the calling conventions are CPython 3.13's. This file holds the
//! registration table, which says which Rust function backs each method and with which calling
//! convention, and the two lone numeric methods; the bodies live in one submodule per family:
//! `str` for text, `list` for list and tuple, `hashed` for dict and set.

mod hashed;
mod list;
mod set_more;
mod str;

/// The signature helpers of `str` methods, for the ones living in `builtins::text`.
pub(crate) mod str_sig {
    pub(crate) use super::str::{noargs, one};
}

use self::hashed::*;
use self::list::*;
use self::set_more::*;
use self::str::*;

use super::add_method;
use crate::exceptions::{self as exc, PyResult};
use crate::object::{CallConv, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// Registers the methods of every builtin type.
pub fn install(vm: &mut Vm) {
    use CallConv::*;
    let t = &vm.types;
    let s = &t.str_;
    for (name, conv, f) in [
        ("join", O, str_join as crate::object::BuiltinFn),
        ("split", FastKw, str_split),
        ("rsplit", FastKw, str_rsplit),
        ("strip", Fast, str_strip),
        ("lstrip", Fast, str_lstrip),
        ("rstrip", Fast, str_rstrip),
        ("upper", NoArgs, str_upper),
        ("lower", NoArgs, str_lower),
        ("capitalize", NoArgs, str_capitalize),
        ("title", NoArgs, str_title),
        ("replace", FastKw, str_replace),
        ("count", Fast, str_count),
        ("find", Fast, str_find),
        ("index", Fast, str_index),
        ("rfind", Fast, str_rfind),
        ("rindex", Fast, str_rindex),
        ("removeprefix", O, super::text::str_removeprefix),
        ("removesuffix", O, super::text::str_removesuffix),
        ("isascii", NoArgs, super::text::str_isascii),
        ("isdecimal", NoArgs, super::text::str_isdecimal),
        ("isnumeric", NoArgs, super::text::str_isnumeric),
        ("isalnum", NoArgs, super::text::str_isalnum),
        ("isidentifier", NoArgs, super::text::str_isidentifier),
        ("istitle", NoArgs, super::text::str_istitle),
        ("expandtabs", FastKw, super::text::str_expandtabs),
        ("startswith", Fast, str_startswith),
        ("endswith", Fast, str_endswith),
        ("isdigit", NoArgs, str_isdigit),
        ("isalpha", NoArgs, str_isalpha),
        ("isspace", NoArgs, str_isspace),
        ("isupper", NoArgs, str_isupper),
        ("islower", NoArgs, str_islower),
        ("ljust", Fast, str_ljust),
        ("rjust", Fast, str_rjust),
        ("center", Fast, str_center),
        ("zfill", O, str_zfill),
        ("format", VarArgs, str_format),
        ("encode", FastKw, str_encode),
        ("partition", O, super::text::str_partition),
        ("rpartition", O, super::text::str_rpartition),
        ("splitlines", FastKw, super::text::str_splitlines),
        ("swapcase", NoArgs, super::text::str_swapcase),
    ] {
        add_method(s, name, conv, f);
    }
    let l = &t.list;
    for (name, conv, f) in [
        ("append", O, list_append as crate::object::BuiltinFn),
        ("pop", Fast, list_pop),
        ("insert", Fast, list_insert),
        ("extend", O, list_extend),
        ("sort", FastKw, list_sort),
        ("index", Fast, seq_index),
        ("count", O, seq_count),
        ("reverse", NoArgs, list_reverse),
        ("copy", NoArgs, list_copy),
        ("clear", NoArgs, list_clear),
        ("remove", O, list_remove),
    ] {
        add_method(l, name, conv, f);
    }
    add_method(&t.tuple, "index", Fast, seq_index);
    add_method(&t.tuple, "count", O, seq_count);
    let d = &t.dict;
    for (name, conv, f) in [
        ("get", Fast, dict_get as crate::object::BuiltinFn),
        ("keys", NoArgs, dict_keys),
        ("values", NoArgs, dict_values),
        ("items", NoArgs, dict_items),
        ("pop", Fast, dict_pop),
        ("popitem", NoArgs, dict_popitem),
        ("setdefault", Fast, dict_setdefault),
        ("update", VarArgs, dict_update),
        ("copy", NoArgs, dict_copy),
        ("clear", NoArgs, dict_clear),
    ] {
        add_method(d, name, conv, f);
    }
    for (name, conv, f) in [
        ("add", O, set_add as crate::object::BuiltinFn),
        ("discard", O, set_discard),
        ("remove", O, set_remove),
        ("update", Fast, set_update),
        ("pop", NoArgs, set_pop),
        ("copy", NoArgs, set_copy),
        ("union", Fast, set_union),
        ("intersection", Fast, set_intersection),
        ("difference", Fast, set_difference),
        ("issubset", O, set_issubset),
    ] {
        add_method(&t.set, name, conv, f);
    }
    for (name, conv, f) in [
        ("clear", NoArgs, set_clear as crate::object::BuiltinFn),
        ("isdisjoint", O, set_isdisjoint),
        ("issuperset", O, set_issuperset),
        ("symmetric_difference", O, set_symmetric_difference),
        ("difference_update", Fast, set_difference_update),
        ("intersection_update", Fast, set_intersection_update),
        (
            "symmetric_difference_update",
            O,
            set_symmetric_difference_update,
        ),
    ] {
        add_method(&t.set, name, conv, f);
    }
    for (name, conv, f) in [
        ("union", Fast, set_union as crate::object::BuiltinFn),
        ("copy", NoArgs, frozenset_copy),
        ("difference", Fast, frozenset_difference),
        ("intersection", Fast, frozenset_intersection),
        ("isdisjoint", O, set_isdisjoint),
        ("issubset", O, frozenset_issubset),
        ("issuperset", O, set_issuperset),
        ("symmetric_difference", O, set_symmetric_difference),
    ] {
        add_method(&t.frozenset, name, conv, f);
    }
    add_method(&t.float, "is_integer", NoArgs, float_is_integer);
    add_method(&t.int, "bit_length", NoArgs, int_bit_length);
    add_method(&t.bytes, "decode", FastKw, bytes_decode);
}

fn float_is_integer(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: crate::builtins::args::Sig =
        crate::builtins::args::Sig::positional("is_integer", 0, 0)
            .of("float")
            .style(crate::builtins::args::Style::NoArgs);
    SIG.bind(args, kw)?;
    match args[0] {
        Value::Float(f) => Ok(Value::bool(f.get().is_finite() && f.get().fract() == 0.0)),
        _ => Err(exc::type_error("descriptor requires a 'float' object")),
    }
}

fn int_bit_length(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: crate::builtins::args::Sig =
        crate::builtins::args::Sig::positional("bit_length", 0, 0)
            .of("int")
            .style(crate::builtins::args::Style::NoArgs);
    SIG.bind(args, kw)?;
    match &args[0] {
        Value::Int(i) => Ok(Value::Int(64 - i64::from(i.unsigned_abs().leading_zeros()))),
        Value::BigInt(b) => Ok(Value::Int(b.bits() as i64)),
        Value::Bool(b) => Ok(Value::Int(b.get() as i64)),
        _ => Err(exc::type_error("descriptor requires an 'int' object")),
    }
}
