//! Exercise 08, one rule at a time, on a small executor you can work out by hand.
//! `real_traces.rs` then compiles the executors the project's JIT compiled.

use ex08_trace_layout::{
    assemble, hole_value, layout, slow_paths, AssembleError, Executor, Hole, HoleKind, Stencil,
    Symbol, UopInst, Value,
};

fn uop(name: &str, stencil: &str, jump_target: usize, error_target: usize) -> UopInst {
    UopInst {
        name: name.to_string(),
        stencil: stencil.to_string(),
        jump_target,
        error_target,
        ..UopInst::default()
    }
}

/// A loop of four uops and two stubs.
fn small() -> Executor {
    let mut set_ip = uop("_SET_IP", "set_ip", 0, 0);
    set_ip.operand = 19;
    Executor {
        uops: vec![
            uop("_START_EXECUTOR", "check_validity", 4, 0), // 0
            uop("_TIER2_RESUME_CHECK", "nop", 4, 0),        // 1
            set_ip,                                         // 2
            uop("_JUMP_TO_TOP", "jump_to_top", 0, 0),       // 3
            uop("_DEOPT", "leave", 0, 0),                   // 4
            uop("_EXIT_TRACE", "leave", 0, 0),              // 5
        ],
        helper: 0x7f00_0000_1000,
        incref: 0x7f00_0000_3000,
        decref: 0x7f00_0000_4000,
        valid: 0x5500_0000_2000,
    }
}

fn hole(offset: usize, kind: HoleKind, symbol: Symbol) -> Hole {
    let addend = if kind == HoleKind::Rel32 { -4 } else { 0 };
    Hole {
        offset,
        kind,
        symbol,
        addend,
    }
}

/// Stencils shaped like the real ones (`cargo run -- jit --stencils`), trailing jumps stripped.
fn stencils() -> Vec<Stencil> {
    use HoleKind::*;
    let movabs = |reg: u8| vec![0x48, reg, 0, 0, 0, 0, 0, 0, 0, 0];
    let mut check = movabs(0xb8);
    check.extend([0x80, 0x38, 0x00, 0x0f, 0x84, 0, 0, 0, 0]); // cmp byte [rax], 0; je stub
    let mut set_ip = movabs(0xb8);
    set_ip.extend([0x48, 0x8b, 0x4f, 0x08, 0x48, 0x89, 0x01]); // mov rcx,[rdi+8]; mov [rcx],rax
    let mut leave = movabs(0xb8);
    leave.push(0xc3); // ret
    vec![
        Stencil {
            name: "check_validity".into(),
            code: check,
            holes: vec![
                hole(2, Abs64, Symbol::Valid),
                hole(15, Rel32, Symbol::JumpTarget),
            ],
        },
        Stencil {
            name: "nop".into(),
            code: vec![],
            holes: vec![],
        },
        Stencil {
            name: "set_ip".into(),
            code: set_ip,
            holes: vec![hole(2, Abs64, Symbol::Operand)],
        },
        Stencil {
            name: "jump_to_top".into(),
            code: vec![0x48, 0xff, 0x47, 0x10, 0xe9, 0, 0, 0, 0],
            holes: vec![hole(5, Rel32, Symbol::Top)],
        },
        Stencil {
            name: "leave".into(),
            code: leave,
            holes: vec![hole(2, Abs64, Symbol::Index)],
        },
    ]
}

#[test]
fn layout_is_a_running_sum_with_the_total_at_the_end() {
    assert_eq!(layout(&[]), [0]);
    assert_eq!(layout(&[24]), [0, 24]);
    assert_eq!(layout(&[24, 0, 58]), [0, 24, 24, 82]);
    assert_eq!(layout(&[24, 0, 48]), [0, 24, 24, 72]);
    assert_eq!(layout(&[19, 0, 17, 9, 11, 11]), [0, 19, 19, 36, 45, 56, 67]);
}

#[test]
fn value_holes_are_numbers() {
    let exec = small();
    assert_eq!(hole_value(Symbol::Index, 5, &exec), Value::Absolute(5));
    assert_eq!(hole_value(Symbol::Operand, 2, &exec), Value::Absolute(19));
    assert_eq!(
        hole_value(Symbol::Helper, 2, &exec),
        Value::Absolute(0x7f00_0000_1000)
    );
    assert_eq!(
        hole_value(Symbol::Valid, 0, &exec),
        Value::Absolute(0x5500_0000_2000)
    );
}

#[test]
fn continuations_name_the_uop_they_land_on() {
    let exec = small();
    assert_eq!(hole_value(Symbol::Continue, 0, &exec), Value::Uop(1));
    assert_eq!(hole_value(Symbol::Continue, 2, &exec), Value::Uop(3));
    assert_eq!(hole_value(Symbol::JumpTarget, 0, &exec), Value::Uop(4));
    // No stub: the jump is never taken and points at the start of the trace.
    assert_eq!(hole_value(Symbol::JumpTarget, 2, &exec), Value::Uop(0));
    assert_eq!(hole_value(Symbol::ErrorTarget, 2, &exec), Value::Uop(0));
    // The loop's top is uop 1: _START_EXECUTOR runs once per entry.
    assert_eq!(hole_value(Symbol::Top, 3, &exec), Value::Uop(1));
}

