//! Exercise 06, one rule at a time, on small traces written out by hand (each one is what
//! CPython 3.13 projects for the line of Python in its comment).

use ex06_guard_elimination::{
    binary_op_int, guard_both_int, load_const, optimize_uops, sym_set_type, Code, Context,
    HitBottom, Next, PyType, Sym, Uop, UopInst, Value,
};

use Uop::*;
use Value::{Float, Int};

/// `(uop, oparg)` pairs as a trace (targets do not matter here).
fn trace(uops: &[(Uop, u32)]) -> Vec<UopInst> {
    uops.iter()
        .map(|&(uop, oparg)| UopInst::new(uop, oparg, 0))
        .collect()
}

/// Optimizes `before` in a frame of `code` with nothing on the stack and compares the
/// rewritten trace, printed (`_LOAD_CONST_INLINE_BORROW (0, 1)`), with `after`. Returns the
/// final abstract frame.
fn check(code: &Code, before: &[(Uop, u32)], after: &[&str]) -> Context {
    let mut t = trace(before);
    let ctx = optimize_uops(code, &mut t, 0).expect("no contradiction");
    let printed: Vec<String> = t.iter().map(|u| u.to_string()).collect();
    assert_eq!(printed, after, "\n got:\n{}", printed.join("\n"));
    ctx
}

/// `def f(x, y)` with these constants.
fn code(consts: Vec<Value>) -> Code {
    Code { consts, nlocals: 2 }
}

#[test]
fn set_type_refines_down_the_lattice() {
    let mut s = Sym::Unknown;
    assert!(sym_set_type(&mut s, PyType::Int));
    assert_eq!(s, Sym::Type(PyType::Int));
    // Again: nothing new, still fine.
    assert!(sym_set_type(&mut s, PyType::Int));
    assert_eq!(s, Sym::Type(PyType::Int));

    let mut c = Sym::Const(Int(7));
    assert!(sym_set_type(&mut c, PyType::Int));
    assert_eq!(c, Sym::Const(Int(7)), "a constant stays a constant");
}

#[test]
fn set_type_finds_contradictions() {
    let mut s = Sym::Type(PyType::Float);
    assert!(!sym_set_type(&mut s, PyType::Int));
    assert_eq!(s, Sym::Bottom);

    let mut c = Sym::Const(Float(1.5));
    assert!(!sym_set_type(&mut c, PyType::Int));
    assert_eq!(c, Sym::Bottom);

    let mut b = Sym::Bottom;
    assert!(!sym_set_type(&mut b, PyType::Int));
    assert_eq!(b, Sym::Bottom);
}

#[test]
fn constants_are_inlined_borrowed_when_immortal() {
    let consts = vec![
        Value::None,
        Int(1),
        Int(-5),
        Int(256),
        Int(257),
        Int(-6),
        Float(1.0),
        Value::Bool(true),
    ];
    let code = code(consts);
    for (oparg, expected) in [
        (0, "_LOAD_CONST_INLINE_BORROW (0, None)"),
        (1, "_LOAD_CONST_INLINE_BORROW (0, 1)"),
        (2, "_LOAD_CONST_INLINE_BORROW (0, -5)"),
        (3, "_LOAD_CONST_INLINE_BORROW (0, 256)"),
        // Outside CPython's small-int cache: a real object, reference-counted.
        (4, "_LOAD_CONST_INLINE (0, 257)"),
        (5, "_LOAD_CONST_INLINE (0, -6)"),
        (6, "_LOAD_CONST_INLINE (0, 1.0)"),
        (7, "_LOAD_CONST_INLINE_BORROW (0, True)"),
    ] {
        let mut ctx = Context::new(2, 0);
        let mut inst = UopInst::new(_LOAD_CONST, oparg, 18);
        load_const(&mut ctx, &code, &mut inst);
        assert_eq!(inst.to_string(), expected);
        assert_eq!(inst.target, 18, "the target stays");
        assert_eq!(ctx.stack.len(), 1, "one value pushed");
        assert_eq!(
            ctx.get_const(ctx.peek(0)),
            Some(&code.consts[oparg as usize])
        );
    }
}

