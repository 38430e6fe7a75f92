//! Which uops each instruction is made of (CPython's `_PyOpcode_macro_expansion`).
//!
//! The list is the one CPython 3.13.0 generates from `bytecodes.c`, restricted to the
//! instructions this compiler emits. An instruction that is missing here (generic `CALL`,
//! `LOAD_NAME`, `BINARY_SUBSCR_GETITEM`, `CALL_ALLOC_AND_ENTER_INIT`, ...) cannot be part of a
//! trace: projection stops at it ("Unsupported opcode"), exactly where CPython's stops.
//!
//! Each part names where its operand comes from. Cache offsets count code units from the
//! instruction itself and follow *this* VM's cache layout (`LOAD_GLOBAL` keeps its index in the
//! first cache unit after the counter, as `dis` describes it; CPython 3.13.0's C struct moved
//! it last). `Replaced` parts are tier-1 uops that tier 2 swaps for a guard (`_ITER_JUMP_RANGE`
//! jumps past the loop in tier 1; a trace exits there instead).
//!
//! The table is written once, as the callback macro [`expansions!`], and read twice: here as
//! data for projection, and in `interp/forms.rs`, where each specialized instruction of tier 1
//! becomes its uops called in a row.

use crate::bytecode::Opcode;

use super::Uop;

/// Where a part's oparg and operand come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandSrc {
    /// The instruction's oparg, no operand.
    Oparg,
    /// A 16-bit inline cache entry `n` code units after the instruction.
    Cache16(usize),
    /// A 32-bit inline cache entry (two units, low half first).
    Cache32(usize),
    /// The object the specializer cached for the instruction (a method, a class attribute).
    Object,
    /// The high nibble of a superinstruction's oparg (`LOAD_FAST_LOAD_FAST`'s first local).
    Top,
    /// The low nibble.
    Bottom,
    /// `_SAVE_RETURN_OFFSET`: the oparg is the distance to the next instruction.
    ReturnOffset,
    /// Tier 1 runs this part's uop; tier 2 projects the given uop instead.
    Replaced(Uop),
}

/// One uop of an instruction's expansion.
#[derive(Clone, Copy, Debug)]
pub struct Part {
    pub uop: Uop,
    pub src: OperandSrc,
}

