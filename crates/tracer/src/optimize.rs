//! The tier-2 optimizer: from a proto-trace to an executor, in CPython 3.13's passes.
//!
//! ```text
//!   proto-trace (projection)
//!     1. remove_globals        watched globals/builtins become constants behind one
//!                              _CHECK_FUNCTION (globals.rs)
//!     2. optimize_uops         abstract interpretation: guards on known types go or narrow,
//!                              constants are inlined (abstract_interp.rs)
//!     3. remove_unneeded_uops  _SET_IP/_CHECK_VALIDITY only where something escaped; a load
//!                              followed by _POP_TOP disappears (cleanup.rs)
//!   fix-up                     replicated forms by oparg (_LOAD_FAST_3) (stubs.rs)
//!   prepare_for_execution      _NOPs out; one _DEOPT / _EXIT_TRACE / _ERROR_POP_N stub per
//!                              distinct target after the trace; guards point at them
//!   make_executor              exits numbered, the executor built and installed
//! ```
//!
//! Each pass is a function over a `Vec<UopInst>`, so tests can check a pass on its own and
//! `explain trace` can show every pass as a diff.

pub mod abstract_interp;
pub mod cleanup;
pub mod globals;
mod static_strings;
pub mod stubs;
pub mod symbols;

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::{Dict, RtCode};
use crate::uops::{Operand, Uop, UopInst};
use crate::value::Value;
use crate::vm::Vm;

/// `_Py_MAX_ALLOWED_GLOBALS_MODIFICATIONS`: after this many watched changes a globals dict
/// is not inlined any more.
pub const MAX_GLOBALS_MODIFICATIONS: u32 = 6;
/// `_Py_MAX_ALLOWED_BUILTINS_MODIFICATIONS`.
pub const MAX_BUILTINS_MODIFICATIONS: u32 = 3;

/// What an executor will depend on: the dicts whose values it inlined.
#[derive(Default)]
pub struct Deps {
    pub dicts: Vec<Rc<RefCell<Dict>>>,
}

/// Why optimization produced no executor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A global's dict changed its keys since the instruction specialized.
    IncorrectKeys,
    /// The abstract interpreter met a contradiction.
    HitBottom,
}

impl Failure {
    pub fn describe(self) -> &'static str {
        match self {
            Failure::IncorrectKeys => "remove_globals: a dict's keys changed since specialization",
            Failure::HitBottom => "optimize_uops: contradiction (hit bottom)",
        }
    }
}