#[test]
fn a_guard_narrows_to_the_side_still_unknown() {
    let code = code(vec![Value::None, Int(1)]);
    // x + 1: the right side is the constant 1.
    check(
        &code,
        &[
            (_LOAD_FAST, 0),
            (_LOAD_CONST, 1),
            (_GUARD_BOTH_INT, 0),
            (_BINARY_OP_ADD_INT, 0),
            (_JUMP_TO_TOP, 0),
        ],
        &[
            "_LOAD_FAST (0)",
            "_LOAD_CONST_INLINE_BORROW (0, 1)",
            "_GUARD_NOS_INT (0)",
            "_BINARY_OP_ADD_INT (0)",
            "_JUMP_TO_TOP (0)",
        ],
    );
    // 1 + x: the left side is.
    check(
        &code,
        &[
            (_LOAD_CONST, 1),
            (_LOAD_FAST, 0),
            (_GUARD_BOTH_INT, 5),
            (_BINARY_OP_MULTIPLY_INT, 5),
            (_JUMP_TO_TOP, 0),
        ],
        &[
            "_LOAD_CONST_INLINE_BORROW (0, 1)",
            "_LOAD_FAST (0)",
            "_GUARD_TOS_INT (0)",
            "_BINARY_OP_MULTIPLY_INT (5)",
            "_JUMP_TO_TOP (0)",
        ],
    );
    // x + y: nothing known, the guard stays as it is (oparg and all).
    check(
        &code,
        &[
            (_LOAD_FAST, 0),
            (_LOAD_FAST, 1),
            (_GUARD_BOTH_INT, 13),
            (_BINARY_OP_ADD_INT, 13),
            (_JUMP_TO_TOP, 0),
        ],
        &[
            "_LOAD_FAST (0)",
            "_LOAD_FAST (1)",
            "_GUARD_BOTH_INT (13)",
            "_BINARY_OP_ADD_INT (13)",
            "_JUMP_TO_TOP (0)",
        ],
    );
}

#[test]
fn results_of_int_actions_are_ints() {
    let code = code(vec![Value::None, Int(1)]);
    // x = x + 1; x = x - y
    let ctx = check(
        &code,
        &[
            (_LOAD_FAST, 0),
            (_LOAD_CONST, 1),
            (_GUARD_BOTH_INT, 0),
            (_BINARY_OP_ADD_INT, 0),
            (_STORE_FAST, 0),
            (_LOAD_FAST, 0),
            (_LOAD_FAST, 1),
            (_GUARD_BOTH_INT, 10),
            (_BINARY_OP_SUBTRACT_INT, 10),
            (_STORE_FAST, 0),
            (_JUMP_TO_TOP, 0),
        ],
        &[
            "_LOAD_FAST (0)",
            "_LOAD_CONST_INLINE_BORROW (0, 1)",
            "_GUARD_NOS_INT (0)",
            "_BINARY_OP_ADD_INT (0)",
            "_STORE_FAST (0)",
            "_LOAD_FAST (0)",
            "_LOAD_FAST (1)",
            // x is an int now (the result of an int add); y is not known.
            "_GUARD_TOS_INT (0)",
            "_BINARY_OP_SUBTRACT_INT (10)",
            "_STORE_FAST (0)",
            "_JUMP_TO_TOP (0)",
        ],
    );
    assert_eq!(ctx.sym(ctx.local(0)), &Sym::Type(PyType::Int));
    // The guard taught the optimizer about y too.
    assert_eq!(ctx.sym(ctx.local(1)), &Sym::Type(PyType::Int));
}

#[test]
fn a_guard_refines_the_symbol_for_every_later_load() {
    // z = x + y; z = x + y: no store in between, so the second guard checks the very same
    // two symbols the first one already checked.
    let code = code(vec![Value::None]);
    check(
        &code,
        &[
            (_LOAD_FAST, 0),
            (_LOAD_FAST, 1),
            (_GUARD_BOTH_INT, 0),
            (_BINARY_OP_ADD_INT, 0),
            (_POP_TOP, 0),
            (_LOAD_FAST, 0),
            (_LOAD_FAST, 1),
            (_GUARD_BOTH_INT, 0),
            (_BINARY_OP_ADD_INT, 0),
            (_POP_TOP, 0),
            (_JUMP_TO_TOP, 0),
        ],
        &[
            "_LOAD_FAST (0)",
            "_LOAD_FAST (1)",
            "_GUARD_BOTH_INT (0)",
            "_BINARY_OP_ADD_INT (0)",
            "_POP_TOP (0)",
            "_LOAD_FAST (0)",
            "_LOAD_FAST (1)",
            "_NOP (0)",
            "_BINARY_OP_ADD_INT (0)",
            "_POP_TOP (0)",
            "_JUMP_TO_TOP (0)",
        ],
    );
}