#[test]
fn assemble_copies_and_patches_every_stencil() {
    let code = assemble(&small(), &stencils()).expect("assembles");
    // check_validity at 0 (19 bytes), nop at 19 (0), set_ip at 19 (17), jump_to_top at 36
    // (9), leave at 45 and 56 (11 each): 67 bytes.
    assert_eq!(code.len(), 67);
    assert_eq!(code[2..10], 0x5500_0000_2000u64.to_le_bytes(), "&valid");
    // je to the _DEOPT stub at 45: 45 - 4 - 15 = 26.
    assert_eq!(code[15..19], 26i32.to_le_bytes(), "the stub");
    assert_eq!(code[21..29], 19u64.to_le_bytes(), "the operand");
    // jmp back to uop 1 at 19 from the hole at 41: 19 - 4 - 41 = -26.
    assert_eq!(code[41..45], (-26i32).to_le_bytes(), "the loop's top");
    assert_eq!(code[47..55], 4u64.to_le_bytes(), "stub 4 returns 4");
    assert_eq!(code[58..66], 5u64.to_le_bytes(), "stub 5 returns 5");
    assert_eq!(code[66], 0xc3);
}

#[test]
fn a_missing_stencil_is_an_error() {
    let mut exec = small();
    exec.uops[2].stencil = "helper".into();
    assert_eq!(
        assemble(&exec, &stencils()),
        Err(AssembleError::NoStencil {
            uop: 2,
            stencil: "helper".into()
        })
    );
}

#[test]
fn slow_paths_follow_the_hot_code_one_after_another() {
    assert_eq!(slow_paths(&[], 10, 48), []);
    assert_eq!(slow_paths(&[false, false], 10, 48), []);
    assert_eq!(
        slow_paths(&[false, true, true], 100, 48),
        [(1, 100), (2, 153)]
    );
    assert_eq!(
        slow_paths(&[true, false, true, false, true], 7, 10),
        [(0, 7), (2, 22), (4, 37)]
    );
}

#[test]
fn the_new_value_holes_are_numbers_too() {
    let mut exec = small();
    exec.uops[2].oparg = 3;
    exec.uops[2].constant = (5, 100);
    assert_eq!(hole_value(Symbol::Oparg, 2, &exec), Value::Absolute(3));
    assert_eq!(hole_value(Symbol::ConstTag, 2, &exec), Value::Absolute(5));
    assert_eq!(
        hole_value(Symbol::ConstPayload, 2, &exec),
        Value::Absolute(100)
    );
    assert_eq!(
        hole_value(Symbol::Incref, 2, &exec),
        Value::Absolute(0x7f00_0000_3000)
    );
    assert_eq!(
        hole_value(Symbol::Decref, 0, &exec),
        Value::Absolute(0x7f00_0000_4000)
    );
    assert_eq!(hole_value(Symbol::Slow, 2, &exec), Value::SlowPath(2));
}

#[test]
fn count_is_one_plus_the_fused_uops_after_it() {
    let mut exec = small();
    assert_eq!(hole_value(Symbol::Count, 2, &exec), Value::Absolute(1));
    exec.uops[2].stencil = "helper".into();
    exec.uops[3].stencil = "fused".into();
    exec.uops[4].stencil = "fused".into();
    assert_eq!(hole_value(Symbol::Count, 2, &exec), Value::Absolute(3));
    assert_eq!(hole_value(Symbol::Count, 5, &exec), Value::Absolute(1));
}

/// `small()` whose `_SET_IP` became an inline stencil with a slow path (`je _JIT_SLOW`),
/// and the helper stencil the slow path copies.
fn with_a_slow_path() -> (Executor, Vec<Stencil>) {
    use HoleKind::*;
    let mut exec = small();
    exec.uops[2].stencil = "guard".into();
    let mut stencils = stencils();
    stencils.push(Stencil {
        name: "guard".into(),
        // test rax, rax; je _JIT_SLOW
        code: vec![0x48, 0x85, 0xc0, 0x0f, 0x84, 0, 0, 0, 0],
        holes: vec![hole(5, Rel32, Symbol::Slow)],
    });
    let mut helper = vec![0x48, 0xbe, 0, 0, 0, 0, 0, 0, 0, 0]; // movabs rsi, index
    helper.extend([0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0]); // movabs rax, helper
    helper.extend([0xff, 0xd0]); // call rax
    stencils.push(Stencil {
        name: "helper".into(),
        code: helper,
        holes: vec![
            hole(2, Abs64, Symbol::Index),
            hole(12, Abs64, Symbol::Helper),
        ],
    });
    (exec, stencils)
}

#[test]
fn assemble_puts_the_slow_path_after_the_hot_code() {
    let (exec, stencils) = with_a_slow_path();
    let code = assemble(&exec, &stencils).expect("assembles");
    // Hot: check_validity 0 (19), nop 19, guard 19 (9), jump_to_top 28 (9), leave 37 and 48
    // (11 each): 59 bytes. Then the slow path of uop 2: helper (22) + jmp (5) = 86 bytes.
    assert_eq!(code.len(), 86);
    // je to the slow path at 59, from the hole at 24: 59 - 4 - 24 = 31.
    assert_eq!(code[24..28], 31i32.to_le_bytes(), "je _JIT_SLOW");
    assert_eq!(code[61..69], 2u64.to_le_bytes(), "the slow path runs uop 2");
    assert_eq!(
        code[71..79],
        0x7f00_0000_1000u64.to_le_bytes(),
        "the helper"
    );
    // jmp back to uop 3 at 28, from the hole at 82: 28 - 4 - 82 = -58.
    assert_eq!(code[81], 0xe9, "jmp rel32");
    assert_eq!(code[82..86], (-58i32).to_le_bytes(), "back to uop 3");
}

#[test]
fn a_slow_path_needs_the_helper_stencil() {
    let (exec, mut stencils) = with_a_slow_path();
    stencils.retain(|s| s.name != "helper");
    assert_eq!(
        assemble(&exec, &stencils),
        Err(AssembleError::NoStencil {
            uop: 2,
            stencil: "helper".into()
        })
    );
}