/// The result of the three passes, with each pass's output for `explain trace`.
pub struct Optimized {
    pub uops: Vec<UopInst>,
    pub passes: Vec<(&'static str, Vec<UopInst>)>,
    pub deps: Deps,
}

/// `_Py_uop_analyze_and_optimize`: the three passes over a proto-trace projected in `code`
/// (run by `func`) with `stack_entries` values on the frame's stack.
pub fn analyze_and_optimize(
    vm: &Vm,
    code: &Rc<RtCode>,
    func: Option<&Rc<crate::object::Function>>,
    globals: &Rc<RefCell<Dict>>,
    mut trace: Vec<UopInst>,
    stack_entries: usize,
    keep_passes: bool,
) -> Result<Optimized, Failure> {
    let mut deps = Deps::default();
    let mut passes = Vec::new();
    globals::remove_globals(vm, func, globals, &mut trace, &mut deps)?;
    if keep_passes {
        passes.push(("remove_globals", trace.clone()));
    }
    match abstract_interp::optimize_uops(vm, code, &mut trace, stack_entries, &mut deps) {
        abstract_interp::Outcome::Done => {}
        abstract_interp::Outcome::HitBottom => return Err(Failure::HitBottom),
    }
    if keep_passes {
        passes.push(("optimize_uops", trace.clone()));
    }
    let len = cleanup::remove_unneeded_uops(&mut trace);
    trace.truncate(len);
    if keep_passes {
        passes.push(("remove_unneeded_uops", trace.clone()));
    }
    Ok(Optimized {
        uops: trace,
        passes,
        deps,
    })
}

/// Objects CPython never reference-counts (immortal): `None`, the bools, small ints, the
/// empty tuple, one-character Latin-1 strings, the empty string and bytes, and the builtin
/// types. The optimizer inlines them with the `_BORROW` forms.
pub fn is_immortal(_vm: &Vm, v: &Value) -> bool {
    match v {
        Value::None | Value::Bool(_) | Value::Ellipsis | Value::NotImplemented => true,
        Value::Int(i) => (-5..=256).contains(i),
        Value::Str(s) => {
            let mut chars = s.as_str().chars();
            match (chars.next(), chars.next()) {
                (None, _) => true,
                (Some(c), None) => (c as u32) < 256,
                _ => crate::optimize::globals::is_static_string(s.as_str()),
            }
        }
        Value::Tuple(t) => t.is_empty(),
        Value::Bytes(b) => b.len() <= 1,
        Value::Type(c) => c.builtin,
        _ => false,
    }
}

/// Starts watching a globals-like dict (`PyDict_Watch(GLOBALS_WATCHER_ID, ...)`).
pub fn watch_globals(dict: &Rc<RefCell<Dict>>) {
    dict.borrow_mut().watch(false);
}

/// `convert_global_to_const`: the value at the operand's index of `dict` replaces the load,
/// as a `_LOAD_CONST_INLINE[_BORROW][_WITH_NULL]`. `None` (nothing changed) when the entry
/// is gone.
pub fn convert_global_to_const(
    vm: &Vm,
    inst: &mut UopInst,
    dict: &Rc<RefCell<Dict>>,
) -> Option<Value> {
    let index = inst.operand.int() as usize;
    let res = dict.borrow().value_at(index).cloned()?;
    if res.is_null() {
        return None;
    }
    let with_null = inst.oparg & 1 == 1;
    inst.uop = match (is_immortal(vm, &res), with_null) {
        (true, true) => Uop::_LOAD_CONST_INLINE_BORROW_WITH_NULL,
        (true, false) => Uop::_LOAD_CONST_INLINE_BORROW,
        (false, true) => Uop::_LOAD_CONST_INLINE_WITH_NULL,
        (false, false) => Uop::_LOAD_CONST_INLINE,
    };
    inst.operand = Operand::Obj(res.clone());
    Some(res)
}

#[cfg(test)]
mod tests {
    //! The three passes together, through one helper: `check(before, after)` takes a trace as
    //! uop names with opargs (`"_LOAD_CONST 1"` names the constant `1` of the code object the
    //! helper compiles) and the names expected after `analyze_and_optimize`, `_NOP`s left out.
    use super::*;
    use crate::uops::Uop;

    /// The code the traces are "projected" from: its constants are what `_LOAD_CONST k` loads.
    const SOURCE: &str = "def f(x, y):\n    a = 1\n    b = 2.5\n    c = True\n    return 'abc'\n";

