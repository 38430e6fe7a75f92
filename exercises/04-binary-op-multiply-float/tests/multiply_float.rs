//! Tests for exercise 04: results are right in every form, `x * y` on floats becomes
//! `BINARY_OP_MULTIPLY_FLOAT` on its second call, and an int operand deopts without changing
//! the result. The counter numbers are CPython 3.13's (warmup 1/1, cooldown 52/0 = 832).

use ex04_binary_op_multiply_float::{
    guard_both_float, specialize_binary_op, BinaryOpSite, Function, Instruction, NbOp, Opcode,
    Value,
};

use Value::{Float, Int};

/// `def f(x, y): return x <op> y`
fn binary(op: NbOp) -> Function {
    Function::new(
        2,
        2,
        vec![
            Instruction::LoadFast(0),
            Instruction::LoadFast(1),
            Instruction::BinaryOp(BinaryOpSite::new(op)),
            Instruction::ReturnValue,
        ],
    )
}

/// `def f(x, y): z = x * x; return z + y`: two sites that specialize independently.
fn square_plus() -> Function {
    Function::new(
        2,
        3,
        vec![
            Instruction::LoadFast(0),
            Instruction::LoadFast(0),
            Instruction::BinaryOp(BinaryOpSite::new(NbOp::Multiply)),
            Instruction::StoreFast(2),
            Instruction::LoadFast(2),
            Instruction::LoadFast(1),
            Instruction::BinaryOp(BinaryOpSite::new(NbOp::Add)),
            Instruction::ReturnValue,
        ],
    )
}

fn site(function: &Function) -> &BinaryOpSite {
    function.binary_op_sites()[0]
}

/// Calls `function` on `args` and checks the result.
fn check(function: &mut Function, args: &[Value], expected: Value) {
    let result = function.call(args);
    assert_eq!(
        result,
        Ok(expected),
        "{args:?} with\n{}",
        function.listing()
    );
}

#[test]
fn guard_both_float_accepts_only_two_floats() {
    assert_eq!(
        guard_both_float(&Float(1.5), &Float(-2.0)),
        Some((1.5, -2.0))
    );
    assert_eq!(guard_both_float(&Int(1), &Float(2.0)), None);
    assert_eq!(guard_both_float(&Float(1.0), &Int(2)), None);
    assert_eq!(guard_both_float(&Int(1), &Int(2)), None);
}

#[test]
fn the_decision_picks_multiply_float_for_two_floats_only() {
    let decide = |lhs, rhs| specialize_binary_op(NbOp::Multiply, &lhs, &rhs);
    assert_eq!(
        decide(Float(2.0), Float(3.0)),
        Some(Opcode::BinaryOpMultiplyFloat)
    );
    assert_eq!(decide(Int(2), Float(3.0)), None);
    assert_eq!(decide(Float(2.0), Int(3)), None);
    assert_eq!(decide(Int(2), Int(3)), None);
    // The worked examples are unchanged.
    let add = |lhs, rhs| specialize_binary_op(NbOp::Add, &lhs, &rhs);
    assert_eq!(add(Int(2), Int(3)), Some(Opcode::BinaryOpAddInt));
    assert_eq!(add(Float(2.0), Float(3.0)), Some(Opcode::BinaryOpAddFloat));
    assert_eq!(add(Int(2), Float(3.0)), None);
}

#[test]
fn multiplying_floats_is_right_in_every_form() {
    let mut product = binary(NbOp::Multiply);
    for i in 0..100 {
        let x = i as f64 * 0.5;
        check(&mut product, &[Float(x), Float(3.0)], Float(x * 3.0));
    }
    check(&mut product, &[Float(-0.0), Float(5.0)], Float(-0.0));
    check(
        &mut product,
        &[Float(1e308), Float(10.0)],
        Float(f64::INFINITY),
    );
}