#[test]
fn constants_fold_through_int_actions() {
    // x = 2 * 3; y = x - 1 (the symbols know 6 and 5; the uops stay, as in 3.13)
    let code = code(vec![Value::None, Int(2), Int(3), Int(1)]);
    let ctx = check(
        &code,
        &[
            (_LOAD_CONST, 1),
            (_LOAD_CONST, 2),
            (_GUARD_BOTH_INT, 5),
            (_BINARY_OP_MULTIPLY_INT, 5),
            (_STORE_FAST, 0),
            (_LOAD_FAST, 0),
            (_LOAD_CONST, 3),
            (_GUARD_BOTH_INT, 10),
            (_BINARY_OP_SUBTRACT_INT, 10),
            (_STORE_FAST, 1),
            (_JUMP_TO_TOP, 0),
        ],
        &[
            "_LOAD_CONST_INLINE_BORROW (0, 2)",
            "_LOAD_CONST_INLINE_BORROW (0, 3)",
            "_NOP (0)",
            "_BINARY_OP_MULTIPLY_INT (5)",
            "_STORE_FAST (0)",
            "_LOAD_FAST (0)",
            "_LOAD_CONST_INLINE_BORROW (0, 1)",
            "_NOP (0)",
            "_BINARY_OP_SUBTRACT_INT (10)",
            "_STORE_FAST (1)",
            "_JUMP_TO_TOP (0)",
        ],
    );
    assert_eq!(ctx.get_const(ctx.local(0)), Some(&Int(6)));
    assert_eq!(ctx.get_const(ctx.local(1)), Some(&Int(5)));
}

#[test]
fn folding_gives_up_on_overflow_but_keeps_the_type() {
    let mut ctx = Context::new(0, 0);
    let a = ctx.new_const(Int(i64::MAX));
    let b = ctx.new_const(Int(1));
    ctx.push(a);
    ctx.push(b);
    binary_op_int(&mut ctx, &UopInst::new(_BINARY_OP_ADD_INT, 0, 0));
    assert_eq!(ctx.stack.len(), 1);
    assert_eq!(ctx.sym(ctx.peek(0)), &Sym::Type(PyType::Int));
}

#[test]
fn an_int_action_on_unknown_operands_still_gives_an_int() {
    let mut ctx = Context::new(0, 0);
    let a = ctx.new_unknown();
    let b = ctx.new_const(Int(4));
    ctx.push(a);
    ctx.push(b);
    binary_op_int(&mut ctx, &UopInst::new(_BINARY_OP_MULTIPLY_INT, 5, 0));
    assert_eq!(ctx.stack.len(), 1);
    assert_eq!(ctx.sym(ctx.peek(0)), &Sym::Type(PyType::Int));
}

#[test]
fn a_guard_that_cannot_pass_is_a_contradiction() {
    // x + 1.5 specialized for ints (the float constant is not an int): the trace could never
    // get past its guard. CPython keeps no executor for it.
    let code = code(vec![Value::None, Float(1.5)]);
    let mut t = trace(&[
        (_START_EXECUTOR, 0),
        (_LOAD_FAST, 0),
        (_LOAD_CONST, 1),
        (_GUARD_BOTH_INT, 0),
        (_BINARY_OP_ADD_INT, 0),
        (_JUMP_TO_TOP, 0),
    ]);
    assert_eq!(
        optimize_uops(&code, &mut t, 0).unwrap_err(),
        HitBottom { at: 3 }
    );

    let mut ctx = Context::new(0, 0);
    let left = ctx.new_type(PyType::Float);
    let right = ctx.new_unknown();
    ctx.push(left);
    ctx.push(right);
    let mut guard = UopInst::new(_GUARD_BOTH_INT, 0, 0);
    assert_eq!(guard_both_int(&mut ctx, &mut guard), Next::Bottom);
}

#[test]
fn the_guard_handler_leaves_the_stack_as_it_was() {
    let mut ctx = Context::new(0, 0);
    let left = ctx.new_unknown();
    let right = ctx.new_type(PyType::Int);
    ctx.push(left);
    ctx.push(right);
    let mut guard = UopInst::new(_GUARD_BOTH_INT, 0, 21);
    assert_eq!(guard_both_int(&mut ctx, &mut guard), Next::Continue);
    assert_eq!(guard.to_string(), "_GUARD_NOS_INT (0)");
    assert_eq!(guard.target, 21);
    assert_eq!(ctx.stack, [left, right]);
    assert_eq!(ctx.sym(left), &Sym::Type(PyType::Int));
}
