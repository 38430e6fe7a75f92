//! Stencils and holes: the tables `build.rs` generated, and which stencil runs which uop.
//!
//! A [`Stencil`] is machine code compiled once, at build time, with [`Hole`]s where runtime
//! values go (relocations that were left unresolved on purpose). Every uop tier 2 emits maps
//! to one stencil ([`for_uop`]): the trace bookkeeping is inline machine code, the stubs
//! return to the uop interpreter, loads, stores, stack shuffles, int and float arithmetic,
//! comparisons and guards are inline machine code for immediate values (`Value` is
//! `#[repr(u64)]`: a tag word and a payload word, see tracer's `backend/state.rs`) that
//! call the VM for anything else, and every other uop calls the VM through the `helper`
//! stencil. Range and list iteration are inline too: `Iter` is `#[repr(u64)]`, and where an
//! `Rc` keeps its value (which Rust does not define) is measured once and handed to machine
//! code in `JitState`. Runs of adjacent uops that traces hold again and again get one stencil
//! for the whole run ([`FUSIONS`]; the layout picks them, `patch.rs`).

use tracer::uops::{Uop, UopInst};

/// How a hole is patched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum HoleKind {
    /// `R_X86_64_64`: eight bytes, the value plus the addend (a `movabs` immediate).
    Abs64,
    /// `R_X86_64_PLT32` / `PC32`: four bytes, the target minus the hole's own address plus
    /// the addend (the displacement of a `jmp` or `jcc`).
    Rel32,
}

/// What a hole stands for (the extern symbol in the stencil source).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Symbol {
    /// `_JIT_INDEX`: the uop's index in its executor.
    Index,
    /// `_JIT_OPERAND`: the uop's operand.
    Operand,
    /// `_JIT_HELPER`: the address of the function that runs a uop in the VM.
    Helper,
    /// `_JIT_VALID`: the address of the executor's `valid` flag.
    Valid,
    /// `_JIT_OPARG`: the uop's oparg.
    Oparg,
    /// `_JIT_COUNT`: how many uops, from this one, the helper runs in one call (a run of
    /// uops that all call the VM is one call).
    Count,
    /// `_JIT_INCREF`: the address of the function that adds a reference to a heap value
    /// (CPython's `Py_INCREF`): machine code then copies the value's two words.
    Incref,
    /// `_JIT_DECREF`: the address of the function that drops a heap value machine code
    /// took off the stack (CPython's `Py_DECREF`).
    Decref,
    /// `_JIT_CONST_TAG`: the tag word of the uop's constant (an immediate `Value`).
    ConstTag,
    /// `_JIT_CONST_PAYLOAD`: the payload word of that constant.
    ConstPayload,
    /// `_JIT_OPERAND_PLUS1`: the operand of the uop one after this one (a fused stencil,
    /// see [`FUSIONS`], reads the operands of the uops it covers).
    OperandPlus1,
    /// `_JIT_OPERAND_PLUS2`: the operand of the uop two after this one.
    OperandPlus2,
    /// `_JIT_OPERAND_PLUS3`: the operand of the uop three after this one.
    OperandPlus3,
    /// `_JIT_CONTINUE`: the next uop's code.
    Continue,
    /// `_JIT_JUMP_TARGET`: the code of the uop's stub (failed guard).
    JumpTarget,
    /// `_JIT_ERROR_TARGET`: the code of the uop's error stub.
    ErrorTarget,
    /// `_JIT_TOP`: the code of uop 1 (where `_JUMP_TO_TOP` goes).
    Top,
    /// `_JIT_SLOW`: the uop's slow path, a copy of the `helper` stencil placed after the
    /// trace (cold code), which runs the uop in the VM and jumps back.
    Slow,
}

impl Symbol {
    /// The symbol's name in the stencil source.
    pub fn name(self) -> &'static str {
        match self {
            Symbol::Index => "_JIT_INDEX",
            Symbol::Operand => "_JIT_OPERAND",
            Symbol::Helper => "_JIT_HELPER",
            Symbol::Valid => "_JIT_VALID",
            Symbol::Oparg => "_JIT_OPARG",
            Symbol::Count => "_JIT_COUNT",
            Symbol::Incref => "_JIT_INCREF",
            Symbol::Decref => "_JIT_DECREF",
            Symbol::ConstTag => "_JIT_CONST_TAG",
            Symbol::ConstPayload => "_JIT_CONST_PAYLOAD",
            Symbol::OperandPlus1 => "_JIT_OPERAND_PLUS1",
            Symbol::OperandPlus2 => "_JIT_OPERAND_PLUS2",
            Symbol::OperandPlus3 => "_JIT_OPERAND_PLUS3",
            Symbol::Continue => "_JIT_CONTINUE",
            Symbol::JumpTarget => "_JIT_JUMP_TARGET",
            Symbol::ErrorTarget => "_JIT_ERROR_TARGET",
            Symbol::Top => "_JIT_TOP",
            Symbol::Slow => "_JIT_SLOW",
        }
    }
}