#[test]
fn floats_specialize_to_multiply_float_on_the_second_call() {
    let mut product = binary(NbOp::Multiply);
    check(&mut product, &[Float(1.5), Float(2.0)], Float(3.0));
    // First call: the warmup counter (value 1) is counted down to 0; still generic.
    assert_eq!(site(&product).opcode, Opcode::BinaryOp);
    assert!(site(&product).counter.triggers());
    check(&mut product, &[Float(2.5), Float(4.0)], Float(10.0));
    // Second call: the counter read 0, the site specialized and got the cooldown counter.
    assert_eq!(site(&product).opcode, Opcode::BinaryOpMultiplyFloat);
    assert_eq!(site(&product).opcode.name(), "BINARY_OP_MULTIPLY_FLOAT");
    assert_eq!(site(&product).counter.as_counter, 832);
    assert_eq!(site(&product).attempts, 1);
    // The specialized form runs without touching the counter.
    for _ in 0..1000 {
        check(&mut product, &[Float(0.5), Float(0.5)], Float(0.25));
    }
    assert_eq!(site(&product).counter.as_counter, 832);
    assert_eq!(site(&product).deopts, 0);
}

#[test]
fn an_int_operand_deopts_and_still_gets_the_right_answer() {
    let mut product = binary(NbOp::Multiply);
    check(&mut product, &[Float(1.0), Float(1.0)], Float(1.0));
    check(&mut product, &[Float(1.0), Float(1.0)], Float(1.0));
    assert_eq!(site(&product).opcode, Opcode::BinaryOpMultiplyFloat);
    // int * float: the guard fails, the generic path computes a float and counts down.
    check(&mut product, &[Int(2), Float(3.5)], Float(7.0));
    check(&mut product, &[Float(3.5), Int(2)], Float(7.0));
    // int * int: the generic path keeps ints exact.
    check(&mut product, &[Int(6), Int(7)], Int(42));
    assert_eq!(site(&product).deopts, 3);
    assert_eq!(site(&product).opcode, Opcode::BinaryOpMultiplyFloat);
    assert_eq!(site(&product).counter.value(), 52 - 3);
}

#[test]
fn after_52_deopts_the_53rd_reconsiders() {
    let mut product = binary(NbOp::Multiply);
    check(&mut product, &[Float(1.0), Float(1.0)], Float(1.0));
    check(&mut product, &[Float(1.0), Float(1.0)], Float(1.0));
    for n in 1..=52 {
        check(&mut product, &[Int(n), Int(2)], Int(2 * n));
        assert_eq!(
            site(&product).opcode,
            Opcode::BinaryOpMultiplyFloat,
            "call {n}"
        );
    }
    assert!(site(&product).counter.triggers());
    // The 53rd int call tries again; int * int has no form here, so the site goes generic and
    // backs off from the cooldown's backoff 0: value 1, backoff 1, advanced once to 0.
    check(&mut product, &[Int(5), Int(5)], Int(25));
    assert_eq!(site(&product).opcode, Opcode::BinaryOp);
    assert_eq!(site(&product).attempts, 2);
    assert_eq!(site(&product).counter.backoff(), 1);
    // So the very next call tries again, and floats win the site back.
    check(&mut product, &[Float(2.0), Float(2.0)], Float(4.0));
    assert_eq!(site(&product).opcode, Opcode::BinaryOpMultiplyFloat);
    assert_eq!(site(&product).attempts, 3);
}

#[test]
fn ints_never_specialize_multiply_and_back_off() {
    let mut product = binary(NbOp::Multiply);
    let mut attempts_at = Vec::new();
    for n in 1..=60 {
        let before = site(&product).attempts;
        check(&mut product, &[Int(n), Int(3)], Int(3 * n));
        if site(&product).attempts > before {
            attempts_at.push(n);
        }
    }
    // The schedule of exercise 03.
    assert_eq!(attempts_at, [2, 5, 12, 27, 58]);
    assert_eq!(site(&product).opcode, Opcode::BinaryOp);
}

#[test]
fn add_forms_still_work_next_to_multiply() {
    let mut function = square_plus();
    for i in 0..10 {
        let x = i as f64;
        check(&mut function, &[Float(x), Float(0.25)], Float(x * x + 0.25));
    }
    let forms: Vec<_> = function
        .binary_op_sites()
        .iter()
        .map(|s| s.opcode)
        .collect();
    assert_eq!(
        forms,
        [Opcode::BinaryOpMultiplyFloat, Opcode::BinaryOpAddFloat]
    );

    let mut sum = binary(NbOp::Add);
    check(&mut sum, &[Int(1), Int(2)], Int(3));
    check(&mut sum, &[Int(40), Int(2)], Int(42));
    assert_eq!(site(&sum).opcode, Opcode::BinaryOpAddInt);
}