/// The whole table, passed to a macro that turns it into code or data.
#[macro_export]
#[doc(hidden)]
macro_rules! expansions {
    ($callback:ident) => {
        $callback! {
            // Specialized instructions (tier 1 runs them as these uops, in this order).
            BINARY_OP_ADD_INT = [_GUARD_BOTH_INT(Oparg), _BINARY_OP_ADD_INT(Oparg)];
            BINARY_OP_SUBTRACT_INT = [_GUARD_BOTH_INT(Oparg), _BINARY_OP_SUBTRACT_INT(Oparg)];
            BINARY_OP_MULTIPLY_INT = [_GUARD_BOTH_INT(Oparg), _BINARY_OP_MULTIPLY_INT(Oparg)];
            BINARY_OP_ADD_FLOAT = [_GUARD_BOTH_FLOAT(Oparg), _BINARY_OP_ADD_FLOAT(Oparg)];
            BINARY_OP_SUBTRACT_FLOAT = [_GUARD_BOTH_FLOAT(Oparg), _BINARY_OP_SUBTRACT_FLOAT(Oparg)];
            BINARY_OP_MULTIPLY_FLOAT = [_GUARD_BOTH_FLOAT(Oparg), _BINARY_OP_MULTIPLY_FLOAT(Oparg)];
            BINARY_OP_ADD_UNICODE = [_GUARD_BOTH_UNICODE(Oparg), _BINARY_OP_ADD_UNICODE(Oparg)];
            COMPARE_OP_INT = [_GUARD_BOTH_INT(Oparg), _COMPARE_OP_INT(Oparg)];
            COMPARE_OP_FLOAT = [_GUARD_BOTH_FLOAT(Oparg), _COMPARE_OP_FLOAT(Oparg)];
            COMPARE_OP_STR = [_GUARD_BOTH_UNICODE(Oparg), _COMPARE_OP_STR(Oparg)];
            CONTAINS_OP_SET = [_CONTAINS_OP_SET(Oparg)];
            CONTAINS_OP_DICT = [_CONTAINS_OP_DICT(Oparg)];
            TO_BOOL_BOOL = [_TO_BOOL_BOOL(Oparg)];
            TO_BOOL_INT = [_TO_BOOL_INT(Oparg)];
            TO_BOOL_LIST = [_TO_BOOL_LIST(Oparg)];
            TO_BOOL_NONE = [_TO_BOOL_NONE(Oparg)];
            TO_BOOL_STR = [_TO_BOOL_STR(Oparg)];
            TO_BOOL_ALWAYS_TRUE = [_GUARD_TYPE_VERSION(Cache32(2)), _REPLACE_WITH_TRUE(Oparg)];
            BINARY_SUBSCR_DICT = [_BINARY_SUBSCR_DICT(Oparg)];
            BINARY_SUBSCR_LIST_INT = [_BINARY_SUBSCR_LIST_INT(Oparg)];
            BINARY_SUBSCR_STR_INT = [_BINARY_SUBSCR_STR_INT(Oparg)];
            BINARY_SUBSCR_TUPLE_INT = [_BINARY_SUBSCR_TUPLE_INT(Oparg)];
            STORE_SUBSCR_DICT = [_STORE_SUBSCR_DICT(Oparg)];
            STORE_SUBSCR_LIST_INT = [_STORE_SUBSCR_LIST_INT(Oparg)];
            UNPACK_SEQUENCE_TWO_TUPLE = [_UNPACK_SEQUENCE_TWO_TUPLE(Oparg)];
            UNPACK_SEQUENCE_TUPLE = [_UNPACK_SEQUENCE_TUPLE(Oparg)];
            UNPACK_SEQUENCE_LIST = [_UNPACK_SEQUENCE_LIST(Oparg)];
            LOAD_GLOBAL_MODULE = [_GUARD_GLOBALS_VERSION(Cache16(3)),
                _LOAD_GLOBAL_MODULE(Cache16(2))];
            LOAD_GLOBAL_BUILTIN = [_GUARD_GLOBALS_VERSION(Cache16(3)),
                _GUARD_BUILTINS_VERSION(Cache16(4)), _LOAD_GLOBAL_BUILTINS(Cache16(2))];
            LOAD_ATTR_INSTANCE_VALUE = [_GUARD_TYPE_VERSION(Cache32(2)),
                _CHECK_MANAGED_OBJECT_HAS_VALUES(Oparg), _LOAD_ATTR_INSTANCE_VALUE(Cache16(4))];
            LOAD_ATTR_MODULE = [_CHECK_ATTR_MODULE(Cache32(2)), _LOAD_ATTR_MODULE(Cache16(4))];
            LOAD_ATTR_WITH_HINT = [_GUARD_TYPE_VERSION(Cache32(2)), _CHECK_ATTR_WITH_HINT(Oparg),
                _LOAD_ATTR_WITH_HINT(Cache16(4))];
            LOAD_ATTR_SLOT = [_GUARD_TYPE_VERSION(Cache32(2)), _LOAD_ATTR_SLOT(Cache16(4))];
            LOAD_ATTR_CLASS = [_CHECK_ATTR_CLASS(Cache32(2)), _LOAD_ATTR_CLASS(Object)];
            LOAD_ATTR_METHOD_WITH_VALUES = [_GUARD_TYPE_VERSION(Cache32(2)),
                _GUARD_DORV_VALUES_INST_ATTR_FROM_DICT(Oparg), _GUARD_KEYS_VERSION(Cache32(4)),
                _LOAD_ATTR_METHOD_WITH_VALUES(Object)];
            LOAD_ATTR_METHOD_NO_DICT = [_GUARD_TYPE_VERSION(Cache32(2)),
                _LOAD_ATTR_METHOD_NO_DICT(Object)];
            LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES = [_GUARD_TYPE_VERSION(Cache32(2)),
                _GUARD_DORV_VALUES_INST_ATTR_FROM_DICT(Oparg), _GUARD_KEYS_VERSION(Cache32(4)),
                _LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES(Object)];
            LOAD_ATTR_NONDESCRIPTOR_NO_DICT = [_GUARD_TYPE_VERSION(Cache32(2)),
                _LOAD_ATTR_NONDESCRIPTOR_NO_DICT(Object)];
            LOAD_ATTR_METHOD_LAZY_DICT = [_GUARD_TYPE_VERSION(Cache32(2)),
                _CHECK_ATTR_METHOD_LAZY_DICT(Cache16(4)), _LOAD_ATTR_METHOD_LAZY_DICT(Object)];
            STORE_ATTR_INSTANCE_VALUE = [_GUARD_TYPE_VERSION(Cache32(2)),
                _GUARD_DORV_NO_DICT(Oparg), _STORE_ATTR_INSTANCE_VALUE(Cache16(4))];
            STORE_ATTR_SLOT = [_GUARD_TYPE_VERSION(Cache32(2)), _STORE_ATTR_SLOT(Cache16(4))];
            LOAD_SUPER_ATTR_ATTR = [_LOAD_SUPER_ATTR_ATTR(Oparg)];
            LOAD_SUPER_ATTR_METHOD = [_LOAD_SUPER_ATTR_METHOD(Oparg)];
            FOR_ITER_LIST = [_ITER_CHECK_LIST(Oparg),
                _ITER_JUMP_LIST(Replaced(_GUARD_NOT_EXHAUSTED_LIST)), _ITER_NEXT_LIST(Oparg)];
            FOR_ITER_TUPLE = [_ITER_CHECK_TUPLE(Oparg),
                _ITER_JUMP_TUPLE(Replaced(_GUARD_NOT_EXHAUSTED_TUPLE)), _ITER_NEXT_TUPLE(Oparg)];
            FOR_ITER_RANGE = [_ITER_CHECK_RANGE(Oparg),
                _ITER_JUMP_RANGE(Replaced(_GUARD_NOT_EXHAUSTED_RANGE)), _ITER_NEXT_RANGE(Oparg)];
            FOR_ITER_GEN = [_CHECK_PEP_523(Oparg), _FOR_ITER_GEN_FRAME(Oparg), _PUSH_FRAME(Oparg)];
            CALL_PY_EXACT_ARGS = [_CHECK_PEP_523(Oparg), _CHECK_FUNCTION_EXACT_ARGS(Cache32(2)),
                _CHECK_STACK_SPACE(Oparg), _INIT_CALL_PY_EXACT_ARGS(Oparg),
                _SAVE_RETURN_OFFSET(ReturnOffset), _PUSH_FRAME(Oparg)];
            CALL_BOUND_METHOD_EXACT_ARGS = [_CHECK_PEP_523(Oparg),
                _CHECK_CALL_BOUND_METHOD_EXACT_ARGS(Oparg),
                _INIT_CALL_BOUND_METHOD_EXACT_ARGS(Oparg), _CHECK_FUNCTION_EXACT_ARGS(Cache32(2)),
                _CHECK_STACK_SPACE(Oparg), _INIT_CALL_PY_EXACT_ARGS(Oparg),
                _SAVE_RETURN_OFFSET(ReturnOffset), _PUSH_FRAME(Oparg)];
            CALL_PY_GENERAL = [_CHECK_PEP_523(Oparg), _CHECK_FUNCTION_VERSION(Cache32(2)),
                _PY_FRAME_GENERAL(Oparg), _SAVE_RETURN_OFFSET(ReturnOffset), _PUSH_FRAME(Oparg)];
            CALL_BOUND_METHOD_GENERAL = [_CHECK_PEP_523(Oparg), _CHECK_METHOD_VERSION(Cache32(2)),
                _EXPAND_METHOD(Oparg), _PY_FRAME_GENERAL(Oparg),
                _SAVE_RETURN_OFFSET(ReturnOffset), _PUSH_FRAME(Oparg)];
            CALL_NON_PY_GENERAL = [_CHECK_IS_NOT_PY_CALLABLE(Oparg), _CALL_NON_PY_GENERAL(Oparg),
                _CHECK_PERIODIC(Oparg)];
            CALL_BUILTIN_CLASS = [_CALL_BUILTIN_CLASS(Oparg), _CHECK_PERIODIC(Oparg)];
            CALL_BUILTIN_O = [_CALL_BUILTIN_O(Oparg), _CHECK_PERIODIC(Oparg)];
            CALL_BUILTIN_FAST = [_CALL_BUILTIN_FAST(Oparg), _CHECK_PERIODIC(Oparg)];
            CALL_BUILTIN_FAST_WITH_KEYWORDS = [_CALL_BUILTIN_FAST_WITH_KEYWORDS(Oparg),
                _CHECK_PERIODIC(Oparg)];
            CALL_METHOD_DESCRIPTOR_O = [_CALL_METHOD_DESCRIPTOR_O(Oparg), _CHECK_PERIODIC(Oparg)];
            CALL_METHOD_DESCRIPTOR_FAST = [_CALL_METHOD_DESCRIPTOR_FAST(Oparg),
                _CHECK_PERIODIC(Oparg)];
            CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS = [
                _CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS(Oparg), _CHECK_PERIODIC(Oparg)];
            CALL_METHOD_DESCRIPTOR_NOARGS = [_CALL_METHOD_DESCRIPTOR_NOARGS(Oparg),
                _CHECK_PERIODIC(Oparg)];
            CALL_LEN = [_CALL_LEN(Oparg)];
            CALL_ISINSTANCE = [_CALL_ISINSTANCE(Oparg)];
            CALL_TYPE_1 = [_CALL_TYPE_1(Oparg)];
            CALL_STR_1 = [_CALL_STR_1(Oparg), _CHECK_PERIODIC(Oparg)];
            CALL_TUPLE_1 = [_CALL_TUPLE_1(Oparg), _CHECK_PERIODIC(Oparg)];
            RESUME_CHECK = [_RESUME_CHECK(Oparg)];
        }
    };
}

