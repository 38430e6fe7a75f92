//! `remove_globals`: loads of globals and builtins become constants.
//!
//! A specialized `LOAD_GLOBAL` checks the dict's keys version on every run. If the optimizer
//! *watches* the globals dict instead (any change invalidates the executors that depend on
//! it), the value cannot change under a running trace, so the load becomes the value itself;
//! what remains to check is that the frame runs the function the trace was made for:
//!
//! ```text
//!   _GUARD_GLOBALS_VERSION 7   ->  _CHECK_FUNCTION (function version)
//!   _LOAD_GLOBAL_MODULE 3      ->  _LOAD_CONST_INLINE_WITH_NULL <function f>
//!   _GUARD_GLOBALS_VERSION 7   ->  _NOP  (already checked)
//!   _GUARD_BUILTINS_VERSION 2  ->  _NOP
//!   _LOAD_GLOBAL_BUILTINS 5    ->  _LOAD_CONST_INLINE_BORROW_WITH_NULL <class 'range'>
//! ```
//!
//! The three facts ("function checked", "globals watched", "builtins watched") are kept per
//! inlined frame as bit stacks, pushed at `_PUSH_FRAME` and popped at `_POP_FRAME`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::{Dict, Function};
use crate::uops::{Operand, Uop, UopInst};
use crate::value::Value;
use crate::vm::Vm;

use super::{
    convert_global_to_const, watch_globals, Deps, Failure, MAX_BUILTINS_MODIFICATIONS,
    MAX_GLOBALS_MODIFICATIONS,
};

/// `incorrect_keys`: the dict's keys are not the ones the guard was specialized for.
fn incorrect_keys(inst: &UopInst, dict: &Rc<RefCell<Dict>>) -> bool {
    u64::from(dict.borrow().current_keys_version()) != inst.operand.int()
}

/// The function a `_PUSH_FRAME` / `_POP_FRAME` operand names, if it is a function.
fn function_of(inst: &UopInst) -> Option<Rc<Function>> {
    match inst.operand.object() {
        Some(Value::Function(f)) => Some(f.clone()),
        _ => None,
    }
}

/// The pass. `Err` means "no executor now" (a guard's keys are already stale).
pub fn remove_globals(
    vm: &Vm,
    func: Option<&Rc<Function>>,
    frame_globals: &Rc<RefCell<Dict>>,
    trace: &mut [UopInst],
    deps: &mut Deps,
) -> Result<(), Failure> {
    let builtins = vm.builtins.clone();
    let mut globals = frame_globals.clone();
    let mut function_version = func.map_or(0, |f| f.version.get());
    let (mut function_checked, mut builtins_watched, mut globals_watched) = (0u32, 0u32, 0u32);
    let mut prechecked_function_version = 0u32;
    for inst in trace.iter_mut() {
        match inst.uop {
            Uop::_GUARD_BUILTINS_VERSION => {
                if incorrect_keys(inst, &builtins) {
                    return Err(Failure::IncorrectKeys);
                }
                if builtins.borrow().watched_mutations() >= MAX_BUILTINS_MODIFICATIONS {
                    continue;
                }
                // The builtins are watched from the start (`builtins_watched` is only
                // this trace's note of it).
                builtins_watched |= 1;
                check_function(inst, &mut function_checked, function_version);
            }
            Uop::_GUARD_GLOBALS_VERSION => {
                if incorrect_keys(inst, &globals) {
                    return Err(Failure::IncorrectKeys);
                }
                if globals.borrow().watched_mutations() >= MAX_GLOBALS_MODIFICATIONS {
                    continue;
                }
                if globals_watched & 1 == 0 {
                    watch_globals(&globals);
                    deps.dicts.push(globals.clone());
                    globals_watched |= 1;
                }
                check_function(inst, &mut function_checked, function_version);
            }
            Uop::_LOAD_GLOBAL_BUILTINS
                if function_checked & globals_watched & builtins_watched & 1 != 0 =>
            {
                convert_global_to_const(vm, inst, &builtins);
            }
            Uop::_LOAD_GLOBAL_MODULE if function_checked & globals_watched & 1 != 0 => {
                convert_global_to_const(vm, inst, &globals);
            }
            Uop::_PUSH_FRAME => {
                builtins_watched <<= 1;
                globals_watched <<= 1;
                function_checked <<= 1;
                // A code object or nothing: the callee's globals are unknown. Stop here.
                let Some(callee) = function_of(inst) else {
                    return Ok(());
                };
                function_version = callee.version.get();
                if prechecked_function_version == function_version {
                    function_checked |= 1;
                }
                prechecked_function_version = 0;
                globals = callee.globals.clone();
            }
            Uop::_POP_FRAME => {
                builtins_watched >>= 1;
                globals_watched >>= 1;
                function_checked >>= 1;
                let Some(caller) = function_of(inst) else {
                    return Ok(());
                };
                function_version = caller.version.get();
                globals = caller.globals.clone();
            }
            Uop::_CHECK_FUNCTION_EXACT_ARGS => {
                prechecked_function_version = inst.operand.int() as u32;
            }
            Uop::_EXIT_TRACE | Uop::_JUMP_TO_TOP => return Ok(()),
            _ => {}
        }
    }
    Ok(())
}

/// The first guard of a frame becomes `_CHECK_FUNCTION`; the others go.
fn check_function(inst: &mut UopInst, function_checked: &mut u32, version: u32) {
    if *function_checked & 1 != 0 {
        inst.uop = Uop::_NOP;
    } else {
        inst.uop = Uop::_CHECK_FUNCTION;
        inst.operand = Operand::Int(u64::from(version));
        *function_checked |= 1;
    }
}

/// Strings CPython allocates statically (its `_Py_ID` identifiers), which are immortal: a
/// constant like `'key'` is inlined with the `_BORROW` form, `'ab'` without.
pub fn is_static_string(s: &str) -> bool {
    super::static_strings::STATIC_STRINGS
        .binary_search(&s)
        .is_ok()
}
