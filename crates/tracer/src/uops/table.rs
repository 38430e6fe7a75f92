//! The uop table: every micro-op of CPython 3.13 that this VM runs, once.
//!
//! Each row gives the uop's CPython name, its stack effect `(popped, pushed, kept)` as
//! functions of the oparg (`kept` inputs stay where they are, unchanged), its flags, its
//! replicated forms, and the function that runs it (in `interp/uop/`). Everything else is
//! derived from this table: the tier-1 specialized instructions run these functions in the
//! order [`super::expansion`] lists; the uop interpreter dispatches through [`Uop::exec`]; the
//! optimizer's default abstract handler pops `popped - kept` symbols and pushes
//! `pushed - kept` fresh ones; the error stubs pop `popped` (or nothing with
//! `ERROR_NO_POP`); replication (`_LOAD_FAST_3`) reads `replicas`.
//!
//! Flags follow CPython 3.13.0's generated metadata, so `remove_unneeded_uops` keeps a
//! `_SET_IP` exactly where CPython keeps one, and guards get `_EXIT_TRACE` or `_DEOPT` stubs
//! as in CPython.

use crate::exceptions::PyResult;
use crate::frame::Frame;
use crate::interp::uop as u;
use crate::vm::Vm;

use super::flags::*;
use super::{Args, Step};

/// The function that runs a uop.
pub type ExecFn = for<'a> fn(&mut Vm, &mut Box<Frame>, Args<'a>) -> PyResult<Step>;

/// Which tiers run a uop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    Both,
    /// Tier 1 only (`_ITER_JUMP_*`: tier 2 projects a guard instead).
    One,
    /// Trace bookkeeping that only the uop interpreter runs (`_SET_IP`, `_EXIT_TRACE`, ...).
    Two,
}

/// Everything known about one uop.
pub struct UopMeta {
    pub name: &'static str,
    /// One line: the stack effect `(in -- out)`, then what the uop does or guards (empty for
    /// replicated forms: see [`Uop::doc`]).
    pub doc: &'static str,
    pub flags: u16,
    pub popped: fn(u32) -> u32,
    pub pushed: fn(u32) -> u32,
    pub kept: fn(u32) -> u32,
    /// The uop a replicated form stands for (itself otherwise).
    pub base: Uop,
    /// The replicated forms, indexed by oparg (or by `oparg & 1` with `OPARG_AND_1`).
    pub replicas: &'static [Uop],
    pub tier: Tier,
    pub exec: ExecFn,
}

macro_rules! uops {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident $([$($rep:ident),* $(,)?])?
            = ($pop:expr, $push:expr, $keep:expr) $flags:expr, $tier:ident => $exec:path;
    )*) => {
        /// A CPython 3.13 micro-op (the names are CPython's, so they can be searched for).
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum Uop {
            $(
                $(#[doc = $doc])*
                $name,
                $($(
                    #[doc = concat!("`", stringify!($name), "` for one oparg value.")]
                    $rep,
                )*)?
            )*
        }

        /// The rows, in `Uop` order (replicas right after their base).
        static META: &[UopMeta] = &[
            $(
                UopMeta {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n",)* ""),
                    flags: $flags,
                    popped: $pop,
                    pushed: $push,
                    kept: $keep,
                    base: Uop::$name,
                    replicas: &[$($(Uop::$rep),*)?],
                    tier: Tier::$tier,
                    exec: $exec,
                },
                $($(
                    UopMeta {
                        name: stringify!($rep),
                        doc: "",
                        flags: $flags,
                        popped: $pop,
                        pushed: $push,
                        kept: $keep,
                        base: Uop::$name,
                        replicas: &[],
                        tier: Tier::$tier,
                        exec: $exec,
                    },
                )*)?
            )*
        ];

        impl Uop {
            /// Every uop, in table order.
            pub const ALL: &'static [Uop] = &[$(Uop::$name, $($(Uop::$rep,)*)?)*];

            /// Runs this uop (the uop interpreter's dispatch: one arm per uop, each a direct,
            /// inlinable call).
            #[inline]
            pub fn run(self, vm: &mut Vm, f: &mut Box<Frame>, args: Args<'_>) -> PyResult<Step> {
                match self {
                    $(Uop::$name $($(| Uop::$rep)*)? => $exec(vm, f, args),)*
                }
            }

            /// The function that runs this uop, resolvable at compile time so a tier-1
            /// instruction made of constant uops calls them directly.
            #[inline(always)]
            pub const fn exec(self) -> ExecFn {
                match self {
                    $(Uop::$name $($(| Uop::$rep)*)? => $exec,)*
                }
            }
        }
    };
}

/// `|_| n`: a constant stack count.
macro_rules! n {
    ($n:expr) => {
        |_| $n
    };
}