/// Generic instructions: one uop each (or two for the superinstructions and returns). Tier 1
/// runs these through its own arms (which also tick the adaptive counter); only projection
/// reads this part of the table.
macro_rules! generic_expansions {
    ($($op:ident = [$($uop:ident($($src:tt)*)),+];)*) => {
        fn generic_expansion(op: Opcode) -> Option<&'static [Part]> {
            match op {
                $(Opcode::$op => Some(&[$(Part { uop: Uop::$uop, src: OperandSrc::$($src)* }),+]),)*
                _ => None,
            }
        }
    };
}

generic_expansions! {
    BINARY_OP = [_BINARY_OP(Oparg)];
    BINARY_SLICE = [_BINARY_SLICE(Oparg)];
    BINARY_SUBSCR = [_BINARY_SUBSCR(Oparg)];
    BUILD_CONST_KEY_MAP = [_BUILD_CONST_KEY_MAP(Oparg)];
    BUILD_LIST = [_BUILD_LIST(Oparg)];
    BUILD_MAP = [_BUILD_MAP(Oparg)];
    BUILD_SLICE = [_BUILD_SLICE(Oparg)];
    BUILD_STRING = [_BUILD_STRING(Oparg)];
    BUILD_TUPLE = [_BUILD_TUPLE(Oparg)];
    CALL_INTRINSIC_1 = [_CALL_INTRINSIC_1(Oparg)];
    CHECK_EXC_MATCH = [_CHECK_EXC_MATCH(Oparg)];
    COMPARE_OP = [_COMPARE_OP(Oparg)];
    CONTAINS_OP = [_CONTAINS_OP(Oparg)];
    CONVERT_VALUE = [_CONVERT_VALUE(Oparg)];
    COPY = [_COPY(Oparg)];
    COPY_FREE_VARS = [_COPY_FREE_VARS(Oparg)];
    DELETE_ATTR = [_DELETE_ATTR(Oparg)];
    DELETE_DEREF = [_DELETE_DEREF(Oparg)];
    DELETE_FAST = [_DELETE_FAST(Oparg)];
    DELETE_GLOBAL = [_DELETE_GLOBAL(Oparg)];
    DELETE_NAME = [_DELETE_NAME(Oparg)];
    DELETE_SUBSCR = [_DELETE_SUBSCR(Oparg)];
    DICT_MERGE = [_DICT_MERGE(Oparg)];
    DICT_UPDATE = [_DICT_UPDATE(Oparg)];
    END_FOR = [_POP_TOP(Oparg)];
    END_SEND = [_END_SEND(Oparg)];
    EXIT_INIT_CHECK = [_EXIT_INIT_CHECK(Oparg)];
    FORMAT_SIMPLE = [_FORMAT_SIMPLE(Oparg)];
    FORMAT_WITH_SPEC = [_FORMAT_WITH_SPEC(Oparg)];
    FOR_ITER = [_FOR_ITER_TIER_TWO(Oparg)];
    GET_ITER = [_GET_ITER(Oparg)];
    GET_LEN = [_GET_LEN(Oparg)];
    GET_AWAITABLE = [_GET_AWAITABLE(Oparg)];
    GET_YIELD_FROM_ITER = [_GET_YIELD_FROM_ITER(Oparg)];
    IS_OP = [_IS_OP(Oparg)];
    LIST_APPEND = [_LIST_APPEND(Oparg)];
    LIST_EXTEND = [_LIST_EXTEND(Oparg)];
    LOAD_ASSERTION_ERROR = [_LOAD_ASSERTION_ERROR(Oparg)];
    LOAD_ATTR = [_LOAD_ATTR(Oparg)];
    LOAD_BUILD_CLASS = [_LOAD_BUILD_CLASS(Oparg)];
    LOAD_CONST = [_LOAD_CONST(Oparg)];
    LOAD_DEREF = [_LOAD_DEREF(Oparg)];
    LOAD_FAST = [_LOAD_FAST(Oparg)];
    LOAD_FAST_AND_CLEAR = [_LOAD_FAST_AND_CLEAR(Oparg)];
    LOAD_FAST_CHECK = [_LOAD_FAST_CHECK(Oparg)];
    LOAD_FAST_LOAD_FAST = [_LOAD_FAST(Top), _LOAD_FAST(Bottom)];
    LOAD_FROM_DICT_OR_DEREF = [_LOAD_FROM_DICT_OR_DEREF(Oparg)];
    LOAD_GLOBAL = [_LOAD_GLOBAL(Oparg)];
    LOAD_LOCALS = [_LOAD_LOCALS(Oparg)];
    MAKE_CELL = [_MAKE_CELL(Oparg)];
    MAKE_FUNCTION = [_MAKE_FUNCTION(Oparg)];
    MAP_ADD = [_MAP_ADD(Oparg)];
    MATCH_CLASS = [_MATCH_CLASS(Oparg)];
    MATCH_KEYS = [_MATCH_KEYS(Oparg)];
    MATCH_MAPPING = [_MATCH_MAPPING(Oparg)];
    MATCH_SEQUENCE = [_MATCH_SEQUENCE(Oparg)];
    NOP = [_NOP(Oparg)];
    POP_EXCEPT = [_POP_EXCEPT(Oparg)];
    POP_TOP = [_POP_TOP(Oparg)];
    PUSH_EXC_INFO = [_PUSH_EXC_INFO(Oparg)];
    PUSH_NULL = [_PUSH_NULL(Oparg)];
    RETURN_CONST = [_LOAD_CONST(Oparg), _POP_FRAME(Oparg)];
    RETURN_GENERATOR = [_RETURN_GENERATOR(Oparg)];
    RETURN_VALUE = [_POP_FRAME(Oparg)];
    SETUP_ANNOTATIONS = [_SETUP_ANNOTATIONS(Oparg)];
    SET_ADD = [_SET_ADD(Oparg)];
    SET_FUNCTION_ATTRIBUTE = [_SET_FUNCTION_ATTRIBUTE(Oparg)];
    SET_UPDATE = [_SET_UPDATE(Oparg)];
    STORE_ATTR = [_STORE_ATTR(Oparg)];
    STORE_DEREF = [_STORE_DEREF(Oparg)];
    STORE_FAST = [_STORE_FAST(Oparg)];
    STORE_FAST_LOAD_FAST = [_STORE_FAST(Top), _LOAD_FAST(Bottom)];
    STORE_FAST_STORE_FAST = [_STORE_FAST(Top), _STORE_FAST(Bottom)];
    STORE_GLOBAL = [_STORE_GLOBAL(Oparg)];
    STORE_NAME = [_STORE_NAME(Oparg)];
    STORE_SLICE = [_STORE_SLICE(Oparg)];
    STORE_SUBSCR = [_STORE_SUBSCR(Oparg)];
    SWAP = [_SWAP(Oparg)];
    TO_BOOL = [_TO_BOOL(Oparg)];
    UNARY_INVERT = [_UNARY_INVERT(Oparg)];
    UNARY_NEGATIVE = [_UNARY_NEGATIVE(Oparg)];
    UNARY_NOT = [_UNARY_NOT(Oparg)];
    UNPACK_EX = [_UNPACK_EX(Oparg)];
    UNPACK_SEQUENCE = [_UNPACK_SEQUENCE(Oparg)];
    WITH_EXCEPT_START = [_WITH_EXCEPT_START(Oparg)];
    YIELD_VALUE = [_YIELD_VALUE(Oparg)];
}