/// One hole of a stencil.
#[derive(Clone, Copy, Debug)]
pub struct Hole {
    /// Byte offset in the stencil's code.
    pub offset: u32,
    pub kind: HoleKind,
    pub symbol: Symbol,
    pub addend: i64,
}

/// One stencil: code with holes.
#[derive(Debug)]
pub struct Stencil {
    /// The stencil function's name without `stencil_` (`helper`, `set_ip`, ...).
    pub name: &'static str,
    pub code: &'static [u8],
    pub holes: &'static [Hole],
}

include!(concat!(env!("OUT_DIR"), "/stencils.rs"));

/// Whether this build has stencils (x86_64 Linux).
pub fn available() -> bool {
    !STENCILS.is_empty()
}

/// The stencil named `name`, if this build has it.
pub fn by_name(name: &str) -> Option<&'static Stencil> {
    STENCILS.iter().find(|s| s.name == name)
}

/// The name of the stencil that runs `uop` in a trace; `None` for uops a trace never holds
/// (the tier-1-only `_ITER_JUMP_*`).
pub fn name_for(uop: Uop) -> Option<&'static str> {
    use tracer::uops::table::Tier;
    use Uop as U;
    Some(match uop.base() {
        U::_NOP | U::_TIER2_RESUME_CHECK | U::_CHECK_PERIODIC | U::_RESUME_CHECK => "nop",
        U::_CHECK_PEP_523 => "nop",
        U::_START_EXECUTOR | U::_CHECK_VALIDITY => "check_validity",
        U::_CHECK_VALIDITY_AND_SET_IP => "check_validity_and_set_ip",
        U::_SET_IP => "set_ip",
        U::_CHECK_FUNCTION => "check_function",
        U::_CALL_BUILTIN_O => "call_builtin_o",
        U::_JUMP_TO_TOP => "jump_to_top",
        U::_LOAD_FAST => "load_fast",
        U::_LOAD_DEREF => "load_deref",
        U::_STORE_FAST => "store_fast",
        U::_POP_TOP => "pop_top",
        U::_PUSH_NULL => "push_null",
        U::_COPY => "copy",
        U::_SWAP => "swap",
        U::_LOAD_CONST_INLINE | U::_LOAD_CONST_INLINE_BORROW => "load_const_inline",
        U::_LOAD_CONST_INLINE_WITH_NULL | U::_LOAD_CONST_INLINE_BORROW_WITH_NULL => {
            "load_const_inline_with_null"
        }
        U::_POP_TOP_LOAD_CONST_INLINE_BORROW => "pop_top_load_const_inline",
        U::_GUARD_BOTH_INT => "guard_both_int",
        U::_GUARD_NOS_INT => "guard_nos_int",
        U::_GUARD_TOS_INT => "guard_tos_int",
        U::_GUARD_BOTH_FLOAT => "guard_both_float",
        U::_GUARD_NOS_FLOAT => "guard_nos_float",
        U::_GUARD_TOS_FLOAT => "guard_tos_float",
        U::_GUARD_IS_TRUE_POP => "guard_is_true_pop",
        U::_GUARD_IS_FALSE_POP => "guard_is_false_pop",
        U::_GUARD_IS_NONE_POP => "guard_is_none_pop",
        U::_GUARD_IS_NOT_NONE_POP => "guard_is_not_none_pop",
        U::_TO_BOOL_BOOL => "to_bool_bool",
        U::_TO_BOOL_INT => "to_bool_int",
        U::_TO_BOOL_NONE => "to_bool_none",
        U::_BINARY_OP_ADD_INT => "binary_op_add_int",
        U::_BINARY_OP_SUBTRACT_INT => "binary_op_subtract_int",
        U::_BINARY_OP_MULTIPLY_INT => "binary_op_multiply_int",
        U::_BINARY_OP_ADD_FLOAT => "binary_op_add_float",
        U::_BINARY_OP_SUBTRACT_FLOAT => "binary_op_subtract_float",
        U::_BINARY_OP_MULTIPLY_FLOAT => "binary_op_multiply_float",
        U::_COMPARE_OP_INT => "compare_op_int",
        U::_COMPARE_OP_FLOAT => "compare_op_float",
        U::_ITER_CHECK_RANGE => "iter_check_range",
        U::_GUARD_NOT_EXHAUSTED_RANGE => "guard_not_exhausted_range",
        U::_ITER_NEXT_RANGE => "iter_next_range",
        U::_ITER_CHECK_LIST => "iter_check_list",
        U::_GUARD_NOT_EXHAUSTED_LIST => "guard_not_exhausted_list",
        U::_ITER_NEXT_LIST => "iter_next_list",
        U::_BINARY_SUBSCR_LIST_INT => "binary_subscr_list_int",
        U::_STORE_SUBSCR_LIST_INT => "store_subscr_list_int",
        U::_GUARD_TYPE_VERSION => "guard_type_version",
        U::_CHECK_MANAGED_OBJECT_HAS_VALUES
        | U::_GUARD_DORV_NO_DICT
        | U::_GUARD_DORV_VALUES_INST_ATTR_FROM_DICT => "check_managed_object_has_values",
        U::_GUARD_KEYS_VERSION => "guard_keys_version",
        U::_LOAD_ATTR_METHOD_WITH_VALUES | U::_LOAD_ATTR_METHOD_NO_DICT => "load_attr_method",
        U::_LOAD_ATTR_INSTANCE_VALUE => "load_attr_instance_value",
        U::_STORE_ATTR_INSTANCE_VALUE => "store_attr_instance_value",
        u if tracer::backend::leaves_trace(u) => "leave",
        u if u.meta().tier == Tier::One => return None,
        _ => "helper",
    })
}

