//! Stack effects, used to compute `co_stacksize`: how many values an instruction pushes minus
//! how many it pops, for the fall-through path and for the jump path.

use super::ir::{self, Op};
use crate::bytecode::Opcode;

/// Net stack effect of `op` with `arg`; `jump` selects the branch-taken path of jumps and
/// SETUP_* pseudo-instructions.
pub fn stack_effect(op: Op, arg: u32, jump: bool) -> i32 {
    let a = arg as i32;
    match op {
        ir::JUMP | ir::JUMP_NO_INTERRUPT | ir::POP_BLOCK => return 0,
        ir::SETUP_FINALLY | ir::SETUP_WITH => return if jump { 1 } else { 0 },
        ir::SETUP_CLEANUP => return if jump { 2 } else { 0 },
        ir::LOAD_CLOSURE => return 1,
        ir::STORE_FAST_MAYBE_NULL => return -1,
        _ => {}
    }
    let op = ir::opcode(op);
    match op {
        Opcode::POP_TOP | Opcode::END_FOR | Opcode::RETURN_VALUE | Opcode::BINARY_OP => -1,
        Opcode::BINARY_SUBSCR | Opcode::STORE_NAME | Opcode::STORE_GLOBAL => -1,
        Opcode::STORE_FAST | Opcode::STORE_DEREF | Opcode::DELETE_ATTR => -1,
        Opcode::COMPARE_OP | Opcode::IS_OP | Opcode::CONTAINS_OP => -1,
        Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => -1,
        Opcode::POP_JUMP_IF_NONE | Opcode::POP_JUMP_IF_NOT_NONE => -1,
        Opcode::LIST_APPEND | Opcode::SET_ADD | Opcode::LIST_EXTEND => -1,
        Opcode::SET_UPDATE | Opcode::DICT_UPDATE | Opcode::DICT_MERGE => -1,
        Opcode::FORMAT_WITH_SPEC | Opcode::SET_FUNCTION_ATTRIBUTE | Opcode::RERAISE => -1,
        Opcode::POP_EXCEPT | Opcode::IMPORT_NAME | Opcode::CALL_INTRINSIC_2 => -1,
        Opcode::END_SEND | Opcode::CLEANUP_THROW => -1,
        Opcode::BINARY_SLICE | Opcode::DELETE_SUBSCR | Opcode::STORE_ATTR | Opcode::MAP_ADD => -2,
        Opcode::STORE_FAST_STORE_FAST => -2,
        Opcode::STORE_SUBSCR => -3,
        Opcode::STORE_SLICE => -4,
        Opcode::LOAD_CONST | Opcode::LOAD_FAST | Opcode::LOAD_FAST_CHECK => 1,
        Opcode::LOAD_FAST_AND_CLEAR | Opcode::LOAD_DEREF | Opcode::LOAD_NAME => 1,
        Opcode::PUSH_NULL | Opcode::COPY | Opcode::LOAD_ASSERTION_ERROR => 1,
        Opcode::LOAD_BUILD_CLASS | Opcode::LOAD_LOCALS | Opcode::PUSH_EXC_INFO => 1,
        Opcode::IMPORT_FROM | Opcode::GET_LEN | Opcode::RETURN_GENERATOR => 1,
        Opcode::BEFORE_WITH | Opcode::WITH_EXCEPT_START => 1,
        Opcode::BEFORE_ASYNC_WITH | Opcode::GET_ANEXT => 1,
        Opcode::MATCH_MAPPING | Opcode::MATCH_SEQUENCE | Opcode::MATCH_KEYS => 1,
        Opcode::MATCH_CLASS | Opcode::END_ASYNC_FOR => -2,
        Opcode::LOAD_FAST_LOAD_FAST => 2,
        Opcode::FOR_ITER => 1,
        Opcode::LOAD_GLOBAL => 1 + (a & 1),
        Opcode::LOAD_ATTR => a & 1,
        Opcode::LOAD_SUPER_ATTR => -2 + (a & 1),
        Opcode::CALL => -1 - a,
        Opcode::CALL_KW => -2 - a,
        Opcode::CALL_FUNCTION_EX => -2 - (a & 1),
        Opcode::BUILD_TUPLE | Opcode::BUILD_LIST | Opcode::BUILD_SET | Opcode::BUILD_STRING => {
            1 - a
        }
        Opcode::BUILD_MAP => 1 - 2 * a,
        Opcode::BUILD_CONST_KEY_MAP => -a,
        Opcode::BUILD_SLICE => {
            if a == 3 {
                -2
            } else {
                -1
            }
        }
        Opcode::UNPACK_SEQUENCE => a - 1,
        Opcode::UNPACK_EX => (a & 0xff) + (a >> 8),
        Opcode::RAISE_VARARGS => -a,
        _ => 0,
    }
}