macro_rules! specialized_table {
    ($($op:ident = [$($uop:ident($($src:tt)*)),+ $(,)?];)*) => {
        fn specialized_expansion(op: Opcode) -> Option<&'static [Part]> {
            match op {
                $(Opcode::$op => Some(&[$(Part {
                    uop: Uop::$uop,
                    src: specialized_table!(@src $($src)*),
                }),+]),)*
                _ => None,
            }
        }
    };
    (@src Replaced($u:ident)) => { OperandSrc::Replaced(Uop::$u) };
    (@src $($src:tt)*) => { OperandSrc::$($src)* };
}

expansions!(specialized_table);

/// The uops `op` is made of, or `None` when a trace cannot contain it.
pub fn expansion(op: Opcode) -> Option<&'static [Part]> {
    specialized_expansion(op).or_else(|| generic_expansion(op))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The instruction-level flags CPython 3.13.0 derives from an expansion: any exit, deopt
    /// or error in one of its uops. Spot checks against pycore_opcode_metadata.h.
    #[test]
    fn instruction_flags_follow_the_uops() {
        use super::super::flags::*;
        let flags = |op: Opcode| {
            expansion(op)
                .unwrap()
                .iter()
                .fold(0, |acc, p| acc | p.uop.meta().flags)
        };
        assert_eq!(
            flags(Opcode::BINARY_OP_ADD_INT) & (EXIT | DEOPT | ERROR),
            EXIT | ERROR
        );
        assert_eq!(
            flags(Opcode::BINARY_OP_ADD_FLOAT) & (EXIT | DEOPT | ERROR),
            EXIT
        );
        assert_eq!(
            flags(Opcode::LOAD_ATTR_INSTANCE_VALUE) & (EXIT | DEOPT | ERROR | ESCAPES),
            EXIT | DEOPT
        );
        assert_eq!(
            flags(Opcode::CALL_PY_EXACT_ARGS) & (EXIT | DEOPT | ERROR | ESCAPES),
            EXIT | DEOPT
        );
        assert_eq!(
            flags(Opcode::FOR_ITER_RANGE) & (EXIT | DEOPT | ERROR),
            EXIT | ERROR
        );
    }

    #[test]
    fn superinstructions_split_their_oparg() {
        let parts = expansion(Opcode::LOAD_FAST_LOAD_FAST).unwrap();
        assert_eq!(parts[0].src, OperandSrc::Top);
        assert_eq!(parts[1].src, OperandSrc::Bottom);
        assert!(expansion(Opcode::LOAD_NAME).is_none());
        assert!(expansion(Opcode::CALL).is_none());
    }
}