/// The name of the stencil that runs this uop of a trace: [`name_for`] its uop, except that
/// a constant uop without an object operand (never made by tier 2) is left to the VM, and
/// the uops whose oparg picks a stencil of their own ([`by_oparg`]).
pub fn name_for_inst(inst: &UopInst) -> Option<&'static str> {
    let name = name_for(inst.uop)?;
    Some(
        if holds_constant(inst.uop) && inst.operand.object().is_none() {
            "helper"
        } else {
            by_oparg(inst).unwrap_or(name)
        },
    )
}

/// CPython's `NB_*` opargs of `BINARY_OP` for `//`, `%` and `/` (the in-place forms are 13
/// higher).
const NB_FLOOR_DIVIDE: u32 = 2;
const NB_REMAINDER: u32 = 6;
const NB_TRUE_DIVIDE: u32 = 11;
const NB_INPLACE: u32 = 13;

/// A stencil chosen by the uop's oparg, where a constant known when the trace is compiled
/// saves a test at run time: `/`, `//` and `%` among the generic `_BINARY_OP`s (CPython
/// 3.13 specializes none of them; the other operators stay with the VM), and
/// `_LOAD_ATTR_INSTANCE_VALUE` pushing a NULL after the value (low bit set: a method
/// call's load) or not.
fn by_oparg(inst: &UopInst) -> Option<&'static str> {
    oparg_form(inst).map(|k| OPARG_FORMS[k])
}

/// Every stencil [`by_oparg`] may pick.
const OPARG_FORMS: [&str; 6] = [
    "binary_op_true_divide",
    "binary_op_floor_divide_int",
    "binary_op_remainder_int",
    "load_attr_instance_value_with_null",
    "copy_1",
    "swap_2",
];

/// [`by_oparg`] as an index into [`OPARG_FORMS`] (compiling then compares no strings).
fn oparg_form(inst: &UopInst) -> Option<usize> {
    match inst.uop.base() {
        Uop::_BINARY_OP if inst.oparg < 2 * NB_INPLACE => match inst.oparg % NB_INPLACE {
            NB_TRUE_DIVIDE => Some(0),
            NB_FLOOR_DIVIDE => Some(1),
            NB_REMAINDER => Some(2),
            _ => None,
        },
        Uop::_LOAD_ATTR_INSTANCE_VALUE if inst.oparg & 1 == 1 => Some(3),
        Uop::_COPY if inst.oparg == 1 => Some(4),
        Uop::_SWAP if inst.oparg == 2 => Some(5),
        _ => None,
    }
}

/// The stencils [`by_oparg`] may pick instead of [`name_for`]'s, by uop (for the tests
/// that check [`FUSIONS`] against the uop table).
pub fn oparg_forms(uop: Uop) -> &'static [&'static str] {
    match uop.base() {
        Uop::_BINARY_OP => &[
            "binary_op_true_divide",
            "binary_op_floor_divide_int",
            "binary_op_remainder_int",
        ],
        Uop::_LOAD_ATTR_INSTANCE_VALUE => &["load_attr_instance_value_with_null"],
        Uop::_COPY => &["copy_1"],
        Uop::_SWAP => &["swap_2"],
        _ => &[],
    }
}

/// The stencil that runs `uop`, if this build has stencils.
pub fn for_uop(uop: Uop) -> Option<&'static Stencil> {
    name_for(uop).and_then(by_name)
}

/// The stencil that runs `inst`, if this build has stencils: [`name_for_inst`], looked up
/// in a table indexed by uop (built once, see [`warm_up`]), so compiling does no string
/// search.
#[inline]
pub fn for_inst(inst: &UopInst) -> Option<&'static Stencil> {
    index_for_inst(inst).map(|i| &STENCILS[i])
}

/// [`for_inst`] as an index into [`STENCILS`].
#[inline]
pub fn index_for_inst(inst: &UopInst) -> Option<usize> {
    warm_up().for_inst(inst)
}