    /// Runs the optimizer on `before` and returns the surviving uops' names, or the failure.
    fn optimize(before: &str) -> Result<Vec<String>, Failure> {
        let module = crate::compile::compile(SOURCE, "t.py").expect("compiles");
        let func_code = module.nested().next().expect("f").clone();
        let mut vm = Vm::new(crate::vm::VmOptions::default());
        let code = vm.rt_code(&func_code);
        let trace: Vec<UopInst> = before
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let mut words = s.split_whitespace();
                let name = words.next().expect("a uop name");
                let uop = Uop::from_name(name).unwrap_or_else(|| panic!("no uop {name}"));
                let arg = words.next().map_or(0, |w| {
                    // `_LOAD_CONST 1` names a constant by its repr-ish value.
                    if uop == Uop::_LOAD_CONST {
                        let value = match w {
                            "1" => Value::Int(1),
                            "2.5" => Value::float(2.5),
                            "True" => Value::bool(true),
                            other => panic!("no constant {other} in SOURCE"),
                        };
                        let same = |c: &Value| match (c, &value) {
                            (Value::Int(a), Value::Int(b)) => a == b,
                            (Value::Float(a), Value::Float(b)) => a.get() == b.get(),
                            (Value::Bool(a), Value::Bool(b)) => a == b,
                            _ => false,
                        };
                        code.consts.iter().position(same).expect("const") as u32
                    } else {
                        w.parse().expect("an oparg")
                    }
                });
                UopInst::new(uop, arg, Operand::Zero, 0)
            })
            .collect();
        let globals = Rc::new(RefCell::new(Dict::new()));
        let out = analyze_and_optimize(&vm, &code, None, &globals, trace, 0, false)?;
        Ok(out
            .uops
            .iter()
            .filter(|u| u.uop != Uop::_NOP)
            .map(|u| u.uop.name().to_string())
            .collect())
    }

    fn check(before: &str, after: &str) {
        let got = optimize(before).unwrap_or_else(|e| panic!("no executor: {}", e.describe()));
        let want: Vec<String> = after.split_whitespace().map(str::to_string).collect();
        assert_eq!(got, want, "\nbefore: {before}");
    }

    #[test]
    fn three_adds_keep_one_narrowed_guard() {
        let add =
            "_LOAD_FAST 0; _LOAD_CONST 1; _GUARD_BOTH_INT; _BINARY_OP_ADD_INT; _STORE_FAST 0;";
        check(
            &format!("_START_EXECUTOR; {add} {add} {add} _JUMP_TO_TOP"),
            "_START_EXECUTOR \
             _LOAD_FAST _LOAD_CONST_INLINE_BORROW _GUARD_NOS_INT _BINARY_OP_ADD_INT _STORE_FAST \
             _LOAD_FAST _LOAD_CONST_INLINE_BORROW _BINARY_OP_ADD_INT _STORE_FAST \
             _LOAD_FAST _LOAD_CONST_INLINE_BORROW _BINARY_OP_ADD_INT _STORE_FAST \
             _JUMP_TO_TOP",
        );
    }

    #[test]
    fn a_known_float_narrows_the_other_way() {
        // The constant is below: only the top (an unknown local) needs checking.
        check(
            "_START_EXECUTOR; _LOAD_CONST 2.5; _LOAD_FAST 1; _GUARD_BOTH_FLOAT; \
             _BINARY_OP_MULTIPLY_FLOAT; _STORE_FAST 1; _JUMP_TO_TOP",
            "_START_EXECUTOR _LOAD_CONST_INLINE _LOAD_FAST _GUARD_TOS_FLOAT \
             _BINARY_OP_MULTIPLY_FLOAT _STORE_FAST _JUMP_TO_TOP",
        );
    }

    #[test]
    fn a_branch_on_a_known_constant_disappears() {
        // `_TO_BOOL_BOOL` of a known bool goes; the guard on a constant True becomes a
        // `_POP_TOP` (`eliminate_pop_guard`), and the load it pops goes with it.
        check(
            "_START_EXECUTOR; _LOAD_CONST True; _TO_BOOL_BOOL; _GUARD_IS_TRUE_POP; _JUMP_TO_TOP",
            "_START_EXECUTOR _JUMP_TO_TOP",
        );
        // A known int still needs its truth tested, but not its type.
        check(
            "_START_EXECUTOR; _LOAD_FAST 0; _LOAD_CONST 1; _GUARD_BOTH_INT; _BINARY_OP_ADD_INT; \
             _TO_BOOL_INT; _GUARD_IS_TRUE_POP; _JUMP_TO_TOP",
            "_START_EXECUTOR _LOAD_FAST _LOAD_CONST_INLINE_BORROW _GUARD_NOS_INT \
             _BINARY_OP_ADD_INT _TO_BOOL_INT _GUARD_IS_TRUE_POP _JUMP_TO_TOP",
        );
    }

    #[test]
    fn a_value_popped_unused_is_never_loaded() {
        check(
            "_START_EXECUTOR; _LOAD_FAST 0; _POP_TOP; _LOAD_FAST 1; _STORE_FAST 0; _JUMP_TO_TOP",
            "_START_EXECUTOR _LOAD_FAST _STORE_FAST _JUMP_TO_TOP",
        );
    }

    #[test]
    fn bookkeeping_stays_only_before_what_can_escape() {
        check(
            "_START_EXECUTOR; _CHECK_VALIDITY_AND_SET_IP; _LOAD_FAST 0; \
             _CHECK_VALIDITY_AND_SET_IP; _LOAD_FAST 1; _BINARY_OP 0; \
             _CHECK_VALIDITY_AND_SET_IP; _STORE_FAST 0; _JUMP_TO_TOP",
            "_START_EXECUTOR _LOAD_FAST _SET_IP _LOAD_FAST _BINARY_OP _CHECK_VALIDITY \
             _STORE_FAST _JUMP_TO_TOP",
        );
    }

    #[test]
    fn a_contradiction_abandons_the_trace() {
        // An int constant that a guard insists is a float: the trace could never run through.
        let result = optimize(
            "_START_EXECUTOR; _LOAD_CONST 1; _LOAD_FAST 0; _GUARD_BOTH_FLOAT; \
             _BINARY_OP_ADD_FLOAT; _STORE_FAST 0; _JUMP_TO_TOP",
        );
        assert!(matches!(result, Err(Failure::HitBottom)), "{result:?}");
    }
}