uops! {
    // --- loads, stores and stack shuffles --------------------------------------------------
    /// `( -- )` Does nothing: what the optimizer leaves where it removed a uop.
    _NOP = (n!(0), n!(0), n!(0)) PURE, Both => u::locals::nop;
    /// `( -- )` Deopt if the code was instrumented since (never here: no monitoring).
    _RESUME_CHECK = (n!(0), n!(0), n!(0)) DEOPT, Both => u::locals::nop;
    /// `( -- value)` Push local `oparg`, raising UnboundLocalError if it is unbound.
    _LOAD_FAST_CHECK = (n!(0), n!(1), n!(0)) ARG | LOCAL | ERROR | ESCAPES, Both
        => u::locals::load_fast_check;
    /// `( -- value)` Push local `oparg` (known to be bound).
    _LOAD_FAST [_LOAD_FAST_0, _LOAD_FAST_1, _LOAD_FAST_2, _LOAD_FAST_3, _LOAD_FAST_4,
        _LOAD_FAST_5, _LOAD_FAST_6, _LOAD_FAST_7]
        = (n!(0), n!(1), n!(0)) ARG | LOCAL | PURE, Both => u::locals::load_fast;
    /// `( -- value)` Push local `oparg` and unbind it (inlined comprehensions).
    _LOAD_FAST_AND_CLEAR = (n!(0), n!(1), n!(0)) ARG | LOCAL, Both
        => u::locals::load_fast_and_clear;
    /// `( -- value)` Push `co_consts[oparg]`.
    _LOAD_CONST = (n!(0), n!(1), n!(0)) ARG | CONST | PURE, Both => u::locals::load_const;
    /// `(value -- )` Store into local `oparg`.
    _STORE_FAST [_STORE_FAST_0, _STORE_FAST_1, _STORE_FAST_2, _STORE_FAST_3, _STORE_FAST_4,
        _STORE_FAST_5, _STORE_FAST_6, _STORE_FAST_7]
        = (n!(1), n!(0), n!(0)) ARG | LOCAL, Both => u::locals::store_fast;
    /// `(value -- )` Drop the top of the stack.
    _POP_TOP = (n!(1), n!(0), n!(0)) PURE, Both => u::locals::pop_top;
    /// `( -- NULL)` Push the NULL that marks "no self" below a callable.
    _PUSH_NULL = (n!(0), n!(1), n!(0)) PURE, Both => u::locals::push_null;
    /// `(bottom, ... -- bottom, ..., bottom)` Push a copy of the item `oparg` deep.
    _COPY = (|o| o, |o| o + 1, |o| o) ARG | PURE, Both => u::locals::copy;
    /// `(bottom, ..., top -- top, ..., bottom)` Swap the top with the item `oparg` deep.
    _SWAP = (|o| o, |o| o, n!(0)) ARG | PURE, Both => u::locals::swap;
    /// `(receiver, value -- value)` Drop the sub-iterator under a `yield from` result.
    _END_SEND = (n!(2), n!(1), n!(0)) PURE, Both => u::locals::end_send;
    /// `(value -- )` Unbind local `oparg`; UnboundLocalError if it was unbound.
    _DELETE_FAST = (n!(0), n!(0), n!(0)) ARG | LOCAL | ERROR | ESCAPES, Both
        => u::locals::delete_fast;
    /// `( -- )` Put local `oparg` into a new cell (a variable captured by an inner scope).
    _MAKE_CELL = (n!(0), n!(0), n!(0)) ARG | FREE | ERROR | ERROR_NO_POP, Both
        => u::locals::make_cell;
    /// `( -- )` Unbind the cell variable `oparg`.
    _DELETE_DEREF = (n!(0), n!(0), n!(0)) ARG | FREE | ERROR | ERROR_NO_POP | ESCAPES, Both
        => u::locals::delete_deref;
    /// `(mapping -- value)` Class bodies: the name from the mapping, else the cell `oparg`.
    _LOAD_FROM_DICT_OR_DEREF = (n!(1), n!(1), n!(0))
        ARG | FREE | ERROR | ERROR_NO_POP | ESCAPES, Both => u::locals::load_from_dict_or_deref;
    /// `( -- value)` Push the contents of cell `oparg`; NameError if empty.
    _LOAD_DEREF = (n!(0), n!(1), n!(0)) ARG | FREE | ERROR | ESCAPES, Both
        => u::locals::load_deref;
    /// `(value -- )` Store into cell `oparg`.
    _STORE_DEREF = (n!(1), n!(0), n!(0)) ARG | FREE | ESCAPES, Both => u::locals::store_deref;
    /// `( -- )` Copy the function's closure cells into the last `oparg` locals.
    _COPY_FREE_VARS = (n!(0), n!(0), n!(0)) ARG, Both => u::locals::copy_free_vars;
    /// `( -- value)` Push the object in the operand (a constant the optimizer inlined).
    _LOAD_CONST_INLINE = (n!(0), n!(1), n!(0)) PURE, Two => u::locals::load_const_inline;
    /// `( -- value)` As `_LOAD_CONST_INLINE`, for an immortal object (no reference count).
    _LOAD_CONST_INLINE_BORROW = (n!(0), n!(1), n!(0)) PURE, Two
        => u::locals::load_const_inline;
    /// `( -- value, NULL)` A global turned into a constant, for a call.
    _LOAD_CONST_INLINE_WITH_NULL = (n!(0), n!(2), n!(0)) PURE, Two
        => u::locals::load_const_inline_with_null;
    /// `( -- value, NULL)` As above, for an immortal object.
    _LOAD_CONST_INLINE_BORROW_WITH_NULL = (n!(0), n!(2), n!(0)) PURE, Two
        => u::locals::load_const_inline_with_null;
    /// `(pop -- value)` Replace the top by the operand's object (a truth value known early).
    _POP_TOP_LOAD_CONST_INLINE_BORROW = (n!(1), n!(1), n!(0)) PURE, Two
        => u::locals::pop_top_load_const_inline;

    // --- unary, truth, binary and comparison operators -------------------------------------
    /// `(value -- res)` `-value`.
    _UNARY_NEGATIVE = (n!(1), n!(1), n!(0)) ERROR | ESCAPES, Both => u::arith::unary_negative;
    /// `(value -- res)` `not value` (the value is a bool).
    _UNARY_NOT = (n!(1), n!(1), n!(0)) PURE, Both => u::arith::unary_not;
    /// `(value -- res)` `~value`.
    _UNARY_INVERT = (n!(1), n!(1), n!(0)) ERROR | ESCAPES, Both => u::arith::unary_invert;
    /// `(value -- res)` `bool(value)`.
    _TO_BOOL = (n!(1), n!(1), n!(0)) ERROR | ESCAPES, Both => u::arith::to_bool;
    /// `(value -- value)` Exit unless the value is a bool (it is its own truth).
    _TO_BOOL_BOOL = (n!(1), n!(1), n!(1)) EXIT, Both => u::arith::to_bool_bool;
    /// `(value -- res)` Exit unless an exact int; true unless zero.
    _TO_BOOL_INT = (n!(1), n!(1), n!(0)) EXIT | ESCAPES, Both => u::arith::to_bool_int;
    /// `(value -- res)` Exit unless an exact list; true unless empty.
    _TO_BOOL_LIST = (n!(1), n!(1), n!(0)) EXIT, Both => u::arith::to_bool_list;
    /// `(value -- res)` Exit unless None; false.
    _TO_BOOL_NONE = (n!(1), n!(1), n!(0)) EXIT, Both => u::arith::to_bool_none;
    /// `(value -- res)` Exit unless an exact str; true unless empty.
    _TO_BOOL_STR = (n!(1), n!(1), n!(0)) EXIT | ESCAPES, Both => u::arith::to_bool_str;
    /// `(value -- res)` True (after `_GUARD_TYPE_VERSION` proved there is no `__bool__` or
    /// `__len__`).
    _REPLACE_WITH_TRUE = (n!(1), n!(1), n!(0)) 0, Both => u::arith::replace_with_true;
    /// `(left, right -- left, right)` Exit unless both operands are exact ints.
    _GUARD_BOTH_INT = (n!(2), n!(2), n!(2)) EXIT, Both => u::arith::guard_both_int;
    /// `(left, unused -- left, unused)` Exit unless the second item is an exact int.
    _GUARD_NOS_INT = (n!(2), n!(2), n!(2)) EXIT, Both => u::arith::guard_nos_int;
    /// `(value -- value)` Exit unless the top is an exact int.
    _GUARD_TOS_INT = (n!(1), n!(1), n!(1)) EXIT, Both => u::arith::guard_tos_int;
    /// `(left, right -- res)` `left * right` on ints.
    _BINARY_OP_MULTIPLY_INT = (n!(2), n!(1), n!(0)) ERROR | PURE, Both
        => u::arith::binary_op_multiply_int;
    /// `(left, right -- res)` `left + right` on ints.
    _BINARY_OP_ADD_INT = (n!(2), n!(1), n!(0)) ERROR | PURE, Both
        => u::arith::binary_op_add_int;
    /// `(left, right -- res)` `left - right` on ints.
    _BINARY_OP_SUBTRACT_INT = (n!(2), n!(1), n!(0)) ERROR | PURE, Both
        => u::arith::binary_op_subtract_int;
    /// `(left, right -- left, right)` Exit unless both operands are exact floats.
    _GUARD_BOTH_FLOAT = (n!(2), n!(2), n!(2)) EXIT, Both => u::arith::guard_both_float;
    /// `(left, unused -- left, unused)` Exit unless the second item is an exact float.
    _GUARD_NOS_FLOAT = (n!(2), n!(2), n!(2)) EXIT, Both => u::arith::guard_nos_float;
    /// `(value -- value)` Exit unless the top is an exact float.
    _GUARD_TOS_FLOAT = (n!(1), n!(1), n!(1)) EXIT, Both => u::arith::guard_tos_float;
    /// `(left, right -- res)` `left * right` on floats.
    _BINARY_OP_MULTIPLY_FLOAT = (n!(2), n!(1), n!(0)) PURE, Both
        => u::arith::binary_op_multiply_float;
    /// `(left, right -- res)` `left + right` on floats.
    _BINARY_OP_ADD_FLOAT = (n!(2), n!(1), n!(0)) PURE, Both => u::arith::binary_op_add_float;
    /// `(left, right -- res)` `left - right` on floats.
    _BINARY_OP_SUBTRACT_FLOAT = (n!(2), n!(1), n!(0)) PURE, Both
        => u::arith::binary_op_subtract_float;
    /// `(left, right -- left, right)` Exit unless both operands are exact strs.
    _GUARD_BOTH_UNICODE = (n!(2), n!(2), n!(2)) EXIT, Both => u::arith::guard_both_unicode;
    /// `(left, right -- res)` `left + right` on strs.
    _BINARY_OP_ADD_UNICODE = (n!(2), n!(1), n!(0)) ERROR | PURE, Both
        => u::arith::binary_op_add_unicode;
    /// `(left, right -- res)` Any binary operator (`NB_*` oparg), through the number protocol.
    _BINARY_OP = (n!(2), n!(1), n!(0)) ARG | ERROR | ESCAPES, Both => u::arith::binary_op;
    /// `(left, right -- res)` Rich comparison `oparg >> 5` (bool result when `oparg & 16`).
    _COMPARE_OP = (n!(2), n!(1), n!(0)) ARG | ERROR | ESCAPES, Both => u::arith::compare_op;
    /// `(left, right -- res)` Compare two floats.
    _COMPARE_OP_FLOAT = (n!(2), n!(1), n!(0)) ARG, Both => u::arith::compare_op_float;
    /// `(left, right -- res)` Compare two ints; deopt unless both are compact.
    _COMPARE_OP_INT = (n!(2), n!(1), n!(0)) ARG | DEOPT, Both => u::arith::compare_op_int;
    /// `(left, right -- res)` `==` / `!=` on two strs.
    _COMPARE_OP_STR = (n!(2), n!(1), n!(0)) ARG, Both => u::arith::compare_op_str;
    /// `(left, right -- res)` `left is right` (`is not` with oparg 1).
    _IS_OP = (n!(2), n!(1), n!(0)) ARG, Both => u::arith::is_op;
    /// `(left, right -- res)` `left in right` (`not in` with oparg 1).
    _CONTAINS_OP = (n!(2), n!(1), n!(0)) ARG | ERROR | ESCAPES, Both => u::arith::contains_op;
    /// `(left, right -- res)` `in` on an exact set or frozenset; deopt otherwise.
    _CONTAINS_OP_SET = (n!(2), n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES, Both
        => u::arith::contains_op_set;
    /// `(left, right -- res)` `in` on an exact dict; deopt otherwise.
    _CONTAINS_OP_DICT = (n!(2), n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES, Both
        => u::arith::contains_op_dict;
    /// `(value -- b)` `value is None` (`POP_JUMP_IF_NONE`'s first half).
    _IS_NONE = (n!(1), n!(1), n!(0)) 0, Both => u::arith::is_none;
    /// `(flag -- )` Exit unless the flag is True (the branch projected as likely).
    _GUARD_IS_TRUE_POP = (n!(1), n!(0), n!(0)) EXIT, Two => u::arith::guard_is_true_pop;
    /// `(flag -- )` Exit unless the flag is False.
    _GUARD_IS_FALSE_POP = (n!(1), n!(0), n!(0)) EXIT, Two => u::arith::guard_is_false_pop;
    /// `(val -- )` Exit unless the value is None.
    _GUARD_IS_NONE_POP = (n!(1), n!(0), n!(0)) EXIT, Two => u::arith::guard_is_none_pop;
    /// `(val -- )` Exit if the value is None.
    _GUARD_IS_NOT_NONE_POP = (n!(1), n!(0), n!(0)) EXIT, Two
        => u::arith::guard_is_not_none_pop;

    // --- subscripts, building, unpacking ----------------------------------------------------
    /// `(container, sub -- res)` `container[sub]`.
    _BINARY_SUBSCR = (n!(2), n!(1), n!(0)) ERROR | ESCAPES, Both
        => u::containers::binary_subscr;
    /// `(container, start, stop -- res)` `container[start:stop]`.
    _BINARY_SLICE = (n!(3), n!(1), n!(0)) ERROR | ESCAPES, Both => u::containers::binary_slice;
    /// `(v, container, start, stop -- )` `container[start:stop] = v`.
    _STORE_SLICE = (n!(4), n!(0), n!(0)) ERROR | ESCAPES, Both => u::containers::store_slice;
    /// `(list, sub -- res)` `list[sub]`; deopt unless an exact list and an index in range.
    _BINARY_SUBSCR_LIST_INT = (n!(2), n!(1), n!(0)) DEOPT, Both
        => u::containers::binary_subscr_list_int;
    /// `(str, sub -- res)` `str[sub]`; deopt unless in range and an ASCII character.
    _BINARY_SUBSCR_STR_INT = (n!(2), n!(1), n!(0)) DEOPT, Both
        => u::containers::binary_subscr_str_int;
    /// `(tuple, sub -- res)` `tuple[sub]`; deopt unless an exact tuple and in range.
    _BINARY_SUBSCR_TUPLE_INT = (n!(2), n!(1), n!(0)) DEOPT, Both
        => u::containers::binary_subscr_tuple_int;
    /// `(dict, sub -- res)` `dict[sub]`; deopt unless an exact dict. KeyError if missing.
    _BINARY_SUBSCR_DICT = (n!(2), n!(1), n!(0)) DEOPT | ERROR | ESCAPES, Both
        => u::containers::binary_subscr_dict;
    /// `(v, container, sub -- )` `container[sub] = v`.
    _STORE_SUBSCR = (n!(3), n!(0), n!(0)) ERROR | ESCAPES, Both => u::containers::store_subscr;
    /// `(value, list, sub -- )` `list[sub] = value`; deopt unless an index in range.
    _STORE_SUBSCR_LIST_INT = (n!(3), n!(0), n!(0)) DEOPT, Both
        => u::containers::store_subscr_list_int;
    /// `(value, dict, sub -- )` `dict[sub] = value`; deopt unless an exact dict.
    _STORE_SUBSCR_DICT = (n!(3), n!(0), n!(0)) DEOPT | ERROR | ESCAPES, Both
        => u::containers::store_subscr_dict;
    /// `(container, sub -- )` `del container[sub]`.
    _DELETE_SUBSCR = (n!(2), n!(0), n!(0)) ERROR | ESCAPES, Both
        => u::containers::delete_subscr;
    /// `(list, unused[oparg-1], v -- list, unused[oparg-1])` Comprehension append.
    _LIST_APPEND = (|o| o + 1, |o| o, |o| o) ARG | ERROR, Both => u::containers::list_append;
    /// `(set, unused[oparg-1], v -- set, unused[oparg-1])` Comprehension add.
    _SET_ADD = (|o| o + 1, |o| o, |o| o) ARG | ERROR | ESCAPES, Both
        => u::containers::set_add;
    /// `(dict, unused[oparg-1], key, value -- dict, unused[oparg-1])` Comprehension store.
    _MAP_ADD = (|o| o + 2, |o| o, |o| o) ARG | ERROR | ESCAPES, Both
        => u::containers::map_add;
    /// `(pieces[oparg] -- str)` Concatenate f-string pieces.
    _BUILD_STRING = (|o| o, n!(1), n!(0)) ARG | ERROR, Both => u::containers::build_string;
    /// `(values[oparg] -- tup)` A tuple of the top `oparg` items.
    _BUILD_TUPLE = (|o| o, n!(1), n!(0)) ARG | ERROR, Both => u::containers::build_tuple;
    /// `(values[oparg] -- list)` A list of the top `oparg` items.
    _BUILD_LIST = (|o| o, n!(1), n!(0)) ARG | ERROR, Both => u::containers::build_list;
    /// `(list, unused[oparg-1], iterable -- list, unused[oparg-1])` `list.extend(iterable)`.
    _LIST_EXTEND = (|o| o + 1, |o| o, |o| o) ARG | ERROR | ESCAPES, Both
        => u::containers::list_extend;
    /// `(set, unused[oparg-1], iterable -- set, unused[oparg-1])` `set.update(iterable)`.
    _SET_UPDATE = (|o| o + 1, |o| o, |o| o) ARG | ERROR | ESCAPES, Both
        => u::containers::set_update;
    /// `(values[oparg*2] -- map)` A dict of `oparg` key/value pairs.
    _BUILD_MAP = (|o| o * 2, n!(1), n!(0)) ARG | ERROR | ESCAPES, Both
        => u::containers::build_map;
    /// `(values[oparg], keys -- map)` A dict from values and a constant tuple of keys.
    _BUILD_CONST_KEY_MAP = (|o| o + 1, n!(1), n!(0)) ARG | ERROR | ESCAPES, Both
        => u::containers::build_const_key_map;
    /// `(dict, unused[oparg-1], update -- dict, unused[oparg-1])` `dict.update(update)`.
    _DICT_UPDATE = (|o| o + 1, |o| o, |o| o) ARG | ERROR | ESCAPES, Both
        => u::containers::dict_update;
    /// `(callable, u, u, dict, unused[oparg-1], update -- ...)` `**update` into a call's kwargs.
    _DICT_MERGE = (|o| o + 4, |o| o + 3, |o| o + 3) ARG | ERROR | ESCAPES, Both
        => u::containers::dict_merge;
    /// `(start, stop[, step] -- slice)` A slice object (three items with oparg 3).
    _BUILD_SLICE = (|o| 2 + u32::from(o == 3), n!(1), n!(0)) ARG | ERROR, Both
        => u::containers::build_slice;
    /// `(seq -- values[oparg])` Unpack any iterable of exactly `oparg` items.
    _UNPACK_SEQUENCE = (n!(1), |o| o, n!(0)) ARG | ERROR | ESCAPES, Both
        => u::containers::unpack_sequence;
    /// `(seq -- val1, val0)` Unpack a 2-tuple; deopt otherwise.
    _UNPACK_SEQUENCE_TWO_TUPLE = (n!(1), n!(2), n!(0)) ARG | DEOPT, Both
        => u::containers::unpack_sequence_two_tuple;
    /// `(seq -- values[oparg])` Unpack an exact tuple of `oparg` items; deopt otherwise.
    _UNPACK_SEQUENCE_TUPLE = (n!(1), |o| o, n!(0)) ARG | DEOPT, Both
        => u::containers::unpack_sequence_tuple;
    /// `(seq -- values[oparg])` Unpack an exact list of `oparg` items; deopt otherwise.
    _UNPACK_SEQUENCE_LIST = (n!(1), |o| o, n!(0)) ARG | DEOPT, Both
        => u::containers::unpack_sequence_list;
    /// `(seq -- values)` Starred unpacking: `oparg & 0xFF` before, `oparg >> 8` after.
    _UNPACK_EX = (n!(1), |o| (o & 0xFF) + (o >> 8) + 1, n!(0)) ARG | ERROR | ESCAPES, Both
        => u::containers::unpack_ex;
    /// `(value -- res)` An intrinsic function of one argument (`oparg` picks it).
    _CALL_INTRINSIC_1 = (n!(1), n!(1), n!(0)) ARG | ERROR | ESCAPES, Both
        => u::containers::call_intrinsic_1;
    /// `(value -- res)` `str(value)` for an f-string (str values pass through).
    _FORMAT_SIMPLE = (n!(1), n!(1), n!(0)) ERROR | ESCAPES, Both
        => u::containers::format_simple;
    /// `(value, fmt_spec -- res)` `format(value, fmt_spec)`.
    _FORMAT_WITH_SPEC = (n!(2), n!(1), n!(0)) ERROR | ESCAPES, Both
        => u::containers::format_with_spec;
    /// `(value -- result)` `!s`, `!r` or `!a` of an f-string field.
    _CONVERT_VALUE = (n!(1), n!(1), n!(0)) ARG | ERROR, Both => u::containers::convert_value;

    // --- names, globals and attributes ------------------------------------------------------
    /// `( -- bc)` Push `builtins.__build_class__`.
    _LOAD_BUILD_CLASS = (n!(0), n!(1), n!(0)) ERROR | ESCAPES, Both
        => u::globals::load_build_class;
    /// `( -- value)` Push `AssertionError`.
    _LOAD_ASSERTION_ERROR = (n!(0), n!(1), n!(0)) 0, Both => u::globals::load_assertion_error;
    /// `( -- locals)` Push the locals mapping (class bodies).
    _LOAD_LOCALS = (n!(0), n!(1), n!(0)) ERROR | ESCAPES, Both => u::globals::load_locals;
    /// `( -- )` Give the locals mapping an `__annotations__` dict unless it has one.
    _SETUP_ANNOTATIONS = (n!(0), n!(0), n!(0)) ERROR | ESCAPES, Both
        => u::globals::setup_annotations;
    /// `(v -- )` Bind name `oparg` in the locals mapping (module and class bodies).
    _STORE_NAME = (n!(1), n!(0), n!(0)) ARG | NAME | ERROR | ESCAPES, Both
        => u::globals::store_name;
    /// `( -- )` Unbind name `oparg` in the locals mapping.
    _DELETE_NAME = (n!(0), n!(0), n!(0)) ARG | NAME | ERROR | ERROR_NO_POP | ESCAPES, Both
        => u::globals::delete_name;
    /// `(v -- )` Bind the global `oparg`.
    _STORE_GLOBAL = (n!(1), n!(0), n!(0)) ARG | NAME | ERROR | ESCAPES, Both
        => u::globals::store_global;
    /// `( -- )` Unbind the global `oparg`.
    _DELETE_GLOBAL = (n!(0), n!(0), n!(0)) ARG | NAME | ERROR | ERROR_NO_POP | ESCAPES, Both
        => u::globals::delete_global;
    /// `( -- res, null if (oparg & 1))` Global or builtin `oparg >> 1`, by dict lookups.
    _LOAD_GLOBAL = (n!(0), |o| 1 + (o & 1), n!(0)) ARG | NAME | ERROR | ESCAPES, Both
        => u::globals::load_global;
    /// `( -- )` Deopt unless the globals' keys version is the operand.
    _GUARD_GLOBALS_VERSION = (n!(0), n!(0), n!(0)) DEOPT, Both
        => u::globals::guard_globals_version;
    /// `( -- )` Deopt unless the builtins' keys version is the operand.
    _GUARD_BUILTINS_VERSION = (n!(0), n!(0), n!(0)) DEOPT, Both
        => u::globals::guard_builtins_version;
    /// `( -- res, null if (oparg & 1))` The globals entry at index `operand`.
    _LOAD_GLOBAL_MODULE = (n!(0), |o| 1 + (o & 1), n!(0)) ARG | DEOPT, Both
        => u::globals::load_global_module;
    /// `( -- res, null if (oparg & 1))` The builtins entry at index `operand`.
    _LOAD_GLOBAL_BUILTINS = (n!(0), |o| 1 + (o & 1), n!(0)) ARG | DEOPT, Both
        => u::globals::load_global_builtins;
    /// `(owner -- attr, self_or_null if (oparg & 1))` Attribute `oparg >> 1`, generic lookup.
    _LOAD_ATTR = (n!(1), |o| 1 + (o & 1), n!(0)) ARG | NAME | ERROR | ESCAPES, Both
        => u::attr::load_attr;
    /// `(owner -- owner)` Exit unless the owner's type has version `operand`.
    _GUARD_TYPE_VERSION = (n!(1), n!(1), n!(1)) EXIT, Both => u::attr::guard_type_version;
    /// `(owner -- owner)` Deopt unless the instance keeps its attributes inline (no dict).
    _CHECK_MANAGED_OBJECT_HAS_VALUES = (n!(1), n!(1), n!(1)) DEOPT, Both
        => u::attr::check_managed_object_has_values;
    /// `(owner -- attr, null if (oparg & 1))` Inline value `operand`; deopt if unset.
    _LOAD_ATTR_INSTANCE_VALUE [_LOAD_ATTR_INSTANCE_VALUE_0, _LOAD_ATTR_INSTANCE_VALUE_1]
        = (n!(1), |o| 1 + (o & 1), n!(0)) ARG | DEOPT | OPARG_AND_1, Both
        => u::attr::load_attr_instance_value;
    /// `(owner -- owner)` Deopt unless a module whose dict has keys version `operand`.
    _CHECK_ATTR_MODULE = (n!(1), n!(1), n!(1)) DEOPT, Both => u::attr::check_attr_module;
    /// `(owner -- attr, null if (oparg & 1))` The module dict's entry `operand`.
    _LOAD_ATTR_MODULE = (n!(1), |o| 1 + (o & 1), n!(0)) ARG | DEOPT, Both
        => u::attr::load_attr_module;
    /// `(owner -- owner)` Deopt unless the instance has a dict.
    _CHECK_ATTR_WITH_HINT = (n!(1), n!(1), n!(1)) DEOPT, Both
        => u::attr::check_attr_with_hint;
    /// `(owner -- attr, null if (oparg & 1))` Dict entry `operand`, if it is the name.
    _LOAD_ATTR_WITH_HINT = (n!(1), |o| 1 + (o & 1), n!(0)) ARG | NAME | DEOPT, Both
        => u::attr::load_attr_with_hint;
    /// `(owner -- attr, null if (oparg & 1))` The `__slots__` member at `operand`.
    _LOAD_ATTR_SLOT [_LOAD_ATTR_SLOT_0, _LOAD_ATTR_SLOT_1]
        = (n!(1), |o| 1 + (o & 1), n!(0)) ARG | DEOPT | OPARG_AND_1, Both
        => u::attr::load_attr_slot;
    /// `(owner -- owner)` Deopt unless a class with version `operand`.
    _CHECK_ATTR_CLASS = (n!(1), n!(1), n!(1)) DEOPT, Both => u::attr::check_attr_class;
    /// `(owner -- attr, null if (oparg & 1))` The class attribute cached in the operand.
    _LOAD_ATTR_CLASS [_LOAD_ATTR_CLASS_0, _LOAD_ATTR_CLASS_1]
        = (n!(1), |o| 1 + (o & 1), n!(0)) ARG | OPARG_AND_1, Both => u::attr::load_attr_class;
    /// `(owner -- owner)` Deopt if the instance has a dict (inline values are in use).
    _GUARD_DORV_NO_DICT = (n!(1), n!(1), n!(1)) DEOPT, Both => u::attr::guard_dorv_no_dict;
    /// `(value, owner -- )` Store into inline value `operand`.
    _STORE_ATTR_INSTANCE_VALUE = (n!(2), n!(0), n!(0)) 0, Both
        => u::attr::store_attr_instance_value;
    /// `(value, owner -- )` Store into the `__slots__` member at `operand`.
    _STORE_ATTR_SLOT = (n!(2), n!(0), n!(0)) 0, Both => u::attr::store_attr_slot;
    /// `(owner -- owner)` Deopt unless the instance keeps its attributes inline.
    _GUARD_DORV_VALUES_INST_ATTR_FROM_DICT = (n!(1), n!(1), n!(1)) DEOPT, Both
        => u::attr::check_managed_object_has_values;
    /// `(owner -- owner)` Deopt unless the type's shared keys have version `operand`.
    _GUARD_KEYS_VERSION = (n!(1), n!(1), n!(1)) DEOPT, Both => u::attr::guard_keys_version;
    /// `(owner -- attr, self)` The method cached in the operand, with the owner as self.
    _LOAD_ATTR_METHOD_WITH_VALUES = (n!(1), n!(2), n!(0)) ARG, Both
        => u::attr::load_attr_method;
    /// `(owner -- attr, self)` As above, for objects without a dict.
    _LOAD_ATTR_METHOD_NO_DICT = (n!(1), n!(2), n!(0)) ARG, Both => u::attr::load_attr_method;
    /// `(owner -- attr)` A plain class attribute (not a descriptor) cached in the operand.
    _LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES = (n!(1), n!(1), n!(0)) ARG, Both
        => u::attr::load_attr_nondescriptor;
    /// `(owner -- attr)` As above, for objects without a dict.
    _LOAD_ATTR_NONDESCRIPTOR_NO_DICT = (n!(1), n!(1), n!(0)) ARG, Both
        => u::attr::load_attr_nondescriptor;
    /// `(owner -- owner)` Deopt if the instance's lazy dict exists.
    _CHECK_ATTR_METHOD_LAZY_DICT = (n!(1), n!(1), n!(1)) DEOPT, Both
        => u::attr::check_attr_method_lazy_dict;
    /// `(owner -- attr, self)` The method cached in the operand, with the owner as self.
    _LOAD_ATTR_METHOD_LAZY_DICT = (n!(1), n!(2), n!(0)) ARG, Both => u::attr::load_attr_method;
    /// `(v, owner -- )` `owner.name = v`, generic.
    _STORE_ATTR = (n!(2), n!(0), n!(0)) ARG | NAME | ERROR | ESCAPES, Both
        => u::attr::store_attr;
    /// `(owner -- )` `del owner.name`.
    _DELETE_ATTR = (n!(1), n!(0), n!(0)) ARG | NAME | ERROR | ESCAPES, Both
        => u::attr::delete_attr;
    /// `(global_super, class, self -- attr)` `super().name`; deopt unless the builtin super.
    _LOAD_SUPER_ATTR_ATTR = (n!(3), n!(1), n!(0)) ARG | NAME | DEOPT | ERROR | ESCAPES, Both
        => u::attr::load_super_attr;
    /// `(global_super, class, self -- attr, self_or_null)` `super().method` for a call.
    _LOAD_SUPER_ATTR_METHOD = (n!(3), n!(2), n!(0)) ARG | NAME | DEOPT | ERROR | ESCAPES, Both
        => u::attr::load_super_attr;

    // --- iteration --------------------------------------------------------------------------
    /// `(iterable -- iter)` `iter(iterable)`.
    _GET_ITER = (n!(1), n!(1), n!(0)) ERROR | ESCAPES, Both => u::iter::get_iter;
    /// `(iterable -- iter)` `iter()` for `yield from` (generators pass through).
    /// `(iterable -- iter)` The awaitable of `await iterable`: a coroutine, or `__await__()`.
    _GET_AWAITABLE = (n!(1), n!(1), n!(0)) ARG | ERROR | ESCAPES, Both
        => u::iter::get_awaitable;
    _GET_YIELD_FROM_ITER = (n!(1), n!(1), n!(0)) ERROR | ERROR_NO_POP | ESCAPES, Both
        => u::iter::get_yield_from_iter;
    /// `(iter -- iter, next)` `next(iter)`; at the end, exit to just past the loop.
    _FOR_ITER_TIER_TWO = (n!(1), n!(2), n!(1)) DEOPT | ERROR | ERROR_NO_POP | ESCAPES, Two
        => u::iter::for_iter_tier_two;
    /// `(iter -- iter)` Exit unless a list iterator.
    _ITER_CHECK_LIST = (n!(1), n!(1), n!(1)) EXIT, Both => u::iter::iter_check_list;
    /// `(iter -- iter)` Tier 1: jump past the loop when the list iterator is exhausted.
    _ITER_JUMP_LIST = (n!(1), n!(1), n!(1)) ARG | JUMP, One => u::iter::iter_jump;
    /// `(iter -- iter)` Exit (past the loop) when the list iterator is exhausted.
    _GUARD_NOT_EXHAUSTED_LIST = (n!(1), n!(1), n!(1)) EXIT, Both => u::iter::guard_not_exhausted;
    /// `(iter -- iter, next)` The list iterator's next item.
    _ITER_NEXT_LIST = (n!(1), n!(2), n!(1)) 0, Both => u::iter::iter_next;
    /// `(iter -- iter)` Exit unless a tuple iterator.
    _ITER_CHECK_TUPLE = (n!(1), n!(1), n!(1)) EXIT, Both => u::iter::iter_check_tuple;
    /// `(iter -- iter)` Tier 1: jump past the loop when the tuple iterator is exhausted.
    _ITER_JUMP_TUPLE = (n!(1), n!(1), n!(1)) ARG | JUMP, One => u::iter::iter_jump;
    /// `(iter -- iter)` Exit (past the loop) when the tuple iterator is exhausted.
    _GUARD_NOT_EXHAUSTED_TUPLE = (n!(1), n!(1), n!(1)) EXIT, Both
        => u::iter::guard_not_exhausted;
    /// `(iter -- iter, next)` The tuple iterator's next item.
    _ITER_NEXT_TUPLE = (n!(1), n!(2), n!(1)) 0, Both => u::iter::iter_next;
    /// `(iter -- iter)` Exit unless a range iterator.
    _ITER_CHECK_RANGE = (n!(1), n!(1), n!(1)) EXIT, Both => u::iter::iter_check_range;
    /// `(iter -- iter)` Tier 1: jump past the loop when the range iterator is exhausted.
    _ITER_JUMP_RANGE = (n!(1), n!(1), n!(1)) ARG | JUMP, One => u::iter::iter_jump;
    /// `(iter -- iter)` Exit (past the loop) when the range iterator is exhausted.
    _GUARD_NOT_EXHAUSTED_RANGE = (n!(1), n!(1), n!(1)) EXIT, Both
        => u::iter::guard_not_exhausted;
    /// `(iter -- iter, next)` The range iterator's next int.
    _ITER_NEXT_RANGE = (n!(1), n!(2), n!(1)) ERROR, Both => u::iter::iter_next;
    /// `(iter -- iter, gen_frame)` Ready a generator's frame to resume; deopt if running.
    _FOR_ITER_GEN_FRAME = (n!(1), n!(2), n!(1)) ARG | DEOPT, Both
        => u::iter::for_iter_gen_frame;

    // --- calls and frames -------------------------------------------------------------------
    /// `( -- )` Deopt if a PEP 523 frame evaluator is installed (never here).
    _CHECK_PEP_523 = (n!(0), n!(0), n!(0)) DEOPT, Both => u::locals::nop;
    /// `(callable, self_or_null, unused[oparg] -- same)` Exit unless a function with version
    /// `operand` taking exactly the arguments given.
    _CHECK_FUNCTION_EXACT_ARGS = (|o| o + 2, |o| o + 2, |o| o + 2) ARG | EXIT, Both
        => u::call::check_function_exact_args;
    /// `(callable, self_or_null, unused[oparg] -- same)` Deopt if a new frame would hit the
    /// recursion limit.
    _CHECK_STACK_SPACE = (|o| o + 2, |o| o + 2, |o| o + 2) ARG | DEOPT, Both
        => u::call::check_stack_space;
    /// `(callable, self_or_null, args[oparg] -- new_frame)` Move the arguments into a new frame.
    _INIT_CALL_PY_EXACT_ARGS [_INIT_CALL_PY_EXACT_ARGS_0, _INIT_CALL_PY_EXACT_ARGS_1,
        _INIT_CALL_PY_EXACT_ARGS_2, _INIT_CALL_PY_EXACT_ARGS_3, _INIT_CALL_PY_EXACT_ARGS_4]
        = (|o| o + 2, n!(1), n!(0)) ARG | PURE, Both => u::call::init_call_py_exact_args;
    /// `( -- )` Where the caller continues when the callee returns (`oparg` code units on).
    _SAVE_RETURN_OFFSET = (n!(0), n!(0), n!(0)) ARG, Both => u::call::save_return_offset;
    /// `(new_frame -- )` Make the new frame the running one.
    _PUSH_FRAME = (n!(1), n!(0), n!(0)) 0, Both => u::call::push_frame;
    /// `(callable, null, unused[oparg] -- same)` Exit unless a bound method (and NULL).
    _CHECK_CALL_BOUND_METHOD_EXACT_ARGS = (|o| o + 2, |o| o + 2, |o| o + 2) ARG | EXIT, Both
        => u::call::check_call_bound_method_exact_args;
    /// `(callable, unused, unused[oparg] -- func, self, unused[oparg])` Unpack a bound method.
    _INIT_CALL_BOUND_METHOD_EXACT_ARGS = (|o| o + 2, |o| o + 2, |o| o) ARG, Both
        => u::call::expand_method;
    /// `(callable, self_or_null, unused[oparg] -- same)` Exit unless a function with version
    /// `operand`.
    _CHECK_FUNCTION_VERSION = (|o| o + 2, |o| o + 2, |o| o + 2) ARG | EXIT, Both
        => u::call::check_function_version;
    /// `(callable, null, unused[oparg] -- same)` Exit unless a bound method whose function
    /// has version `operand`.
    _CHECK_METHOD_VERSION = (|o| o + 2, |o| o + 2, |o| o + 2) ARG | EXIT, Both
        => u::call::check_method_version;
    /// `(callable, null, unused[oparg] -- method, self, unused[oparg])` Unpack a bound method.
    _EXPAND_METHOD = (|o| o + 2, |o| o + 2, |o| o) ARG, Both => u::call::expand_method;
    /// `(callable, self_or_null, args[oparg] -- new_frame)` Bind the arguments (defaults,
    /// keywords) into a new frame.
    _PY_FRAME_GENERAL = (|o| o + 2, n!(1), n!(0)) ARG | ERROR | ERROR_NO_POP | ESCAPES, Both
        => u::call::py_frame_general;
    /// `(callable, unused, unused[oparg] -- same)` Exit if a Python function or bound method.
    _CHECK_IS_NOT_PY_CALLABLE = (|o| o + 2, |o| o + 2, |o| o + 2) ARG | EXIT, Both
        => u::call::check_is_not_py_callable;
    /// `(callable, self_or_null, args[oparg] -- res)` Call anything that is not Python code.
    _CALL_NON_PY_GENERAL = (|o| o + 2, n!(1), n!(0)) ARG | ERROR | ESCAPES, Both
        => u::call::call_non_py_general;
    /// `(callable, null, arg -- res)` `type(arg)`; deopt unless the builtin `type`.
    _CALL_TYPE_1 = (n!(3), n!(1), n!(0)) ARG | DEOPT, Both => u::call::call_type_1;
    /// `(callable, null, arg -- res)` `str(arg)`; deopt unless the builtin `str`.
    _CALL_STR_1 = (n!(3), n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES, Both
        => u::call::call_str_1;
    /// `(callable, null, arg -- res)` `tuple(arg)`; deopt unless the builtin `tuple`.
    _CALL_TUPLE_1 = (n!(3), n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES, Both
        => u::call::call_tuple_1;
    /// `(should_be_none -- )` TypeError unless `__init__` returned None.
    _EXIT_INIT_CHECK = (n!(1), n!(0), n!(0)) ERROR | ERROR_NO_POP | ESCAPES, Both
        => u::call::exit_init_check;
    /// `(callable, self_or_null, args[oparg] -- res)` Construct a builtin class.
    _CALL_BUILTIN_CLASS = (|o| o + 2, n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES, Both
        => u::call::call_builtin_class;
    /// `(callable, self_or_null, args[oparg] -- res)` A builtin taking one argument (METH_O).
    _CALL_BUILTIN_O = (|o| o + 2, n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES, Both
        => u::call::call_builtin_o;
    /// `(callable, self_or_null, args[oparg] -- res)` A METH_FASTCALL builtin.
    _CALL_BUILTIN_FAST = (|o| o + 2, n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES, Both
        => u::call::call_builtin_fast;
    /// `(callable, self_or_null, args[oparg] -- res)` A METH_FASTCALL|METH_KEYWORDS builtin.
    _CALL_BUILTIN_FAST_WITH_KEYWORDS = (|o| o + 2, n!(1), n!(0))
        ARG | DEOPT | ERROR | ESCAPES, Both => u::call::call_builtin_fast_with_keywords;
    /// `(callable, self_or_null, args[oparg] -- res)` `len(x)`; deopt unless the builtin.
    _CALL_LEN = (|o| o + 2, n!(1), n!(0)) ARG | DEOPT | ERROR | ERROR_NO_POP | ESCAPES, Both
        => u::call::call_len;
    /// `(callable, self_or_null, args[oparg] -- res)` `isinstance(x, t)`.
    _CALL_ISINSTANCE = (|o| o + 2, n!(1), n!(0)) ARG | DEOPT | ERROR | ERROR_NO_POP | ESCAPES,
        Both => u::call::call_isinstance;
    /// `(callable, self_or_null, args[oparg] -- res)` A METH_O method descriptor.
    _CALL_METHOD_DESCRIPTOR_O = (|o| o + 2, n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES, Both
        => u::call::call_method_descriptor_o;
    /// `(callable, self_or_null, args[oparg] -- res)` A METH_FASTCALL|METH_KEYWORDS method.
    _CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS = (|o| o + 2, n!(1), n!(0))
        ARG | DEOPT | ERROR | ESCAPES, Both => u::call::call_method_descriptor_fast_with_keywords;
    /// `(callable, self_or_null, args[oparg] -- res)` A METH_NOARGS method descriptor.
    _CALL_METHOD_DESCRIPTOR_NOARGS = (|o| o + 2, n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES,
        Both => u::call::call_method_descriptor_noargs;
    /// `(callable, self_or_null, args[oparg] -- res)` A METH_FASTCALL method descriptor.
    _CALL_METHOD_DESCRIPTOR_FAST = (|o| o + 2, n!(1), n!(0)) ARG | DEOPT | ERROR | ESCAPES,
        Both => u::call::call_method_descriptor_fast;
    /// `( -- )` Handle pending signals and the like after a call (nothing is pending here).
    _CHECK_PERIODIC = (n!(0), n!(0), n!(0)) EVAL_BREAK | ESCAPES, Both
        => u::locals::nop;
    /// `(codeobj -- func)` A function object from a code object.
    _MAKE_FUNCTION = (n!(1), n!(1), n!(0)) ERROR | ERROR_NO_POP | ESCAPES, Both
        => u::call::make_function;
    /// `(attr, func -- func)` Set defaults, kwdefaults or the closure (`oparg`) of a function.
    _SET_FUNCTION_ATTRIBUTE = (n!(2), n!(1), n!(0)) ARG | ESCAPES, Both
        => u::call::set_function_attribute;
    /// `(retval -- res)` Return from a frame pushed in this trace.
    _POP_FRAME = (n!(1), n!(0), n!(0)) 0, Both => u::frame::pop_frame;
    /// `(retval -- value)` Yield (traces never contain one: the frame stack underflows).
    _YIELD_VALUE = (n!(1), n!(1), n!(0)) ARG | ESCAPES, Both => u::frame::yield_value;
    /// `( -- res)` Turn the frame into a generator (likewise never traced).
    _RETURN_GENERATOR = (n!(0), n!(1), n!(0)) ERROR | ERROR_NO_POP | ESCAPES, Both
        => u::frame::return_generator;
    /// `(exc_value -- )` Restore the exception being handled before this handler.
    _POP_EXCEPT = (n!(1), n!(0), n!(0)) ESCAPES, Both => u::frame::pop_except;
    /// `(new_exc -- prev_exc, new_exc)` Enter an exception handler.
    _PUSH_EXC_INFO = (n!(1), n!(2), n!(0)) 0, Both => u::frame::push_exc_info;
    /// `(exit, lasti, prev_exc, exc -- exit, lasti, prev_exc, exc, res)` Call `__exit__` with
    /// the exception a `with` body raised.
    _WITH_EXCEPT_START = (n!(4), n!(5), n!(4)) ERROR | ESCAPES, Both
        => u::context::with_except_start;
    /// `(left, right -- left, b)` Does the exception match the type(s)?
    _CHECK_EXC_MATCH = (n!(2), n!(2), n!(1)) ERROR | ESCAPES, Both
        => u::frame::check_exc_match;

    // --- structural pattern matching (`match`) ---------------------------------------------
    /// `(obj -- obj, len)` Push `len(obj)` (sequence and mapping patterns' length checks).
    _GET_LEN = (n!(1), n!(2), n!(1)) ERROR | ESCAPES, Both => u::pattern::get_len;
    /// `(subject -- subject, res)` Is the subject's type a mapping (`Py_TPFLAGS_MAPPING`)?
    _MATCH_MAPPING = (n!(1), n!(2), n!(1)) 0, Both => u::pattern::match_mapping;
    /// `(subject -- subject, res)` Is the subject's type a sequence (`Py_TPFLAGS_SEQUENCE`)?
    _MATCH_SEQUENCE = (n!(1), n!(2), n!(1)) 0, Both => u::pattern::match_sequence;
    /// `(subject, keys -- subject, keys, values_or_none)` The keys' values, or None.
    _MATCH_KEYS = (n!(2), n!(3), n!(2)) ERROR | ESCAPES, Both => u::pattern::match_keys;
    /// `(subject, type, names -- attrs)` A class pattern's attributes, or None.
    _MATCH_CLASS = (n!(3), n!(1), n!(0)) ARG | ERROR | ESCAPES, Both
        => u::pattern::match_class;

    // --- trace bookkeeping (tier 2 only; run by the uop interpreter itself) -----------------
    /// `( -- )` First uop of every executor; deopt if the executor was invalidated.
    _START_EXECUTOR = (n!(0), n!(0), n!(0)) DEOPT, Two => u::frame::tier2_only;
    /// `( -- )` A tier-2 `RESUME_CHECK` at the top of a trace.
    _TIER2_RESUME_CHECK = (n!(0), n!(0), n!(0)) DEOPT, Two => u::frame::tier2_only;
    /// `( -- )` Set the frame's instruction pointer to the operand.
    _SET_IP = (n!(0), n!(0), n!(0)) 0, Two => u::frame::tier2_only;
    /// `( -- )` Deopt if the executor was invalidated.
    _CHECK_VALIDITY = (n!(0), n!(0), n!(0)) DEOPT, Two => u::frame::tier2_only;
    /// `( -- )` Both of the above; projection puts one before every instruction.
    _CHECK_VALIDITY_AND_SET_IP = (n!(0), n!(0), n!(0)) DEOPT, Two => u::frame::tier2_only;
    /// `( -- )` Back to the first uop: the loop closed.
    _JUMP_TO_TOP = (n!(0), n!(0), n!(0)) 0, Two => u::frame::tier2_only;
    /// `( -- )` Leave the trace through side exit `exit_index`.
    _EXIT_TRACE = (n!(0), n!(0), n!(0)) 0, Two => u::frame::tier2_only;
    /// `( -- )` Leave the trace to tier 1 at `target` (a failed deopt guard).
    _DEOPT = (n!(0), n!(0), n!(0)) 0, Two => u::frame::tier2_only;
    /// `(unused[oparg] -- )` Pop `oparg` items and raise at instruction `operand`.
    _ERROR_POP_N = (|o| o, n!(0), n!(0)) ARG, Two => u::frame::tier2_only;
    /// `( -- )` Leave to tier 1 wherever the current frame is (after a generator resumed).
    _DYNAMIC_EXIT = (n!(0), n!(0), n!(0)) ESCAPES, Two => u::frame::tier2_only;
    /// `( -- )` Deopt unless the running function has version `operand` (globals inlined).
    _CHECK_FUNCTION = (n!(0), n!(0), n!(0)) DEOPT, Two => u::frame::tier2_only;
    /// `( -- )` `_CHECK_STACK_SPACE` for the whole trace's frames at once.
    _CHECK_STACK_SPACE_OPERAND = (n!(0), n!(0), n!(0)) DEOPT, Two => u::frame::tier2_only;
}

impl Uop {
    /// This uop's row.
    #[inline(always)]
    pub fn meta(self) -> &'static UopMeta {
        &META[self as usize]
    }

    /// CPython's name (`_GUARD_BOTH_INT`).
    pub fn name(self) -> &'static str {
        self.meta().name
    }

    /// The table's description (a replicated form shares its base's).
    pub fn doc(self) -> &'static str {
        self.base().meta().doc
    }

    /// The uop a replicated form stands for.
    pub fn base(self) -> Uop {
        self.meta().base
    }

    /// Items popped (CPython's `_PyUop_num_popped`).
    pub fn popped(self, oparg: u32) -> u32 {
        (self.meta().popped)(oparg)
    }

    /// Items pushed.
    pub fn pushed(self, oparg: u32) -> u32 {
        (self.meta().pushed)(oparg)
    }

    /// Inputs left in place unchanged (at the bottom of the inputs).
    pub fn kept(self, oparg: u32) -> u32 {
        (self.meta().kept)(oparg)
    }

    /// The uop's form for `oparg` after the optimizer's fix-up pass: `_LOAD_FAST` with oparg 3
    /// is `_LOAD_FAST_3`, `_LOAD_ATTR_SLOT` with an even oparg `_LOAD_ATTR_SLOT_0`.
    pub fn replicated(self, oparg: u32) -> Option<Uop> {
        let meta = self.meta();
        if meta.replicas.is_empty() {
            None
        } else if meta.flags & OPARG_AND_1 != 0 {
            Some(meta.replicas[(oparg & 1) as usize])
        } else {
            meta.replicas.get(oparg as usize).copied()
        }
    }

    /// Looks a uop up by CPython name.
    pub fn from_name(name: &str) -> Option<Uop> {
        Uop::ALL.iter().copied().find(|u| u.name() == name)
    }
}

impl std::fmt::Debug for Uop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_enum() {
        for (i, u) in Uop::ALL.iter().enumerate() {
            assert_eq!(*u as usize, i);
            assert_eq!(META[i].name, format!("{u:?}"));
        }
    }

    #[test]
    fn replication_as_cpython() {
        assert_eq!(Uop::_LOAD_FAST.replicated(3), Some(Uop::_LOAD_FAST_3));
        assert_eq!(Uop::_LOAD_FAST.replicated(8), None);
        assert_eq!(
            Uop::_LOAD_ATTR_SLOT.replicated(5),
            Some(Uop::_LOAD_ATTR_SLOT_1)
        );
        assert_eq!(
            Uop::_INIT_CALL_PY_EXACT_ARGS.replicated(4),
            Some(Uop::_INIT_CALL_PY_EXACT_ARGS_4)
        );
        assert_eq!(Uop::_STORE_FAST_7.base(), Uop::_STORE_FAST);
        assert_eq!(Uop::_BINARY_OP.replicated(0), None);
    }

    #[test]
    fn guards_have_one_kind_of_exit() {
        for u in Uop::ALL {
            let f = u.meta().flags;
            assert!(
                f & EXIT == 0 || f & DEOPT == 0,
                "{} both exits and deopts",
                u.name()
            );
        }
    }
}