/// The uops whose stencil pushes the operand's object from holes (`_JIT_CONST_TAG` and
/// `_PAYLOAD`): constants, and the method `LOAD_ATTR_METHOD_*` cached.
fn holds_constant(uop: Uop) -> bool {
    matches!(
        uop,
        Uop::_LOAD_CONST_INLINE
            | Uop::_LOAD_CONST_INLINE_BORROW
            | Uop::_LOAD_CONST_INLINE_WITH_NULL
            | Uop::_LOAD_CONST_INLINE_BORROW_WITH_NULL
            | Uop::_POP_TOP_LOAD_CONST_INLINE_BORROW
            | Uop::_LOAD_ATTR_METHOD_WITH_VALUES
            | Uop::_LOAD_ATTR_METHOD_NO_DICT
    )
}

/// A fusion: one stencil for a run of adjacent uops, chosen when an executor is compiled
/// wherever its uops come in this order, each with the stencil it would get on its own. The
/// run's first uop gets the fusion's stencil, the others the empty `fused` one; the slow
/// path runs the whole run in the VM (so a failing guard exits as in the uop interpreter).
pub struct Fusion {
    /// The stencil that does the run's work: a fused stencil of its own
    /// (`stencils/fused.rs`), or the last uop's stencil when that one already checks
    /// everything the guards before it check.
    pub stencil: &'static str,
    /// The uops it covers, in trace order (base forms: `_LOAD_FAST` stands for
    /// `_LOAD_FAST_3` too), with the stencil each would get alone ([`name_for_inst`]; that
    /// also tells the oparg forms apart, e.g. `_LOAD_ATTR_INSTANCE_VALUE` without the NULL).
    pub uops: &'static [(Uop, &'static str)],
    /// What the run's opargs must be besides (checked when the trace is compiled, so the
    /// fused stencil tests nothing at run time); `None`: any.
    pub when: Option<fn(&[UopInst]) -> bool>,
}

/// `self.x`: push local `oparg`'s inline value (CPython's `LOAD_FAST` + `LOAD_ATTR`).
const LOAD_FAST_ATTR: &[(Uop, &str)] = &[
    (Uop::_LOAD_FAST, "load_fast"),
    (Uop::_GUARD_TYPE_VERSION, "guard_type_version"),
    (
        Uop::_CHECK_MANAGED_OBJECT_HAS_VALUES,
        "check_managed_object_has_values",
    ),
    (Uop::_LOAD_ATTR_INSTANCE_VALUE, "load_attr_instance_value"),
];

/// `LOAD_ATTR_INSTANCE_VALUE` on the top of the stack (`a.x` after a `_COPY`, in `a.x += 1`).
const ATTR: &[(Uop, &str)] = &[
    (Uop::_GUARD_TYPE_VERSION, "guard_type_version"),
    (
        Uop::_CHECK_MANAGED_OBJECT_HAS_VALUES,
        "check_managed_object_has_values",
    ),
    (Uop::_LOAD_ATTR_INSTANCE_VALUE, "load_attr_instance_value"),
];

/// `a.x += ...`: the owner copied, then `LOAD_ATTR_INSTANCE_VALUE` (`_COPY` with oparg 1).
const COPY_ATTR: &[(Uop, &str)] = &[
    (Uop::_COPY, "copy_1"),
    (Uop::_GUARD_TYPE_VERSION, "guard_type_version"),
    (
        Uop::_CHECK_MANAGED_OBJECT_HAS_VALUES,
        "check_managed_object_has_values",
    ),
    (Uop::_LOAD_ATTR_INSTANCE_VALUE, "load_attr_instance_value"),
];

/// The end of `a.x += ...`: `_SWAP` (oparg 2), then `STORE_ATTR_INSTANCE_VALUE`.
const SWAP_STORE_ATTR: &[(Uop, &str)] = &[
    (Uop::_SWAP, "swap_2"),
    (Uop::_GUARD_TYPE_VERSION, "guard_type_version"),
    (Uop::_GUARD_DORV_NO_DICT, "check_managed_object_has_values"),
    (Uop::_STORE_ATTR_INSTANCE_VALUE, "store_attr_instance_value"),
];

/// The head of `for i in range(...)`, after `_ITER_CHECK_RANGE`. (Not with it: the slow
/// path of a run starts at its first uop, and the loop's last test, an exhausted range, would
/// then run the check in the VM too, once per loop: a loss for short inner loops.)
const FOR_RANGE: &[(Uop, &str)] = &[
    (Uop::_GUARD_NOT_EXHAUSTED_RANGE, "guard_not_exhausted_range"),
    (Uop::_ITER_NEXT_RANGE, "iter_next_range"),
];

/// The head of `for x in a_list`, after `_ITER_CHECK_LIST`.
const FOR_LIST: &[(Uop, &str)] = &[
    (Uop::_GUARD_NOT_EXHAUSTED_LIST, "guard_not_exhausted_list"),
    (Uop::_ITER_NEXT_LIST, "iter_next_list"),
];

/// `STORE_ATTR_INSTANCE_VALUE`: `a.x = value`.
const STORE_ATTR: &[(Uop, &str)] = &[
    (Uop::_GUARD_TYPE_VERSION, "guard_type_version"),
    (Uop::_GUARD_DORV_NO_DICT, "check_managed_object_has_values"),
    (Uop::_STORE_ATTR_INSTANCE_VALUE, "store_attr_instance_value"),
];

/// A type guard, then the arithmetic uop whose stencil checks both operands' tags itself:
/// the guard's check is already in that stencil, so the pair is the arithmetic stencil
/// alone (a failing guard takes its slow path, where the VM runs both uops).
macro_rules! guarded {
    ($guard:ident $gname:literal, $op:ident $oname:literal) => {
        Fusion {
            stencil: $oname,
            uops: &[(Uop::$guard, $gname), (Uop::$op, $oname)],
            when: None,
        }
    };
}

/// `_LOAD_FAST`, then (maybe) a type guard, then an arithmetic uop: `x * local`. The fused
/// stencil takes the right operand straight from the local (no push, no room check, no
/// reading it back) and leaves the result where the left operand was.
macro_rules! local_right {
    ($stencil:literal, $op:ident $oname:literal) => {
        Fusion {
            stencil: $stencil,
            uops: &[(Uop::_LOAD_FAST, "load_fast"), (Uop::$op, $oname)],
            when: None,
        }
    };
    ($stencil:literal, $guard:ident $gname:literal, $op:ident $oname:literal) => {
        Fusion {
            stencil: $stencil,
            uops: &[
                (Uop::_LOAD_FAST, "load_fast"),
                (Uop::$guard, $gname),
                (Uop::$op, $oname),
            ],
            when: None,
        }
    };
}

/// A constant (`_LOAD_CONST_INLINE` or `_BORROW`), then (maybe) a type guard, then an
/// arithmetic uop: `x + 1`, `d2 + 0.01`. The constant's words are the fused stencil's own
/// holes; it is never pushed.
macro_rules! const_right {
    ($cu:ident, $stencil:literal, $op:ident $oname:literal) => {
        Fusion {
            stencil: $stencil,
            uops: &[(Uop::$cu, "load_const_inline"), (Uop::$op, $oname)],
            when: None,
        }
    };
    ($cu:ident, $stencil:literal, $guard:ident $gname:literal, $op:ident $oname:literal) => {
        Fusion {
            stencil: $stencil,
            uops: &[
                (Uop::$cu, "load_const_inline"),
                (Uop::$guard, $gname),
                (Uop::$op, $oname),
            ],
            when: None,
        }
    };
}

/// `math.sqrt`: a module global, then one of its attributes, neither pushing a NULL.
const GLOBAL_MODULE_ATTR: &[(Uop, &str)] = &[
    (Uop::_GUARD_GLOBALS_VERSION, "helper"),
    (Uop::_LOAD_GLOBAL_MODULE, "helper"),
    (Uop::_CHECK_ATTR_MODULE, "helper"),
    (Uop::_LOAD_ATTR_MODULE, "helper"),
];

/// `GLOBAL_MODULE_ATTR`'s condition: the two loads push no NULL (oparg's low bit clear),
/// and both keys versions are nonzero (tier 2 never caches 0, "no version"; the stencil's
/// version test then also tells a dict that has none).
fn module_attr(run: &[UopInst]) -> bool {
    run[1].oparg & 1 == 0
        && run[3].oparg & 1 == 0
        && run[0].operand.int() != 0
        && run[2].operand.int() != 0
}

/// A module's attribute, the module on the stack (a constant, where tier 2 watches the
/// globals).
const MODULE_ATTR: &[(Uop, &str)] = &[
    (Uop::_CHECK_ATTR_MODULE, "helper"),
    (Uop::_LOAD_ATTR_MODULE, "helper"),
];

/// `MODULE_ATTR`'s condition: no NULL pushed, a nonzero keys version.
fn attr(run: &[UopInst]) -> bool {
    run[1].oparg & 1 == 0 && run[0].operand.int() != 0
}

/// Every fusion, tried in this order at each uop. The tests check each against the uop
/// table: its uops are tier-2 uops whose own stencils are the ones named, and a fused
/// stencil's holes read only operands of the uops it covers.
pub static FUSIONS: &[Fusion] = &[
    Fusion {
        stencil: "load_global_module_attr",
        uops: GLOBAL_MODULE_ATTR,
        when: Some(module_attr),
    },
    Fusion {
        stencil: "load_attr_module",
        uops: MODULE_ATTR,
        when: Some(attr),
    },
    Fusion {
        stencil: "load_fast_load_attr_instance_value",
        uops: LOAD_FAST_ATTR,
        when: None,
    },
    Fusion {
        stencil: "for_iter_range",
        uops: FOR_RANGE,
        when: None,
    },
    Fusion {
        stencil: "for_iter_list",
        uops: FOR_LIST,
        when: None,
    },
    Fusion {
        stencil: "copy_load_attr_instance_value",
        uops: COPY_ATTR,
        when: None,
    },
    Fusion {
        stencil: "swap_store_attr_instance_value",
        uops: SWAP_STORE_ATTR,
        when: None,
    },
    Fusion {
        stencil: "load_attr_instance_value_guarded",
        uops: ATTR,
        when: None,
    },
    Fusion {
        stencil: "store_attr_instance_value_guarded",
        uops: STORE_ATTR,
        when: None,
    },
    local_right!("load_fast_binary_op_add_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    local_right!("load_fast_binary_op_add_float", _GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    local_right!("load_fast_binary_op_add_float", _GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    local_right!("load_fast_binary_op_add_float", _GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    local_right!("load_fast_binary_op_subtract_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    local_right!("load_fast_binary_op_subtract_float", _GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    local_right!("load_fast_binary_op_subtract_float", _GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    local_right!("load_fast_binary_op_subtract_float", _GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    local_right!("load_fast_binary_op_multiply_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    local_right!("load_fast_binary_op_multiply_float", _GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    local_right!("load_fast_binary_op_multiply_float", _GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    local_right!("load_fast_binary_op_multiply_float", _GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    local_right!("load_fast_binary_op_add_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    local_right!("load_fast_binary_op_add_int", _GUARD_TOS_INT "guard_tos_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    local_right!("load_fast_binary_op_add_int", _GUARD_NOS_INT "guard_nos_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    local_right!("load_fast_binary_op_add_int", _GUARD_BOTH_INT "guard_both_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    local_right!("load_fast_binary_op_subtract_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    local_right!("load_fast_binary_op_subtract_int", _GUARD_TOS_INT "guard_tos_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    local_right!("load_fast_binary_op_subtract_int", _GUARD_NOS_INT "guard_nos_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    local_right!("load_fast_binary_op_subtract_int", _GUARD_BOTH_INT "guard_both_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    local_right!("load_fast_binary_op_multiply_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    local_right!("load_fast_binary_op_multiply_int", _GUARD_TOS_INT "guard_tos_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    local_right!("load_fast_binary_op_multiply_int", _GUARD_NOS_INT "guard_nos_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    local_right!("load_fast_binary_op_multiply_int", _GUARD_BOTH_INT "guard_both_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_add_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_add_float", _GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_add_float", _GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_add_float", _GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_subtract_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_subtract_float", _GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_subtract_float", _GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_subtract_float", _GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_multiply_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_multiply_float", _GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_multiply_float", _GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_multiply_float", _GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_add_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_add_int", _GUARD_TOS_INT "guard_tos_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_add_int", _GUARD_NOS_INT "guard_nos_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_add_int", _GUARD_BOTH_INT "guard_both_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_subtract_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_subtract_int", _GUARD_TOS_INT "guard_tos_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_subtract_int", _GUARD_NOS_INT "guard_nos_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_subtract_int", _GUARD_BOTH_INT "guard_both_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_multiply_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_multiply_int", _GUARD_TOS_INT "guard_tos_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_multiply_int", _GUARD_NOS_INT "guard_nos_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    const_right!(_LOAD_CONST_INLINE, "load_const_binary_op_multiply_int", _GUARD_BOTH_INT "guard_both_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_add_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_add_float", _GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_add_float", _GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_add_float", _GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_subtract_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_subtract_float", _GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_subtract_float", _GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_subtract_float", _GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_multiply_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_multiply_float", _GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_multiply_float", _GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_multiply_float", _GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_add_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_add_int", _GUARD_TOS_INT "guard_tos_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_add_int", _GUARD_NOS_INT "guard_nos_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_add_int", _GUARD_BOTH_INT "guard_both_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_subtract_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_subtract_int", _GUARD_TOS_INT "guard_tos_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_subtract_int", _GUARD_NOS_INT "guard_nos_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_subtract_int", _GUARD_BOTH_INT "guard_both_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_multiply_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_multiply_int", _GUARD_TOS_INT "guard_tos_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_multiply_int", _GUARD_NOS_INT "guard_nos_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    const_right!(_LOAD_CONST_INLINE_BORROW, "load_const_binary_op_multiply_int", _GUARD_BOTH_INT "guard_both_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    guarded!(_GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    guarded!(_GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    guarded!(_GUARD_BOTH_FLOAT "guard_both_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    guarded!(_GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    guarded!(_GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    guarded!(_GUARD_NOS_FLOAT "guard_nos_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    guarded!(_GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_ADD_FLOAT "binary_op_add_float"),
    guarded!(_GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_SUBTRACT_FLOAT "binary_op_subtract_float"),
    guarded!(_GUARD_TOS_FLOAT "guard_tos_float", _BINARY_OP_MULTIPLY_FLOAT "binary_op_multiply_float"),
    guarded!(_GUARD_BOTH_INT "guard_both_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    guarded!(_GUARD_BOTH_INT "guard_both_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    guarded!(_GUARD_BOTH_INT "guard_both_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    guarded!(_GUARD_NOS_INT "guard_nos_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    guarded!(_GUARD_NOS_INT "guard_nos_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    guarded!(_GUARD_NOS_INT "guard_nos_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
    guarded!(_GUARD_TOS_INT "guard_tos_int", _BINARY_OP_ADD_INT "binary_op_add_int"),
    guarded!(_GUARD_TOS_INT "guard_tos_int", _BINARY_OP_SUBTRACT_INT "binary_op_subtract_int"),
    guarded!(_GUARD_TOS_INT "guard_tos_int", _BINARY_OP_MULTIPLY_INT "binary_op_multiply_int"),
];

/// The fusions whose work the stencil named `name` does.
pub fn fusions_by(name: &str) -> impl Iterator<Item = &'static Fusion> + '_ {
    FUSIONS.iter().filter(move |f| f.stencil == name)
}

/// Whether the stencil named `name` exists only for fusions (it runs no uop alone).
pub fn is_fused_only(name: &str) -> bool {
    fusions_by(name).next().is_some() && !Uop::ALL.iter().any(|&u| name_for(u) == Some(name))
}

/// A fusion as indices into [`STENCILS`].
pub struct FusionIndex {
    /// The fused stencil.
    pub stencil: usize,
    /// The uops covered, each with the index of the stencil it would get alone.
    pub parts: Vec<(Uop, usize)>,
    /// [`Fusion::when`].
    pub when: Option<fn(&[UopInst]) -> bool>,
}

/// The stencil of every uop (an index into [`STENCILS`]), by `Uop as usize`.
pub struct Table {
    by_uop: Vec<Pick>,
    /// The `helper` stencil (also every slow path).
    pub helper: Option<usize>,
    /// The `fused` stencil (no code: an earlier `helper` call runs the uop).
    pub fused: Option<usize>,
    /// By stencil: what the layout needs of it ([`Shape`]).
    pub shapes: Vec<Shape>,
    /// The stencils [`by_oparg`] picks, by [`OPARG_FORMS`] index.
    by_oparg: [Option<usize>; OPARG_FORMS.len()],
    /// [`FUSIONS`] whose stencils this build has.
    pub fusions: Vec<FusionIndex>,
    /// By the stencils of two adjacent uops (`first * STENCILS.len() + second`, one byte
    /// each, so the table stays in the first-level cache): 0, or 1 + the index into
    /// `pair_fusions` of the fusions whose first two uops get those stencils alone. Matching
    /// a uop is then one lookup, and almost always finds no candidate (many fusions start
    /// with `_LOAD_FAST`: its stencil alone would not do).
    pairs: Vec<u8>,
    /// The fusions, in [`FUSIONS`] order, per pair of stencils that starts one.
    pair_fusions: Vec<Vec<Candidate>>,
    /// By `Uop as usize`: its base form (`Uop::base`, 2 bytes each rather than the uop
    /// table's whole entry, so that matching fusions stays within a few cache lines).
    bases: Vec<Uop>,
}

/// A fusion that may start at a pair of stencils ([`Table::fusions_from`]), with what
/// matching compares held in place: when a trace is compiled, the tables are cold (the
/// pages of the last trace were just made executable), and following `fusions` and its
/// `parts` to the heap for every candidate made matching 15% of the time of copying and
/// patching (perf), 12% with this.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    /// The index into [`Table::fusions`].
    pub fusion: u16,
    /// The stencil its third uop would get alone, or [`Candidate::NO_THIRD`] for a fusion
    /// of two uops: most candidates of a pair differ there (`x + y`, `x - y`, `x * y` after
    /// the same guard), so one compare rules them out.
    pub third: u16,
    /// How many uops it covers.
    len: u16,
    /// Its first [`Candidate::INLINE`] uops (base forms), each with the stencil it would
    /// get alone.
    parts: [(Uop, u16); Candidate::INLINE],
    /// [`Fusion::when`].
    when: Option<fn(&[UopInst]) -> bool>,
}

impl Candidate {
    /// [`Candidate::third`] of a fusion of two uops.
    pub const NO_THIRD: u16 = u16::MAX;

    /// The most uops a fusion may cover: a candidate holds them all in place (the fusion
    /// test checks every fusion against it).
    pub const INLINE: usize = 4;

    /// How many uops it covers.
    #[inline]
    pub fn uops(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether uops `uops`, with the stencils they would get alone (`stencils`), are this
    /// fusion's (both exactly [`Candidate::uops`] long), opargs included.
    #[inline]
    pub fn matches(&self, stencils: &[usize], uops: &[UopInst], table: &Table) -> bool {
        self.parts[..self.uops()]
            .iter()
            .zip(stencils)
            .zip(uops)
            .all(|((&(uop, st), &s), u)| usize::from(st) == s && table.base(u.uop) == uop)
            && self.when.is_none_or(|when| when(uops))
    }
}

impl Table {
    /// [`Uop::base`] from this table.
    #[inline]
    pub fn base(&self, uop: Uop) -> Uop {
        self.bases
            .get(uop as usize)
            .copied()
            .unwrap_or_else(|| uop.base())
    }

    /// The fusions that may start at a uop with stencil `first` followed by one with
    /// stencil `second` (indices into `fusions`).
    #[inline]
    pub fn fusions_from(&self, first: usize, second: usize) -> &[Candidate] {
        match self.pairs.get(first * STENCILS.len() + second) {
            Some(&k) if k > 0 => &self.pair_fusions[usize::from(k) - 1],
            _ => &[],
        }
    }

    /// How many pairs of stencils start a fusion (at most 255: see `pairs`).
    pub fn fusion_pairs(&self) -> usize {
        self.pair_fusions.len()
    }

    /// [`index_for_inst`] with the table at hand: one load for most uops, and the
    /// operand and oparg tests only for the uops they concern (`Pick::Check`).
    #[inline]
    pub fn for_inst(&self, inst: &UopInst) -> Option<usize> {
        match self.by_uop.get(inst.uop as usize) {
            Some(&Pick::Always(st)) => Some(st),
            Some(&Pick::Check(st)) => self.checked(st, inst),
            _ => None,
        }
    }

    /// The stencil of a uop that holds a constant or whose oparg may pick another one.
    fn checked(&self, st: usize, inst: &UopInst) -> Option<usize> {
        if holds_constant(inst.uop) && inst.operand.object().is_none() {
            return self.helper;
        }
        match oparg_form(inst) {
            Some(k) => self.by_oparg[k],
            None => Some(st),
        }
    }
}

/// How [`Table::for_inst`] finds a uop's stencil.
#[derive(Clone, Copy)]
enum Pick {
    /// A trace never holds the uop (or this build has no stencil for it).
    None,
    /// Always this stencil.
    Always(usize),
    /// This stencil, unless the operand or the oparg says otherwise ([`name_for_inst`]).
    Check(usize),
}

/// What laying out a trace needs of a stencil (one load per uop).
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Bytes of code.
    pub len: usize,
    /// Whether it has a slow path (a `_JIT_SLOW` hole).
    pub slow: bool,
    /// Whether a trace may end with it (`leave`, `jump_to_top`); every other stencil falls
    /// through into the next uop's code.
    pub ends: bool,
}

/// Builds the uop-to-stencil table (once per process; the JIT calls this when it is made,
/// so the first compilation does not pay for it).
pub fn warm_up() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    let index = |name: &str| STENCILS.iter().position(|s| s.name == name);
    TABLE.get_or_init(|| {
        let fusions: Vec<FusionIndex> = FUSIONS
            .iter()
            .filter_map(|f| {
                let parts = f.uops.iter().map(|&(u, name)| Some((u, index(name)?)));
                Some(FusionIndex {
                    stencil: index(f.stencil)?,
                    parts: parts.collect::<Option<Vec<_>>>()?,
                    when: f.when,
                })
            })
            .collect();
        let mut pairs = vec![0u8; STENCILS.len() * STENCILS.len()];
        let mut pair_fusions: Vec<Vec<Candidate>> = Vec::new();
        for (n, f) in fusions.iter().enumerate() {
            // (A longer fusion would not fit a candidate: the fusion test rules it out.)
            if f.parts.len() > Candidate::INLINE {
                continue;
            }
            if let [(_, first), (_, second), ..] = f.parts[..] {
                let at = &mut pairs[first * STENCILS.len() + second];
                if *at == 0 {
                    pair_fusions.push(Vec::new());
                    // More than 255 pairs would need a wider table (a test checks).
                    *at = u8::try_from(pair_fusions.len()).unwrap_or(u8::MAX);
                }
                let third = f
                    .parts
                    .get(2)
                    .map_or(Candidate::NO_THIRD, |&(_, st)| st as u16);
                let mut parts = [(Uop::_NOP, 0); Candidate::INLINE];
                for (part, &(uop, st)) in parts.iter_mut().zip(&f.parts) {
                    *part = (uop, st as u16);
                }
                pair_fusions[usize::from(*at) - 1].push(Candidate {
                    fusion: n as u16,
                    third,
                    len: f.parts.len() as u16,
                    parts,
                    when: f.when,
                });
            }
        }
        Table {
            by_uop: Uop::ALL
                .iter()
                .map(|&u| match name_for(u).and_then(index) {
                    None => Pick::None,
                    Some(st) if holds_constant(u) || !oparg_forms(u).is_empty() => Pick::Check(st),
                    Some(st) => Pick::Always(st),
                })
                .collect(),
            helper: index("helper"),
            fused: index("fused"),
            shapes: STENCILS
                .iter()
                .map(|s| Shape {
                    len: s.code.len(),
                    slow: s.holes.iter().any(|h| h.symbol == Symbol::Slow),
                    ends: matches!(s.name, "leave" | "jump_to_top"),
                })
                .collect(),
            by_oparg: OPARG_FORMS.map(index),
            fusions,
            pairs,
            pair_fusions,
            bases: Uop::ALL.iter().map(|&u| u.base()).collect(),
        }
    })
}

/// Whether the stencil named `name` is inline machine code (the VM is called only when its
/// fast path does not apply, or never). `helper` calls the VM; `fused` is the empty stencil
/// of a uop that the `helper` call of an earlier uop runs with it.
pub fn is_inline(name: &str) -> bool {
    !matches!(name, "helper" | "fused")
}
